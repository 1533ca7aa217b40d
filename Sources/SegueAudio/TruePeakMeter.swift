import Foundation

/// True peak (ITU-R BS.1770-4 Annex 2): the largest absolute value of the signal oversampled 4×, with the same
/// 49-tap Hann-windowed sinc interpolator libebur128 uses, so the two agree.
///
/// libebur128 oversamples every sample, which costs more than all the rest of an analysis; this meter interpolates
/// only where the peak can be. An interpolated value is at most `gainBound` times the largest sample around it, so a
/// run of 16 samples whose neighbourhood stays under the peak found so far divided by `gainBound` cannot hold a
/// higher one and is skipped. In loud music that leaves a few runs in a hundred.
public struct TruePeakMeter {
    /// Interpolator taps and oversampling factor (libebur128's `interp_create(49, 4, …)`).
    static let taps = 49
    static let factor = 4
    /// Input samples each interpolated value reads.
    static let reach = 12

    /// The three fractional phases' coefficients, one lane each: phase `f` (1...3) at step `n` is lane `f - 1` of the
    /// sum over `t` of `coefficients[t] * x[n - t]`. (Phase 0 is the sample itself, 6 steps late.)
    static let coefficients: [SIMD4<Float>] = {
        var result = [SIMD4<Float>](repeating: .zero, count: reach)
        for tap in 0..<taps where tap % factor != 0 {
            let m = Double(tap) - Double(taps - 1) / 2
            let sinc = sin(m * .pi / Double(factor)) / (m * .pi / Double(factor))
            let hann = 0.5 * (1 - cos(2 * .pi * Double(tap) / Double(taps - 1)))
            result[tap / factor][tap % factor - 1] = Float(sinc * hann)
        }
        return result
    }()

    /// The largest sum of absolute coefficients of a phase: no interpolated value exceeds it times the largest
    /// sample it reads.
    static let gainBound: Float = {
        let sums = coefficients.reduce(SIMD4<Float>.zero) { $0 + pointwiseMax($1, -$1) }
        return max(sums[0], sums[1], sums[2])
    }()

    private static let run = 16

    public let channels: Int
    /// The largest absolute value so far, linear.
    public private(set) var peak: Float = 0
    /// The last `reach` samples of each channel.
    private var history: [[Float]]
    private var scratch: [Float] = []
    private var runPeaks: [Float] = []

    public init(channels: Int) {
        self.channels = channels
        history = Array(repeating: [Float](repeating: 0, count: Self.reach), count: channels)
    }

    /// Adds interleaved frames.
    public mutating func add(_ samples: UnsafeBufferPointer<Float>) {
        let frames = samples.count / channels
        guard frames > 0 else { return }
        let reach = Self.reach
        let run = Self.run
        let length = reach + frames
        if scratch.count < length { scratch = [Float](repeating: 0, count: length) }
        let runs = (length + run - 1) / run
        if runPeaks.count < runs { runPeaks = [Float](repeating: 0, count: runs) }
        var peak = self.peak
        for channel in 0..<channels {
            scratch.withUnsafeMutableBufferPointer { x in
                runPeaks.withUnsafeMutableBufferPointer { runPeaks in
                    // This channel alone, after the samples of the last call that the first values still read, with
                    // the sample peak of every run of 16.
                    history[channel].withUnsafeMutableBufferPointer { kept in
                        for index in 0..<reach { x[index] = kept[index] }
                        for frame in 0..<frames { x[reach + frame] = samples[frame * channels + channel] }
                        for index in 0..<reach { kept[index] = x[frames + index] }
                    }
                    for index in 0..<runs {
                        var highest: Float = 0
                        for sample in (index * run)..<min(length, (index + 1) * run) {
                            highest = max(highest, abs(x[sample]))
                        }
                        runPeaks[index] = highest
                        peak = max(peak, highest)
                    }
                    Self.coefficients.withUnsafeBufferPointer { c in
                        for index in 0..<runs {
                            // Values in this run read samples back to `reach` before it: this run and the last.
                            let around = max(runPeaks[index], index > 0 ? runPeaks[index - 1] : 0)
                            guard around * Self.gainBound > peak else { continue }
                            for step in max(reach, index * run)..<min(length, (index + 1) * run) {
                                var sum = SIMD4<Float>.zero
                                for t in 0..<reach { sum += c[t] * x[step - t] }
                                // Lane by lane: the generic SIMD reductions are calls, not inlined.
                                peak = max(peak, abs(sum[0]), abs(sum[1]), abs(sum[2]), abs(sum[3]))
                            }
                        }
                    }
                }
            }
        }
        self.peak = peak
    }
}
