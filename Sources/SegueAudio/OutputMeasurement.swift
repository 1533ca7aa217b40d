import Foundation

/// What a render measures of exactly the samples it wrote: integrated loudness and range (`KWeightedMeter`), true
/// and sample peak, DC offset, and the longest silence.
struct OutputMeasurement {
    /// The figures of a whole output.
    struct Figures {
        var loudness: Double
        var loudnessRange: Double
        var peakDBFS: Double
        var truePeakDBTP: Double
        var dcOffset: Double
        var longestSilence: Double
        var frames: Int
    }

    let sampleRate: Int
    private var meter: KWeightedMeter
    private var truePeak = TruePeakMeter(channels: 2)
    /// Silence: both channels under −60 dBFS.
    private let quiet = Float(pow(10, -60.0 / 20))
    private var sums = (0.0, 0.0)
    private var frames = 0
    private var samplePeak: Float = 0
    private var silentRun = 0
    private var longestRun = 0

    init(sampleRate: Int) {
        self.sampleRate = sampleRate
        meter = KWeightedMeter(sampleRate: sampleRate)
    }

    /// Adds interleaved stereo frames.
    mutating func add(_ samples: UnsafeBufferPointer<Float>) {
        meter.add(samples)
        truePeak.add(samples)
        var left = 0.0, right = 0.0
        for frame in 0..<(samples.count / 2) {
            let l = samples[2 * frame], r = samples[2 * frame + 1]
            left += Double(l)
            right += Double(r)
            let loudest = max(abs(l), abs(r))
            samplePeak = max(samplePeak, loudest)
            if loudest < quiet {
                silentRun += 1
                longestRun = max(longestRun, silentRun)
            } else {
                silentRun = 0
            }
        }
        sums.0 += left
        sums.1 += right
        frames += samples.count / 2
    }

    var figures: Figures {
        let count = Double(max(frames, 1))
        return Figures(
            loudness: meter.integratedLoudness, loudnessRange: meter.loudnessRange,
            peakDBFS: 20 * log10(max(Double(samplePeak), 1e-9)),
            truePeakDBTP: 20 * log10(max(Double(truePeak.peak), 1e-9)),
            dcOffset: max(abs(sums.0), abs(sums.1)) / count,
            longestSilence: Double(longestRun) / Double(sampleRate), frames: frames)
    }
}
