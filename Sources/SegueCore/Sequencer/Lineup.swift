/// One chosen track and why it was chosen.
public struct LineupPick: Sendable, Codable, Equatable {
    /// 1-based slot in the lineup.
    public var position: Int
    public var track: Track
    /// Why this track, most important first (`description` gives the words a listener reads).
    public var reasons: [PickReason]
    /// The ranking score it won its slot with.
    public var score: Double
    /// Whether the listener has never played this artist.
    public var isNewArtist: Bool
    /// The terms of `score`.
    public var breakdown: ScoreBreakdown

    enum CodingKeys: String, CodingKey {
        case position, track, reasons, score, breakdown
        case isNewArtist = "new_artist"
        case reasonCodes = "reason_codes"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        position = try c.decode(Int.self, forKey: .position)
        track = try c.decode(Track.self, forKey: .track)
        reasons = try c.decode([PickReason].self, forKey: .reasonCodes)
        score = try c.decode(Double.self, forKey: .score)
        isNewArtist = try c.decode(Bool.self, forKey: .isNewArtist)
        breakdown = try c.decode(ScoreBreakdown.self, forKey: .breakdown)
    }

    /// The reasons are written twice: as words (`reasons`) for people, as typed facts (`reason_codes`) for tools.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(position, forKey: .position)
        try c.encode(track, forKey: .track)
        try c.encode(reasons.map(\.description), forKey: .reasons)
        try c.encode(reasons, forKey: .reasonCodes)
        try c.encode(score, forKey: .score)
        try c.encode(isNewArtist, forKey: .isNewArtist)
        try c.encode(breakdown, forKey: .breakdown)
    }

    public init(
        position: Int, track: Track, reasons: [PickReason], score: Double, isNewArtist: Bool,
        breakdown: ScoreBreakdown = ScoreBreakdown()
    ) {
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

    public init(
        listenerID: String, seed: UInt64, picks: [LineupPick], skipped: [SkippedTrack], warnings: [String],
        metrics: ImpactReport = ImpactReport(), baselineMetrics: ImpactReport = ImpactReport()
    ) {
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
