import SegueCore

/// Measures a stream's `LoudnessProfile` (K-weighted energy and peak per 100 ms block) with libebur128, with its
/// integrated loudness and sample peak, however the stream is cut into calls.
public final class LoudnessProfiler {
    public let sampleRate: Int
    private let meter: LoudnessMeter
    private let blockFrames: Int
    private var fill = 0
    private var blockPeak: Float = 0
    private var energies: [Float] = []
    private var peaks: [Float] = []

    /// A profiler for interleaved stereo at `sampleRate`.
    public init(sampleRate: Int) throws(SoundFileError) {
        self.sampleRate = sampleRate
        meter = try LoudnessMeter(sampleRate: sampleRate, channels: 2)
        blockFrames = max(1, Int((Double(sampleRate) * LoudnessProfile.blockSeconds).rounded()))
    }

    /// Adds interleaved stereo frames.
    public func add(_ samples: UnsafeBufferPointer<Float>) throws(SoundFileError) {
        var frame = 0
        let frames = samples.count / 2
        while frame < frames {
            let take = min(blockFrames - fill, frames - frame)
            let part = UnsafeBufferPointer(rebasing: samples[(2 * frame)..<(2 * (frame + take))])
            try meter.add(part)
            for value in part { blockPeak = max(blockPeak, abs(value)) }
            fill += take
            frame += take
            if fill == blockFrames { closeBlock() }
        }
    }

    private func closeBlock() {
        let loudness = meter.loudness(ofLast: fill * 1000 / sampleRate)
        energies.append(loudness.isFinite ? Float(LoudnessProfile.energy(ofLoudness: loudness)) : 0)
        peaks.append(blockPeak)
        fill = 0
        blockPeak = 0
    }

    /// The profile so far; a last block at least half full counts.
    public var profile: LoudnessProfile {
        var result = LoudnessProfile(energies: energies, peaks: peaks)
        if fill * 2 >= blockFrames {
            let loudness = meter.loudness(ofLast: fill * 1000 / sampleRate)
            result.energies.append(loudness.isFinite ? Float(LoudnessProfile.energy(ofLoudness: loudness)) : 0)
            result.peaks.append(blockPeak)
        }
        return result
    }

    /// Integrated loudness so far, LUFS.
    public var integratedLoudness: Double { meter.integratedLoudness }
    /// Sample peak so far, linear.
    public var samplePeak: Double { meter.samplePeak }

    /// The profile of a whole buffer (made stereo first).
    public static func profile(of buffer: AudioBuffer) throws(SoundFileError) -> LoudnessProfile {
        let profiler = try LoudnessProfiler(sampleRate: buffer.sampleRate)
        let stereo = TrackSource.stereo(buffer.samples, channels: buffer.channels)
        try stereo.withUnsafeBufferPointer { (samples) throws(SoundFileError) in try profiler.add(samples) }
        return profiler.profile
    }
}
