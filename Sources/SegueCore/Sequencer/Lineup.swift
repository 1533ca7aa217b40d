/// One chosen track and why it was chosen.
public struct LineupPick: Sendable, Codable, Equatable {
    /// 1-based slot in the lineup.
    public var position: Int
    public var track: Track
    /// Why this track, in words a listener understands.
    public var reasons: [String]
    /// The ranking score it won its slot with.
    public var score: Double
    /// Whether the listener has never played this artist.
    public var isNewArtist: Bool
    /// The terms of `score`.
    public var breakdown: ScoreBreakdown

    enum CodingKeys: String, CodingKey {
        case position, track, reasons, score, breakdown
        case isNewArtist = "new_artist"
    }

    public init(position: Int, track: Track, reasons: [String], score: Double, isNewArtist: Bool,
                breakdown: ScoreBreakdown = ScoreBreakdown()) {
        self.position = position
        self.track = track
        self.reasons = reasons
        self.score = score
        self.isNewArtist = isNewArtist
        self.breakdown = breakdown
    }
}

/// A candidate that was passed over for a reason other than rank, e.g. unreadable audio.
public struct SkippedTrack: Sendable, Codable, Equatable {
    public var trackID: String
    public var title: String
    public var reason: String

    enum CodingKeys: String, CodingKey {
        case trackID = "track_id"
        case title, reason
    }

    public init(trackID: String, title: String, reason: String) {
        self.trackID = trackID
        self.title = title
        self.reason = reason
    }
}

/// The ordered tracks of a session for one listener.
public struct Lineup: Sendable, Codable, Equatable {
    public var listenerID: String
    public var seed: UInt64
    public var picks: [LineupPick]
    public var skipped: [SkippedTrack]
    /// Conditions a person should know about, e.g. a catalog too small for the request.
    public var warnings: [String]
    /// The lineup's impact report.
    public var metrics: ImpactReport
    /// The same figures for the relevance-only top-K baseline on the same input.
    public var baselineMetrics: ImpactReport

    public init(listenerID: String, seed: UInt64, picks: [LineupPick], skipped: [SkippedTrack], warnings: [String],
                metrics: ImpactReport = ImpactReport(), baselineMetrics: ImpactReport = ImpactReport()) {
        self.listenerID = listenerID
        self.seed = seed
        self.picks = picks
        self.skipped = skipped
        self.warnings = warnings
        self.metrics = metrics
        self.baselineMetrics = baselineMetrics
    }

    enum CodingKeys: String, CodingKey {
        case listenerID = "listener"
        case seed, picks = "tracks", skipped, warnings, metrics
        case baselineMetrics = "baseline_metrics"
    }
}
