import Foundation
import GRDB

/// What a library store holds, for `segue library stats`.
public struct LibraryStats: Sendable, Equatable, Codable {
    public var tracks = 0
    public var artists = 0
    public var albums = 0
    /// Hours of music in the catalog.
    public var hours = 0.0
    /// Genres by number of tracks, most first (ties by name).
    public var genres: [GenreCount] = []
    public var filesPresent = 0
    public var filesMissing = 0
    /// Files gone from the folder since they were imported, by path (at most 50).
    public var missingFiles: [String] = []
    public var analysed = 0
    public var listeners = 0
    public var plays = 0
    public var unmatchedPlays = 0
    public var sessions = 0

    /// A genre and its track count.
    public struct GenreCount: Sendable, Equatable, Codable {
        public var name: String
        public var tracks: Int
    }

    public init() {}

    static func read(_ db: Database) throws -> LibraryStats {
        var stats = LibraryStats()
        func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
        stats.tracks = try count("SELECT count(*) FROM track")
        stats.artists = try count("SELECT count(*) FROM artist")
        stats.albums = try count("SELECT count(*) FROM album")
        stats.hours = (try Double.fetchOne(db, sql: "SELECT total(duration_s) FROM track") ?? 0) / 3600
        stats.filesPresent = try count("SELECT count(*) FROM file WHERE status = 'present'")
        stats.filesMissing = try count("SELECT count(*) FROM file WHERE status = 'missing'")
        stats.missingFiles = try String.fetchAll(
            db, sql: "SELECT path FROM file WHERE status = 'missing' ORDER BY path LIMIT 50")
        stats.analysed = try count("SELECT count(*) FROM analysis")
        stats.listeners = try count("SELECT count(*) FROM listener")
        stats.plays = try count("SELECT count(*) FROM play")
        stats.unmatchedPlays = try count("SELECT count(*) FROM play WHERE track_uid IS NULL")
        stats.sessions = try count("SELECT count(*) FROM session")
        // Genre ids live in each track's blob: count them here rather than in SQL.
        var perGenre: [Int: Int] = [:]
        let blobs = try Data.fetchCursor(db, sql: "SELECT genres FROM track")
        while let blob = try blobs.next() {
            for id in Set(PackedWords.words(blob) ?? []) { perGenre[Int(id), default: 0] += 1 }
        }
        let names = try String.fetchAll(db, sql: "SELECT name FROM genre ORDER BY id")
        stats.genres = perGenre.compactMap { id, tracks in
            id < names.count ? GenreCount(name: names[id], tracks: tracks) : nil
        }
        .sorted { ($0.tracks, $1.name) > ($1.tracks, $0.name) }
        return stats
    }
}

extension LibraryStore {
    /// Counts of what the store holds.
    public func stats() throws -> LibraryStats { try read { db in try LibraryStats.read(db) } }
}
