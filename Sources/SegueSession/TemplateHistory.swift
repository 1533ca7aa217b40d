import Foundation
import SegueCore
import SegueFiles

/// The templates each listener heard in their recent sessions, so the DJ rotates its lines.
public struct TemplateHistory: Sendable, Codable, Equatable {
    /// One rendered session.
    public struct Session: Sendable, Codable, Equatable {
        public var listener: String
        public var seed: UInt64
        public var templates: [String]
        /// Artists the DJ introduced as new (absent in histories written before it was kept).
        public var introduced: [String]?
    }

    /// Oldest first.
    public var sessions: [Session] = []
    /// How many sessions per listener are remembered.
    public static let depth = 3

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

    /// Adds a session, forgetting the listener's oldest beyond `depth`.
    public mutating func record(listener: String, seed: UInt64, templates: [String], introduced: [String] = []) {
        sessions.append(Session(listener: listener, seed: seed, templates: templates, introduced: introduced))
        let theirs = sessions.indices.filter { sessions[$0].listener == listener }
        for index in theirs.dropLast(Self.depth).reversed() { sessions.remove(at: index) }
    }
}
