import Foundation

/// A music file format the library imports, known by the file's extension.
public enum MusicFileFormat: String, Sendable, Codable, CaseIterable {
    case mp3, flac, oggVorbis = "ogg", opus, m4a, wav

    /// The format a file's extension names (case-insensitive); nil for anything else.
    public init?(url: URL) {
        switch url.pathExtension.lowercased() {
        case "mp3": self = .mp3
        case "flac": self = .flac
        case "ogg", "oga": self = .oggVorbis
        case "opus": self = .opus
        case "m4a", "mp4", "m4b": self = .m4a
        case "wav": self = .wav
        default: return nil
        }
    }

    /// Whether libsndfile decodes the audio, so `AudioAnalyzer` can measure it: everything but M4A (AAC).
    public var isDecodable: Bool { self != .m4a }
}

extension MusicFileFormat {
    /// The format's usual name, for messages: "Ogg Vorbis".
    public var displayName: String {
        switch self {
        case .mp3: "MP3"
        case .flac: "FLAC"
        case .oggVorbis: "Ogg Vorbis"
        case .opus: "Opus"
        case .m4a: "M4A"
        case .wav: "WAV"
        }
    }
}
