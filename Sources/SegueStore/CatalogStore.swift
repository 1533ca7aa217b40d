import Foundation
import GRDB
import SegueCore
import SegueFiles

/// A catalog as a SQLite file: written once (`segue catalog import`), loaded many times, much faster than JSON.
///
/// Schema version 1, marked by `PRAGMA application_id` 'SGUE' and `PRAGMA user_version` 1:
/// - `track`: one row per track in catalog order (`position`), one column per `Track` field. A missing
///   value is NULL; an unknown `bpm` or `energy` (NaN) is the text `NaN`, since SQLite stores a bound
///   NaN as NULL. `genres` is a BLOB of little-endian 32-bit ids into `genre`; `embedding` a BLOB of
///   little-endian Float32 values (NULL when the track has none). Text keeps every character, NUL included.
/// - `genre`: the distinct genre names, ids 0, 1, 2, …
/// - `meta`: `track_count`, checked on reading so a damaged file cannot pass for a shorter catalog.
public enum CatalogStore {
    /// The schema version this build writes and reads (`PRAGMA user_version`).
    public static let schemaVersion = 1
    /// Marks a Segue catalog among SQLite files (`PRAGMA application_id`): "SGUE".
    public static let applicationID: Int32 = 0x5347_5545

    private static let schema = """
        CREATE TABLE genre (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE track (
            position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, artist TEXT NOT NULL,
            album TEXT, year INTEGER, genres BLOB NOT NULL, bpm REAL, key TEXT, energy REAL, popularity INTEGER,
            explicit INTEGER NOT NULL, duration_s REAL NOT NULL, audio TEXT, language TEXT, artist_alias TEXT,
            title_alias TEXT, embedding BLOB);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
        """

    /// Writes `catalog` to a SQLite file at `url`, replacing any file there only once the new one is complete.
    ///
    /// The tracks go into a temporary file beside `url` in one transaction through one prepared
    /// statement; the file is flushed to disk and renamed over `url`. On failure the temporary file
    /// is removed and a file already at `url` is left as it was.
    /// - Throws: `CatalogError` (`.writeFailed`) naming `url` and the cause.
    public static func write(_ catalog: Catalog, to url: URL) throws {
        var staged: String?
        do {
            try AtomicFile.write(to: url) { temporary in
                staged = temporary.path
                try writeDatabase(catalog, at: temporary.path)
            }
        } catch {
            if let staged { unlink(staged + "-journal") }
            let cause: String
            switch error {
            case RowFailure.sqlite(let sqlite): cause = sqlite.message ?? "\(sqlite)"
            case RowFailure.invalid(let problem): cause = problem
            case let sqlite as DatabaseError: cause = sqlite.message ?? "\(sqlite)"
            case let file as FileError: cause = file.message + (file.cause.map { ": \($0)" } ?? "")
            default: cause = FileError.reason(of: error)
            }
            let kept = FileManager.default.fileExists(atPath: url.path) ? "; the existing file is unchanged" : ""
            throw CatalogError(.writeFailed, path: url.path, message: "cannot write the catalog (\(cause))\(kept)")
        }
    }

    /// Reads a catalog written by `write(_:to:)`; audio paths resolve against the file's folder.
    /// - Throws: `CatalogError` naming the file: missing, not SQLite, damaged, not a catalog, a newer
    ///   schema, or track values the catalog refuses (a duplicate id, an invalid key).
    public static func read(from url: URL) throws -> Catalog {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw CatalogError(.fileNotFound, path: path, message: "no such file")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "catalog"
        let tracks: [Track]
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            tracks = try queue.read { db in try readTracks(db, path: path) }
        } catch let error as DatabaseError {
            throw catalogError(error, path: path)
        }
        return try Catalog(tracks: tracks, baseURL: url.deletingLastPathComponent(), path: path)
    }

    // MARK: - Writing

    private static func writeDatabase(_ catalog: Catalog, at path: String) throws {
        var configuration = Configuration()
        configuration.label = "catalog import"
        configuration.prepareDatabase { db in
            // Durability comes from the fsync before the rename; nobody else sees the temporary file.
            try db.execute(sql: "PRAGMA synchronous = OFF")
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        do {
            try queue.write { db in
                try db.execute(sql: schema)
                try db.execute(sql: "PRAGMA application_id = \(applicationID); PRAGMA user_version = \(schemaVersion)")
                var genreIDs = GenreIDs()
                let insertTrack = try db.makeStatement(
                    sql: """
                        INSERT INTO track (\(CatalogRows.trackColumns.joined(separator: ", ")))
                        VALUES (\(Array(repeating: "?", count: CatalogRows.trackColumns.count).joined(separator: ", ")))
                        """)
                var ids: [UInt32] = []
                for (position, track) in catalog.tracks.enumerated() {
                    ids.removeAll(keepingCapacity: true)
                    for genre in track.genres { ids.append(genreIDs.id(for: genre)) }
                    try CatalogRows.insertTrack(track, position: position, genreIDs: ids, using: insertTrack)
                }
                let insertGenre = try db.makeStatement(sql: "INSERT INTO genre (id, name) VALUES (?, ?)")
                for (id, name) in genreIDs.names.enumerated() {
                    try CatalogRows.insertGenre(name, id: id, using: insertGenre)
                }
                try db.execute(
                    sql: "INSERT INTO meta (key, value) VALUES ('track_count', ?)",
                    arguments: [catalog.tracks.count])
            }
            try queue.close()
        } catch {
            try? queue.close()
            throw error
        }
    }

    // MARK: - Reading

    private static func readTracks(_ db: Database, path: String) throws -> [Track] {
        try checkSchema(db, path: path)
        let count = "SELECT value FROM meta WHERE key = 'track_count' AND typeof(value) = 'integer'"
        guard let expected = try Int.fetchOne(db, sql: count), expected >= 0
        else {
            throw CatalogError(.damaged, path: path, message: "the meta table has no track_count")
        }
        let selectGenres: Statement
        let selectTracks: Statement
        do {
            selectGenres = try db.makeStatement(sql: "SELECT id, name FROM genre ORDER BY id")
            selectTracks = try db.makeStatement(
                sql: """
                    SELECT \(CatalogRows.trackColumns.dropFirst().joined(separator: ", ")) FROM track ORDER BY position
                    """)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR {
            throw CatalogError(
                .notACatalog, path: path,
                message:
                    "the tables do not match catalog schema version \(schemaVersion) (\(error.message ?? "\(error)"))")
        }
        let tracks: [Track]
        do throws(RowFailure) {
            let genres = try CatalogRows.readGenres(using: selectGenres)
            tracks = try CatalogRows.readTracks(using: selectTracks, genres: genres, capacity: expected)
        } catch .sqlite(let error) {
            throw catalogError(error, path: path)
        } catch .invalid(let problem) {
            throw CatalogError(.damaged, path: path, message: problem)
        }
        guard tracks.count == expected else {
            throw CatalogError(
                .damaged, path: path,
                message: "the file holds \(tracks.count) tracks but says it holds \(expected): "
                    + "it is damaged; import it again")
        }
        return tracks
    }

    /// Checks the marks and the tables before any row is read.
    private static func checkSchema(_ db: Database, path: String) throws {
        let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
        guard application == applicationID else {
            let what =
                tables.isEmpty
                ? "an empty SQLite database"
                : "a SQLite database with the tables \(tables.sorted().joined(separator: ", "))"
            throw CatalogError(
                .notACatalog, path: path,
                message:
                    "not a Segue catalog (\(what)); make one with `segue catalog import CATALOG.json --out \(path)`")
        }
        guard version <= schemaVersion else {
            throw CatalogError(
                .unsupportedVersion, path: path,
                message:
                    "catalog schema version \(version) is newer than this build of Segue reads (\(schemaVersion)); "
                    + "update Segue or import the catalog again with this one")
        }
        guard version == schemaVersion else {
            throw CatalogError(
                .unsupportedVersion, path: path,
                message: "catalog schema version \(version) is not one Segue wrote (this build reads \(schemaVersion))")
        }
        for table in ["track", "genre", "meta"] where !tables.contains(table) {
            throw CatalogError(
                .notACatalog, path: path, message: "the catalog has no '\(table)' table: it is damaged; import it again"
            )
        }
    }

    /// SQLite's word on a file, as a catalog error naming it.
    private static func catalogError(_ error: DatabaseError, path: String) -> CatalogError {
        let detail = error.message ?? "\(error)"
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return CatalogError(.notACatalog, path: path, message: "not a SQLite catalog (\(detail))")
        case .SQLITE_CORRUPT:
            return CatalogError(
                .damaged, path: path, message: "the SQLite file is damaged (\(detail)); import the catalog again")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_IOERR:
            return CatalogError(.unreadable, path: path, message: "cannot be read (\(detail))")
        default:
            return CatalogError(.unreadable, path: path, message: "SQLite failed (\(detail))")
        }
    }
}

/// Genre names numbered in order of first use, compared by their exact UTF-8 bytes (Swift's `==` would
/// merge names that differ only in Unicode normalisation, and the catalog must come back byte for byte).
private struct GenreIDs {
    private struct Key: Hashable {
        var name: String
        static func == (a: Key, b: Key) -> Bool { a.name.utf8.elementsEqual(b.name.utf8) }
        func hash(into hasher: inout Hasher) {
            for byte in name.utf8 { hasher.combine(byte) }
        }
    }

    private(set) var names: [String] = []
    private var ids: [Key: UInt32] = [:]

    mutating func id(for name: String) -> UInt32 {
        if let id = ids[Key(name: name)] { return id }
        let id = UInt32(names.count)
        ids[Key(name: name)] = id
        names.append(name)
        return id
    }
}
