/// What a pass over a track's audio found: its exact length at the mix rate, its loudness and peak.
public struct TrackAnalysis: Sendable, Codable, Equatable {
    /// Exact stereo frames at `sampleRate`.
    public var frames: Int
    public var sampleRate: Int
    /// Integrated loudness in LUFS (-infinity for silence).
    public var loudness: Double
    /// Sample peak, linear.
    public var peak: Double

    public init(frames: Int, sampleRate: Int, loudness: Double, peak: Double) {
        self.frames = frames
        self.sampleRate = sampleRate
        self.loudness = loudness
        self.peak = peak
    }

    /// Length in seconds.
    public var duration: Double { sampleRate > 0 ? Double(frames) / Double(sampleRate) : 0 }

    enum CodingKeys: String, CodingKey {
        case frames
        case sampleRate = "sample_rate"
        case loudness = "loudness_lufs"
        case peak
    }
}
