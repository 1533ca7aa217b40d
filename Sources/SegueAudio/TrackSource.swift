import Foundation
import SegueCore

/// Streams an audio file as interleaved stereo at the mix rate: decoded, resampled and channel-mapped.
public final class TrackSource {
    public let url: URL
    public let outputRate: Int
    private let reader: AudioFileReader
    private let resampler: Resampler?
    private var pending: [Float] = []
    private var finished = false

    /// Opens `url` for streaming at `outputRate`, stereo.
    public init(url: URL, outputRate: Int) throws(SoundFileError) {
        self.url = url
        self.outputRate = outputRate
        reader = try AudioFileReader(url: url)
        resampler =
            reader.sampleRate == outputRate ? nil : try Resampler(from: reader.sampleRate, to: outputRate, channels: 2)
    }

    /// Length in seconds as the file header reports it.
    public var nominalDuration: Double { Double(reader.frameCount) / Double(reader.sampleRate) }

    /// Reads up to `frames` stereo frames; fewer only at the end of the stream.
    public func read(frames: Int) throws(SoundFileError) -> [Float] {
        while pending.count < frames * 2 && !finished {
            let decoded = try reader.read(frames: 8192)
            if decoded.isEmpty {
                finished = true
                if let resampler { pending += try resampler.flush() }
            } else {
                let stereo = Self.stereo(decoded, channels: reader.channels)
                pending += try resampler?.process(stereo) ?? stereo
            }
        }
        let count = min(frames * 2, pending.count)
        let block = Array(pending[0..<count])
        pending.removeFirst(count)
        return block
    }

    /// Measures the whole stream: its loudness, peak and exact length at the output rate.
    public static func analyse(url: URL, outputRate: Int) throws(SoundFileError) -> TrackAnalysis {
        let source = try TrackSource(url: url, outputRate: outputRate)
        let meter = try LoudnessMeter(sampleRate: outputRate, channels: 2)
        var frames = 0
        while true {
            let block = try source.read(frames: 65_536)
            if block.isEmpty { break }
            try meter.add(block)
            frames += block.count / 2
        }
        guard frames > 0 else { throw SoundFileError(.unreadable, path: url.path, message: "no audio frames decoded") }
        return TrackAnalysis(
            frames: frames, sampleRate: outputRate, loudness: meter.integratedLoudness, peak: meter.samplePeak)
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
