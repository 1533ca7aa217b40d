import Foundation
import SegueCore
import SegueFiles

/// Each listener's recent sessions: the templates they heard, so the DJ rotates its lines, and the tracks they
/// heard and when, so the next lineup is fresh (`RecentSessions`).
public struct TemplateHistory: Sendable, Codable, Equatable {
    /// One rendered session.
    public struct Session: Sendable, Codable, Equatable {
        public var listener: String
        public var seed: UInt64
        public var templates: [String]
        /// Artists the DJ introduced as new (absent in histories written before it was kept).
        public var introduced: [String]?
        /// The session's reference time, ISO 8601 (absent in histories written before it was kept).
        public var date: String?
        /// The tracks it played, in order (absent in histories written before they were kept).
        public var tracks: [String]?
    }

    /// Oldest first.
    public var sessions: [Session] = []
    /// How many of a listener's latest sessions the talk rotates against.
    public static let depth = 3
    /// How many sessions per listener are remembered: two weeks of a session a day, long after they stop counting
    /// for freshness (`RecentSessions.halfLifeDays`).
    public static let kept = 14

    public init() {}

    /// Reads a history file; a missing file is an empty history.
    /// - Throws: `CatalogError` for a malformed file.
    public static func load(from url: URL) throws -> TemplateHistory {
        guard FileManager.default.fileExists(atPath: url.path) else { return TemplateHistory() }
        return try JSONFile.decode(TemplateHistory.self, from: url)
    }

    /// What the DJ said in the listener's last `depth` sessions: templates, and artists introduced as new.
    public func recentTalk(for listener: String) -> RecentTalk {
        let recent = sessions.filter { $0.listener == listener }.suffix(Self.depth)
        return RecentTalk(
            templates: Set(recent.flatMap(\.templates)), introducedArtists: Set(recent.flatMap { $0.introduced ?? [] }))
    }

    /// The listener's remembered sessions that say when they were and what they played, for the sequencer.
    public func recentSessions(for listener: String) -> RecentSessions {
        RecentSessions(
            sessions: sessions.filter { $0.listener == listener }.compactMap { session in
                guard let date = session.date, let tracks = session.tracks else { return nil }
                return RecentSessions.Session(date: date, trackIDs: tracks)
            })
    }

    /// Adds a session, forgetting the listener's oldest beyond `kept`.
    public mutating func record(
        listener: String, seed: UInt64, templates: [String], introduced: [String] = [], date: String? = nil,
        tracks: [String]? = nil
    ) {
        sessions.append(
            Session(
                listener: listener, seed: seed, templates: templates, introduced: introduced, date: date,
                tracks: tracks))
        let theirs = sessions.indices.filter { sessions[$0].listener == listener }
        for index in theirs.dropLast(Self.kept).reversed() { sessions.remove(at: index) }
    }
}
