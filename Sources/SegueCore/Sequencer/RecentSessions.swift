import Foundation

/// The tracks a listener heard in their recent sessions, so the next session is fresh: a track played lately, and
/// every track of its artist, counts for less, by how lately (halving every `halfLifeDays`: under a tenth after a
/// week, when it stops counting). Dates are the sessions' reference times, so the same history and the same `--as-of` give the same lineup.
public struct RecentSessions: Sendable, Equatable, Codable {
    /// One earlier session.
    public struct Session: Sendable, Equatable, Codable {
        /// The session's reference time: an ISO 8601 date or date-time.
        public var date: String
        /// The tracks it played, in order.
        public var trackIDs: [String]

        public init(date: String, trackIDs: [String]) {
            self.date = date
            self.trackIDs = trackIDs
        }

        enum CodingKeys: String, CodingKey {
            case date
            case trackIDs = "track_ids"
        }
    }

    /// Oldest first.
    public var sessions: [Session]

    /// Days over which a session's weight halves.
    public static let halfLifeDays = 2.0
    /// Days after which a session no longer counts (its weight would be under a tenth): an old session's small
    /// penalty would only tip near-ties, and one tie tipped early in a set changes much of the rest.
    public static let windowDays = 7.0
    /// Relevance taken from a track played in a session made at the reference time (scaled by the session's weight,
    /// summed over sessions, at most twice). In the model's units (natural log): yesterday's tracks are about 8 times
    /// less likely to come back, the day before's about 4.5 times, so a third day does not simply bring back the
    /// first (at 1.5 it brought back 12 of the first day's 20 for a listener of favourites).
    public static let trackPenalty = 3.0
    /// Relevance taken from every track of an artist played in such a session, per track of theirs it played.
    public static let artistPenalty = 0.4

    public init(sessions: [Session] = []) { self.sessions = sessions }

    /// How much each session counts as of `reference` (1 at the reference time, halving every `halfLifeDays`; a
    /// session dated later counts as of the reference), paired with its tracks; sessions with an unreadable date
    /// or older than `windowDays` are left out. With no reference, the latest session's date is the reference.
    public func weighted(asOf reference: Date?) -> [(weight: Double, trackIDs: [String])] {
        let dated = sessions.compactMap { session in TasteProfile.date(session.date).map { ($0, session.trackIDs) } }
        guard let now = reference ?? dated.map(\.0).max() else { return [] }
        return dated.compactMap { date, tracks in
            let days = max(0, now.timeIntervalSince(date) / 86_400)
            return days <= Self.windowDays ? (pow(0.5, days / Self.halfLifeDays), tracks) : nil
        }
    }
}
