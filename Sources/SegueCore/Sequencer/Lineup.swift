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

    enum CodingKeys: String, CodingKey {
        case position, track, reasons, score
        case isNewArtist = "new_artist"
    }

    public init(position: Int, track: Track, reasons: [String], score: Double, isNewArtist: Bool) {
        self.position = position
        self.track = track
        self.reasons = reasons
        self.score = score
        self.isNewArtist = isNewArtist
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

    public init(listenerID: String, seed: UInt64, picks: [LineupPick], skipped: [SkippedTrack], warnings: [String]) {
        self.listenerID = listenerID
        self.seed = seed
        self.picks = picks
        self.skipped = skipped
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case listenerID = "listener"
        case seed, picks = "tracks", skipped, warnings
    }
}

/// What the sequencer is asked for.
public struct LineupOptions: Sendable, Equatable {
    /// Exact number of tracks; when nil, `minutes` decides.
    public var count: Int?
    /// Target session length in minutes when `count` is nil.
    public var minutes: Double
    /// An artist appears at most once in any run of this many consecutive slots.
    public var artistSeparation: Int
    /// Seconds that consecutive tracks overlap, used to estimate the session length.
    public var crossfade: Double
    public var seed: UInt64

    public init(count: Int? = nil, minutes: Double = 10, artistSeparation: Int = 3, crossfade: Double = 6, seed: UInt64 = 7) {
        self.count = count
        self.minutes = minutes
        self.artistSeparation = artistSeparation
        self.crossfade = crossfade
        self.seed = seed
    }
}
