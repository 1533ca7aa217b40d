/// What a pass over a track's audio found: its exact length at the mix rate, its loudness and peak.
public struct TrackAnalysis: Sendable, Codable, Equatable {
    /// Exact stereo frames at `sampleRate`.
    public var frames: Int
    public var sampleRate: Int
    /// Integrated loudness in LUFS (-infinity for silence).
    public var loudness: Double
    /// Sample peak, linear.
    public var peak: Double
    /// Loudness block by block, when the analysis measured it (kept in memory, not in plan files).
    public var profile: LoudnessProfile? = nil
    /// Where the track plays from and to, from its profile (nil: the whole file).
    public var cue: TrackCue? = nil

    public init(frames: Int, sampleRate: Int, loudness: Double, peak: Double) {
        self.frames = frames
        self.sampleRate = sampleRate
        self.loudness = loudness
        self.peak = peak
    }

    /// Two analyses are equal when they measured the same; the profile is the detail behind the figures and is not
    /// saved with them.
    public static func == (lhs: TrackAnalysis, rhs: TrackAnalysis) -> Bool {
        lhs.frames == rhs.frames && lhs.sampleRate == rhs.sampleRate && lhs.loudness == rhs.loudness
            && lhs.peak == rhs.peak && lhs.cue == rhs.cue
    }

    /// Length in seconds as cued (the whole file when there is no cue).
    public var playingLength: Double { cue?.length ?? duration }

    /// Length in seconds.
    public var duration: Double { sampleRate > 0 ? Double(frames) / Double(sampleRate) : 0 }

    enum CodingKeys: String, CodingKey {
        case frames
        case sampleRate = "sample_rate"
        case loudness = "loudness_lufs"
        case peak
        case cue
    }
}
