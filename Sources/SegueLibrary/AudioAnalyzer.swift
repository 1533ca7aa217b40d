import Foundation
import SegueAudio
import SegueCore

/// Analyses a music file once: it is decoded in one pass (libsndfile: WAV, FLAC, Ogg Vorbis, Opus, MP3) that feeds
/// every measurement (see `AudioFeatures`). Safe to use from many threads at once, one file each.
public struct AudioAnalyzer: Sendable {
    /// Tempi are reported in this range: a tempo outside it is doubled or halved until it falls inside (a tempo and
    /// its double are one to a DJ, and beat trackers confuse them).
    public let tempoRange: Range<Double>

    /// An analyser reporting tempi in `tempoRange` (78–156 BPM by default, where 174 BPM drum and bass reads 87).
    public init(tempoRange: Range<Double> = 78..<156) {
        self.tempoRange =
            tempoRange.lowerBound > 0 && tempoRange.upperBound >= 2 * tempoRange.lowerBound
            ? tempoRange : 78..<156
    }

    /// Decodes the file at `url` once and measures it.
    /// - Throws: `LibraryError` naming the file: `.notFound`, `.notARegularFile` (a FIFO or device is refused
    ///   before it is opened), `.unreadable`, `.emptyFile`, `.undecodable` (M4A: no AAC decoder), `.notAudio`,
    ///   `.corrupt` (decoding fails, or no frames), `.truncated`, `.silent` or `.analysisFailed`.
    public func analyse(_ url: URL) throws(LibraryError) -> AudioFeatures {
        let path = url.path
        let size = try FileCheck.size(of: url)
        if MusicFileFormat(url: url) == .m4a {
            throw LibraryError(.undecodable, path: path, message: "M4A audio cannot be decoded yet (no AAC decoder)")
        }
        let reader: AudioFileReader
        do {
            reader = try AudioFileReader(url: url)
        } catch {
            guard error.code != .notFound else { throw LibraryError(.notFound, path: path, message: "no such file") }
            // libsndfile answers an MP3 name over something else with "File does not exist or is not a regular
            // file"; the file was checked above, so that reason would mislead.
            let message =
                error.message.contains("regular file")
                ? "not a readable audio file (no audio frames found)" : error.message
            throw LibraryError(.notAudio, path: path, message: message)
        }
        let pass = try AnalysisPass(
            sampleRate: reader.sampleRate, channels: reader.channels, path: path, tempoRange: tempoRange)
        while true {
            let block: [Float]
            do {
                block = try reader.read(frames: 32_768)
            } catch {
                throw LibraryError(.corrupt, path: path, message: error.message)
            }
            if block.isEmpty { break }
            try pass.add(block)
        }
        guard pass.frames > 0 else {
            throw LibraryError(.corrupt, path: path, message: "no audio frames could be decoded")
        }
        // libsndfile takes a WAV file's length from its size; its header says how long it was.
        if MusicFileFormat(url: url) == .wav, let header = WAVHeader(url: url),
            header.dataOffset + header.dataBytes > size + header.frameBytes
        {
            throw LibraryError(
                .truncated, path: path,
                message: String(
                    format: "truncated (%.1f s of audio where its header declares %.1f s)",
                    Double(pass.frames) / Double(reader.sampleRate), header.declaredSeconds))
        }
        // The header's length is exact for FLAC; for MP3 it comes from the Xing frame, or is estimated from the
        // first frame's bit rate when there is none, hence the wider margin (Ogg has none: a cut Ogg file reads as a
        // shorter one). A file that ends well before it has lost its end.
        let expected = reader.frameCount
        let margin =
            MusicFileFormat(url: url) == .mp3
            ? max(5 * reader.sampleRate, expected / 10) : max(reader.sampleRate / 2, expected / 50)
        if expected > 0, expected < Int.max / 2, pass.frames < expected - margin {
            let rate = Double(reader.sampleRate)
            throw LibraryError(
                .truncated, path: path,
                message: String(
                    format: "truncated or corrupt (decoding stops at %.1f s of the %.1f s its header declares)",
                    Double(pass.frames) / rate, Double(expected) / rate))
        }
        return try pass.finish()
    }

    /// Measures audio already in memory; `name` stands for the file in errors.
    /// - Throws: `LibraryError`: `.corrupt` for an empty buffer, `.silent`, `.analysisFailed`.
    public func analyse(_ buffer: AudioBuffer, name: String = "audio") throws(LibraryError) -> AudioFeatures {
        guard buffer.sampleRate > 0, buffer.channels > 0, buffer.frameCount > 0 else {
            throw LibraryError(.corrupt, path: name, message: "no audio frames")
        }
        let pass = try AnalysisPass(
            sampleRate: buffer.sampleRate, channels: buffer.channels, path: name, tempoRange: tempoRange)
        let block = 32_768 * buffer.channels
        var start = 0
        while start < buffer.frameCount * buffer.channels {
            let end = min(start + block, buffer.frameCount * buffer.channels)
            try pass.add(Array(buffer.samples[start..<end]))
            start = end
        }
        return try pass.finish()
    }

    /// Energy from 0 to 1: 0.1 + 0.75 × (L + D) / 2, where L = (loudness + 28) / 20 (−28 LUFS is 0, −8 LUFS is 1)
    /// and D = onsets per second of sound / 3.5 (aubio's modified Kullback–Leibler detector, which steady tones and
    /// noise do not trigger), each clamped to 0…1, so energy runs from 0.1 to 0.85. Quiet ambient music (−24 LUFS, an
    /// onset every few seconds) scores about 0.2; dense, loud dance music (−10 LUFS, kicks and hats: 3.5 onsets a
    /// second or more) about 0.8.
    public static func energy(loudness: Double, onsetsPerSecond: Double) -> Double {
        let level = loudness.isFinite ? min(1, max(0, (loudness + 28) / 20)) : 0
        let density = onsetsPerSecond.isFinite ? min(1, max(0, onsetsPerSecond / 3.5)) : 0
        return 0.1 + 0.75 * (level + density) / 2
    }

    /// `bpm` doubled or halved into `range` (whose upper bound is at least twice its lower).
    static func fold(_ bpm: Double, into range: Range<Double>) -> Double? {
        guard bpm.isFinite, bpm > 0 else { return nil }
        var value = bpm
        while value < range.lowerBound { value *= 2 }
        while value >= range.upperBound { value /= 2 }
        return value
    }
}
