/// What a render measured.
public struct MixReport: Sendable, Equatable {
    public var frames: Int
    public var sampleRate: Int
    /// Integrated loudness of the output, LUFS.
    public var loudness: Double
    /// Sample peak of the output, dBFS.
    public var peakDBFS: Double
    /// Gain applied after the mix to reach the target loudness, dB.
    public var correctionDB: Double
    /// True (inter-sample) peak of the output, dBTP (libebur128, 4× oversampled).
    public var truePeakDBTP: Double = -.infinity
    /// Loudness range of the output, LU.
    public var loudnessRange: Double = 0
    /// Largest mean sample value of a channel (DC offset), linear.
    public var dcOffset: Double = 0
    /// Longest stretch below −60 dBFS in both channels, seconds.
    public var longestSilence: Double = 0
    /// Every talk span: the voice's loudness over the ducked music's under it, LU (libebur128, K-weighted).
    public var speechOverMusic: [TalkSpanLevel] = []

    public var duration: Double { Double(frames) / Double(sampleRate) }
}

/// How far a talk span's voice stands above the ducked music under it.
public struct TalkSpanLevel: Sendable, Codable, Equatable {
    public var lineID: String
    /// Voice loudness minus music loudness over the span, LU.
    public var speechOverMusic: Double
    /// How far the music was ducked under this line, dB: the setting, or deeper where the music would otherwise
    /// stand closer than `MixSettings.speechOverMusic` to the voice.
    public var duckDB: Double

    public init(lineID: String, speechOverMusic: Double, duckDB: Double) {
        self.lineID = lineID
        self.speechOverMusic = speechOverMusic
        self.duckDB = duckDB
    }

    enum CodingKeys: String, CodingKey {
        case lineID = "line_id"
        case speechOverMusic = "speech_over_music_db"
        case duckDB = "duck_db"
    }
}
