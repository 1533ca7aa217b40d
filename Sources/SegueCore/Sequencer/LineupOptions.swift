import Foundation

/// What the sequencer is asked for.
public struct LineupOptions: Sendable, Equatable, Codable {
    /// Exact number of tracks; when nil, `minutes` decides.
    public var count: Int?
    /// Target session length in minutes when `count` is nil.
    public var minutes: Double
    /// An artist (lead or featured) appears at most once in any run of this many consecutive slots.
    public var artistSeparation: Int
    /// Seconds that consecutive tracks overlap, used to estimate the session length.
    public var crossfade: Double
    public var seed: UInt64
    /// The familiar/new dial: the share of picks by artists the listener has not played (0–1). A floor at every
    /// point of the set (at least this share of the picks so far, rounded down, while new artists are left), and a
    /// pull toward it beyond (`SequencerWeights.discovery`).
    public var discovery: Double
    /// The energy shape of the lineup.
    public var arc: EnergyArc
    /// Lineups kept at each position of the beam search.
    public var beamWidth: Int
    /// Candidates kept after scoring the whole catalog.
    public var poolSize: Int
    /// How much each term of the objective counts.
    public var weights: SequencerWeights
    /// The session's reference time (ISO 8601 date or date-time): history plays dated after it count as played
    /// at it. When nil, the caller's clock is the reference (see `Sequencer.lineup(for:options:now:accept:)`).
    public var asOf: String?
    /// The listener's recent sessions: what they played counts for less, so the next session is fresh.
    public var recent: RecentSessions?

    public init(
        count: Int? = nil, minutes: Double = 10, artistSeparation: Int = 8, crossfade: Double = 6, seed: UInt64 = 7,
        discovery: Double = 0.2, arc: EnergyArc = .peak, beamWidth: Int = 6, poolSize: Int = 400,
        weights: SequencerWeights = SequencerWeights(), asOf: String? = nil, recent: RecentSessions? = nil
    ) {
        self.count = count
        self.minutes = minutes
        self.artistSeparation = artistSeparation
        self.crossfade = crossfade
        self.seed = seed
        self.discovery = min(max(discovery, 0), 1)
        self.arc = arc
        self.beamWidth = max(1, beamWidth)
        self.poolSize = max(1, poolSize)
        self.weights = weights
        self.asOf = asOf
        self.recent = recent
    }

    /// `asOf` as a date, nil when it is not set or not an ISO 8601 date or date-time.
    public var referenceDate: Date? { asOf.flatMap(TasteProfile.date) }

    enum CodingKeys: String, CodingKey {
        case count, minutes, artistSeparation, crossfade, seed, discovery, arc, beamWidth, poolSize, weights
        case asOf = "as_of"
        case recent
    }
}

/// The weights of the sequencer's objective: relevance − redundancy + discovery + fairness −
/// calibration − transition − arc distance.
public struct SequencerWeights: Sendable, Equatable, Codable {
    public var relevance = 1.0
    /// Extra relevance weight at the start of the set: × (1/log₂(position + 2) − 0.25), so 0.75 × this at
    /// the first pick, a quarter of that by the fourth and none from the fourteenth. Open with sure favourites.
    public var opener = 1.0
    /// Similarity to the picks in the recent window (sliding-window MMR).
    public var redundancy = 0.12
    /// Pull toward the discovery dial's share of new artists.
    public var discovery = 1.0
    /// Pull toward the target exposure of artist popularity bins (head, mid, tail).
    public var fairness = 1.0
    /// Growth of the KL divergence from the listener's genre mix to the lineup's.
    public var calibration = 2.0
    /// Tempo beyond 6 % and Camelot distance beyond 1 from the previous track (0.3–2 a step, × this).
    public var transition = 4.0
    /// Distance from the energy arc.
    public var arc = 0.1
    /// Self-information of popularity, when choosing the candidate pool.
    public var novelty = 0.1
    /// Target exposure shares of the head, mid and tail artist bins: three times the mid and tail
    /// exposure a relevance-only list gives (about 10 % and 5 %), without pushing far from what they play.
    public var binTargets = [0.55, 0.3, 0.15]

    public init() {}

    /// The weights by name, for tuning from the command line.
    nonisolated(unsafe) public static let named: [String: WritableKeyPath<SequencerWeights, Double>] = [
        "relevance": \.relevance, "opener": \.opener, "redundancy": \.redundancy, "discovery": \.discovery,
        "fairness": \.fairness,
        "calibration": \.calibration, "transition": \.transition, "arc": \.arc, "novelty": \.novelty,
        "head": \.binTargets[0], "mid": \.binTargets[1], "tail": \.binTargets[2],
    ]
}
