import Foundation
import SegueCore

/// Streams an audio file as interleaved stereo at the mix rate: decoded, resampled and channel-mapped.
public final class TrackSource {
    public let url: URL
    public let outputRate: Int
    private let reader: AudioFileReader
    private let resampler: Resampler?
    /// Decoded frames in the file's layout, reused from read to read.
    private var decoded: [Float]
    /// Stereo at the output rate not yet read.
    private var pending = PendingFrames()
    private var finished = false

    /// Frames decoded at a time.
    static let decodeFrames = 8192

    /// Opens `url` for streaming at `outputRate`, stereo, from `start` seconds into the file; with `resampling` off,
    /// at the file's own rate (`sourceRate`).
    public init(
        url: URL, outputRate: Int, startingAt start: Double = 0, resampling: Bool = true
    ) throws(SoundFileError) {
        self.url = url
        reader = try AudioFileReader(url: url)
        self.outputRate = resampling ? outputRate : reader.sampleRate
        resampler =
            reader.sampleRate == self.outputRate
            ? nil : try Resampler(from: reader.sampleRate, to: outputRate, channels: 2)
        decoded = [Float](repeating: 0, count: Self.decodeFrames * reader.channels)
        if start > 0 { try reader.seek(toFrame: min(Int(start * Double(reader.sampleRate)), reader.frameCount)) }
    }

    /// The file's own sample rate.
    public var sourceRate: Int { reader.sampleRate }

    /// Length in seconds as the file header reports it.
    public var nominalDuration: Double { Double(reader.frameCount) / Double(reader.sampleRate) }

    /// Reads up to `frames` stereo frames; fewer only at the end of the stream.
    public func read(frames: Int) throws(SoundFileError) -> [Float] {
        var block = [Float](repeating: 0, count: frames * 2)
        let got = try block.withUnsafeMutableBufferPointer { (block) throws(SoundFileError) in try read(into: block) }
        block.removeLast(block.count - got * 2)
        return block
    }

    /// Fills `destination` with stereo frames; returns the frames written, fewer than it holds only at the end.
    public func read(into destination: UnsafeMutableBufferPointer<Float>) throws(SoundFileError) -> Int {
        try pending.read(into: destination) { (samples) throws(SoundFileError) in try decode(into: &samples) }
    }

    /// Decodes the next block into `samples`; false once the stream is over.
    private func decode(into samples: inout [Float]) throws(SoundFileError) -> Bool {
        guard !finished else { return false }
        let channels = reader.channels
        let got = try decoded.withUnsafeMutableBufferPointer { (buffer) throws(SoundFileError) in
            try reader.read(into: buffer)
        }
        guard got > 0 else {
            finished = true
            try resampler?.flush(appendingTo: &samples)
            return true
        }
        try decoded.withUnsafeBufferPointer { (input) throws(SoundFileError) in
            let block = UnsafeBufferPointer(rebasing: input[0..<(got * channels)])
            if channels == 2 {
                if let resampler {
                    try resampler.process(block, appendingTo: &samples)
                } else {
                    samples.append(contentsOf: block)
                }
            } else {
                let stereo = Self.stereo(Array(block), channels: channels)
                if let resampler {
                    try stereo.withUnsafeBufferPointer { (stereo) throws(SoundFileError) in
                        try resampler.process(stereo, appendingTo: &samples)
                    }
                } else {
                    samples.append(contentsOf: stereo)
                }
            }
        }
        return true
    }

    /// Measures the whole stream: its loudness, peak, exact length at the output rate and 100 ms loudness profile.
    public static func analyse(url: URL, outputRate: Int) throws(SoundFileError) -> TrackAnalysis {
        let source = try TrackSource(url: url, outputRate: outputRate)
        let profiler = try LoudnessProfiler(sampleRate: outputRate)
        var block = [Float](repeating: 0, count: 65_536 * 2)
        var frames = 0
        while true {
            let got = try block.withUnsafeMutableBufferPointer { (block) throws(SoundFileError) in
                let got = try source.read(into: block)
                try profiler.add(UnsafeBufferPointer(rebasing: block[0..<(2 * got)]))
                return got
            }
            frames += got
            if got < 65_536 { break }
        }
        guard frames > 0 else { throw SoundFileError(.unreadable, path: url.path, message: "no audio frames decoded") }
        var analysis = TrackAnalysis(
            frames: frames, sampleRate: outputRate, loudness: profiler.integratedLoudness, peak: profiler.samplePeak)
        let profile = profiler.profile
        analysis.profile = profile
        analysis.cue = TrackCue(profile: profile, loudness: analysis.loudness, duration: analysis.duration)
        return analysis
    }

    /// Maps any channel layout to stereo: mono is duplicated, more than two channels are folded down.
    static func stereo(_ samples: [Float], channels: Int) -> [Float] {
        if channels == 2 { return samples }
        let frames = samples.count / channels
        var out = [Float](repeating: 0, count: frames * 2)
        for frame in 0..<frames {
            if channels == 1 {
                out[2 * frame] = samples[frame]
                out[2 * frame + 1] = samples[frame]
            } else {
                var left: Float = 0
                var right: Float = 0
                for channel in 0..<channels {
                    let value = samples[frame * channels + channel]
                    if channel % 2 == 0 { left += value } else { right += value }
                }
                let scale = 2 / Float(channels)
                out[2 * frame] = left * scale
                out[2 * frame + 1] = right * scale
            }
        }
        return out
    }
}
