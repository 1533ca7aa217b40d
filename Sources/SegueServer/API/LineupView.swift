import SegueCore

/// The sequencer's lineup as the API gives it: every pick with its reasons in words.
public struct LineupView: Sendable, Codable, Equatable {
    /// A pick.
    public struct Pick: Sendable, Codable, Equatable {
        public var position: Int
        public var trackID: String
        public var title: String
        public var artist: String
        public var duration: Double
        public var score: Double
        public var newArtist: Bool
        /// Why this track.
        public var reasons: [String]
    }

    public var listener: String
    public var seed: UInt64
    public var picks: [Pick]
    public var skipped: [String]
    public var warnings: [String]

    init(_ lineup: Lineup) {
        listener = lineup.listenerID
        seed = lineup.seed
        picks = lineup.picks.map {
            Pick(
                position: $0.position, trackID: $0.track.id, title: $0.track.title, artist: $0.track.artist,
                duration: $0.track.duration, score: $0.score, newArtist: $0.isNewArtist,
                reasons: $0.reasons.map(\.description))
        }
        skipped = lineup.skipped.map { "\($0.trackID): \($0.reason)" }
        warnings = lineup.warnings
    }
}

/// The signed-in account, as `GET /api/me` gives it.
public struct Me: Sendable, Codable, Equatable {
    public var name: String
    public var role: Role
    public var listener: String?
}

extension Me {
    /// The account as the API shows it (no password hash, no date).
    init(_ account: Account) {
        self.init(name: account.name, role: account.role, listener: account.listener)
    }
}
