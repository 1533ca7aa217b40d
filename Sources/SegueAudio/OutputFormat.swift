/// The file a session is rendered to: WAV at 16 or 24 bits or in float, FLAC at 16 or 24 bits, or a lossy codec.
public enum OutputFormat: String, Sendable, Equatable, CaseIterable, Codable {
    /// WAV, 16-bit PCM (the default); RF64 past 4 GB.
    case wav16
    /// WAV, 24-bit PCM; RF64 past 4 GB.
    case wav24
    /// WAV, 32-bit float; RF64 past 4 GB.
    case wav32f
    /// FLAC, 16-bit.
    case flac
    /// FLAC, 24-bit.
    case flac24
    /// Ogg Vorbis, VBR (about 160 kbit/s for music).
    case ogg
    /// Ogg Opus (about 160 kbit/s); 48 kHz only.
    case opus
    /// MP3, VBR (LAME's V2).
    case mp3

    /// The audio file's extension: `wav`, `flac`, `ogg`, `opus` or `mp3`.
    public var fileExtension: String {
        switch self {
        case .wav16, .wav24, .wav32f: "wav"
        case .flac, .flac24: "flac"
        case .ogg: "ogg"
        case .opus: "opus"
        case .mp3: "mp3"
        }
    }

    /// How libsndfile writes it.
    public var encoding: AudioFileWriter.Encoding {
        switch self {
        case .wav16: .pcm16
        case .wav24: .pcm24
        case .wav32f: .float32
        case .flac: .flac
        case .flac24: .flac24
        case .ogg: .oggVorbis
        case .opus: .opus
        case .mp3: .mp3
        }
    }

    /// Whether the codec drops information (and adds padding at the ends).
    public var isLossy: Bool { self == .ogg || self == .opus || self == .mp3 }

    /// The one sample rate the format takes (Opus: 48000), or nil for any the mixer renders.
    public var requiredSampleRate: Int? { self == .opus ? 48_000 : nil }
}
