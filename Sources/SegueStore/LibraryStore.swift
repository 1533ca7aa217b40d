import Foundation
import GRDB
import SegueCore
import SegueFiles

/// Segue's embedded database: the catalog (tracks, artists, albums, genres), the library's files and their analysis,
/// listeners with their plays and history, and the sessions made for them. SQLite through GRDB, in WAL mode behind a
/// `DatabasePool`, so a server can read while an import writes. See `StoreSchema` for the tables.
public final class LibraryStore: Sendable {
    /// The database file.
    public let url: URL
    let pool: DatabasePool

    /// Where the store lives when no `--db` is given: `$XDG_DATA_HOME/segue/segue.db`, else
    /// `~/.local/share/segue/segue.db`.
    public static func defaultURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return URL(fileURLWithPath: data).appendingPathComponent("segue/segue.db")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/segue/segue.db")
    }

    /// Opens the store at `url`, creating it (and its folder) when `create` is set, and brings its tables up to
    /// this build's version.
    /// - Throws: `CatalogError` naming the file: missing, not SQLite, another program's database, made by a newer
    ///   Segue, or damaged.
    public init(url: URL, create: Bool = false) throws {
        self.url = url
        let path = url.path
        if !FileManager.default.fileExists(atPath: path) {
            guard create else {
                throw CatalogError(
                    .fileNotFound, path: path,
                    message: "no Segue database here (make one with `segue library import DIR --db \(path)`)")
            }
            do {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw CatalogError(
                    .writeFailed, path: url.deletingLastPathComponent().path, message: "cannot make the folder")
            }
        } else {
            // Look before writing anything: another program's database is never migrated into ours.
            try Self.withReadOnlyQueue(path) { db in try Self.checkSchema(db, path: path, complete: false) }
        }
        var configuration = Configuration()
        configuration.label = "segue"
        configuration.busyMode = .timeout(10)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try StoreSchema.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw Self.catalogError(error, path: path)
        }
    }

    /// Reads a store without writing to it (a catalog file in a read-only folder).
    static func withReadOnlyQueue<T>(_ path: String, _ body: (Database) throws -> T) throws -> T {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "segue (read-only)"
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read(body)
        } catch let error as DatabaseError {
            throw catalogError(error, path: path)
        }
    }

    /// Checks that the file is a Segue store this build reads: our application id, no migration from a newer
    /// Segue, and (when `complete`) every migration applied and every table and column in place.
    static func checkSchema(_ db: Database, path: String, complete: Bool) throws {
        let application = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
        guard application == StoreSchema.applicationID else {
            guard !tables.isEmpty else {
                if complete {
                    throw CatalogError(.notACatalog, path: path, message: "not a Segue database (an empty SQLite file)")
                }
                return
            }
            throw CatalogError(
                .notACatalog, path: path,
                message: "not a Segue database (a SQLite database with the tables "
                    + "\(tables.sorted().prefix(8).joined(separator: ", ")))")
        }
        guard tables.contains("grdb_migrations") else {
            throw CatalogError(
                .unsupportedVersion, path: path,
                message: "a catalog from before the library store (schema 1); import it again with "
                    + "`segue catalog import CATALOG.json --out \(path)`")
        }
        let migrator = StoreSchema.migrator
        let applied = Set(try migrator.appliedIdentifiers(db))
        let newer = applied.subtracting(migrator.migrations)
        guard newer.isEmpty else {
            throw CatalogError(
                .unsupportedVersion, path: path,
                message: "made by a newer Segue (schema \(newer.sorted().joined(separator: ", "))); update Segue")
        }
        guard complete else { return }
        guard applied == Set(migrator.migrations) else {
            throw CatalogError(
                .unsupportedVersion, path: path,
                message: "made by an older Segue; open it once where it can be written to bring it up to date")
        }
        for (table, columns) in StoreSchema.columns.sorted(by: { $0.key < $1.key }) {
            guard tables.contains(table) else {
                throw CatalogError(.notACatalog, path: path, message: "no '\(table)' table: the database is damaged")
            }
            let present = Set(try db.columns(in: table).map(\.name))
            for column in columns where !present.contains(column) {
                throw CatalogError(
                    .notACatalog, path: path,
                    message: "table \(table) has no such column: \(column); the database is damaged")
            }
        }
    }

    // MARK: - Catalog

    /// Replaces the catalog's tracks (and their genres, albums and artists) with `catalog`'s, in one transaction.
    public func replaceCatalog(_ catalog: Catalog) throws {
        try write { db in try Self.insertCatalog(catalog, into: db) }
    }

    /// Writes `catalog`'s tracks into an empty catalog.
    static func insertCatalog(_ catalog: Catalog, into db: Database) throws {
        // Tracks name their albums and artists before those rows exist: the keys are checked at commit.
        try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
        try db.execute(
            sql: "DELETE FROM track_artist; DELETE FROM track; DELETE FROM album; DELETE FROM genre; DELETE FROM artist"
        )
        var genres = ExactNames()
        var albums = ExactNames()
        var artists = ExactNames()
        var genreIDs: [UInt32] = []
        for (position, track) in catalog.tracks.enumerated() {
            genreIDs.removeAll(keepingCapacity: true)
            for genre in track.genres { genreIDs.append(UInt32(genres.id(for: genre))) }
            let album = track.album.map { Int64(albums.id(for: $0, "") + 1) }
            try TrackRecord(position: position, track: track, albumID: album, trackNumber: nil, genreIDs: genreIDs)
                .insert(db)
            var credited: Set<Int> = []
            for (index, name) in track.artistNames.enumerated() {
                let id = artists.id(for: name)
                guard credited.insert(id).inserted else { continue }
                try TrackArtistRecord(
                    trackPosition: position, artistID: Int64(id + 1), role: index == 0 ? .lead : .featured
                )
                .insert(db)
            }
        }
        for (id, name) in genres.names.enumerated() {
            try GenreRecord(id: Int64(id), name: ExactText(name[0])).insert(db)
        }
        for (id, name) in albums.names.enumerated() {
            var record = AlbumRecord(
                id: Int64(id + 1), title: ExactText(name[0]), albumArtist: ExactText(name[1]), year: nil)
            try record.insert(db)
        }
        for (id, name) in artists.names.enumerated() {
            var record = ArtistRecord(id: Int64(id + 1), name: ExactText(name[0]))
            try record.insert(db)
        }
    }

    /// The catalog: every track in order; audio paths resolve against the store's folder.
    /// - Throws: `CatalogError` naming the store when a row breaks the schema.
    public func catalog() throws -> Catalog {
        let path = url.path
        let tracks = try read { db in
            try Self.checkSchema(db, path: path, complete: true)
            return try Self.tracks(db, path: path)
        }
        return try Catalog(tracks: tracks, baseURL: url.deletingLastPathComponent(), path: url.path)
    }

    static func tracks(_ db: Database, path: String) throws -> [Track] {
        let genreNames = try GenreRecord.order(GenreRecord.Columns.id).fetchAll(db)
        for (index, genre) in genreNames.enumerated() where genre.id != Int64(index) {
            throw CatalogError(.damaged, path: path, message: "genre ids are not numbered 0, 1, 2, … (id \(genre.id))")
        }
        var lists = GenreLists(names: genreNames.map(\.name.string))
        var albums: [Int64: String] = [:]
        for album in try AlbumRecord.fetchAll(db) { albums[album.id ?? 0] = album.title.string }
        // A library track whose files are all gone is not offered (its row stays, for the plays that name it).
        let gone = Set(
            try Int.fetchAll(
                db,
                sql: """
                    SELECT track_position FROM file WHERE track_position IS NOT NULL
                    GROUP BY track_position HAVING max(status = 'present') = 0
                    """))
        var tracks: [Track] = []
        tracks.reserveCapacity(try TrackRecord.fetchCount(db))
        let cursor = try TrackRecord.order(TrackRecord.Columns.position).fetchCursor(db)
        do {
            while let record = try cursor.next() {
                if !gone.isEmpty, gone.contains(record.position) { continue }
                var track = record.track
                guard let genres = lists.list(record.genreIDs) else {
                    throw RecordError("genres are not whole ids of the genre table (track '\(track.id)')")
                }
                track.genres = genres
                track.album = record.albumID.flatMap { albums[$0] }
                tracks.append(track)
            }
        } catch let error as RecordError {
            throw CatalogError(.damaged, path: path, message: "track at position \(tracks.count): \(error)")
        } catch let error as RowDecodingError {
            throw CatalogError(
                .damaged, path: path, message: "track at position \(tracks.count): a value of the wrong type (\(error))"
            )
        }
        return tracks
    }

    // MARK: - Listeners

    /// Every listener's id, sorted.
    public func listenerIDs() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT id FROM listener ORDER BY id") }
    }

    /// The listener with their history.
    /// - Throws: `CatalogError` (`.unknownListener`) naming the known ids when there is none.
    public func listener(id: String) throws -> Listener {
        try read { db in
            guard let record = try ListenerRecord.fetchOne(db, key: id) else {
                let known = try String.fetchAll(db, sql: "SELECT id FROM listener ORDER BY id LIMIT 20")
                throw CatalogError(
                    .unknownListener, path: self.url.path,
                    message: "no listener '\(id)' here"
                        + (known.isEmpty
                            ? " (import one with `segue listener import --id ID --spotify FILE`)"
                            : " (listeners: \(known.joined(separator: ", ")))"))
            }
            let history = try HistoryRecord.filter(HistoryRecord.Columns.listenerID == id)
                .order(HistoryRecord.Columns.trackUID).fetchAll(db).map(\.entry)
            let blocked = (try? JSONDecoder().decode([String].self, from: Data(record.blockedArtists.utf8))) ?? []
            return Listener(
                id: record.id, name: record.name, locale: record.locale, explicit: record.explicit, history: history,
                blockedArtists: blocked, nameInCommentary: record.nameInCommentary)
        }
    }

    /// Adds or updates a listener and replaces their history with `listener.history`.
    public func saveListener(_ listener: Listener) throws {
        try write { db in
            let blocked = String(decoding: try JSONEncoder().encode(listener.blockedArtists), as: UTF8.self)
            try ListenerRecord(
                id: listener.id, name: listener.name, locale: listener.locale, explicit: listener.explicit,
                blockedArtists: blocked, nameInCommentary: listener.nameInCommentary
            ).save(db)
            try HistoryRecord.filter(HistoryRecord.Columns.listenerID == listener.id).deleteAll(db)
            for entry in listener.history { try HistoryRecord(listenerID: listener.id, entry: entry).insert(db) }
        }
    }

    // MARK: - Sessions

    /// Keeps a session's plan and script (as the engine's stages encode them).
    /// - Returns: the session's id in the store.
    @discardableResult
    public func recordSession(plan: SessionPlan, script: Script?) throws -> Int64 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let record = SessionRecord(
            id: nil, listenerID: plan.listener.id, createdAt: ISO8601DateFormatter().string(from: Date()),
            seed: Int64(bitPattern: plan.options.seed), plan: try encoder.encode(plan),
            script: try script.map(encoder.encode))
        return try write { db in
            var inserted = record
            try inserted.insert(db)
            return inserted.id ?? 0
        }
    }

    /// How many sessions the store keeps for `listener`.
    public func sessionCount(for listener: String) throws -> Int {
        try read { db in try SessionRecord.filter(SessionRecord.Columns.listenerID == listener).fetchCount(db) }
    }

    // MARK: - Library roots

    /// The folders imported into the library: its audio may come from them.
    public func libraryRoots() throws -> [URL] { try read(Self.roots) }

    /// The library roots of a store file, read without writing to it; none for a file that is not a store.
    public static func libraryRoots(of url: URL) -> [URL] {
        (try? withReadOnlyQueue(url.path) { db in try db.tableExists("library_root") ? roots(db) : [] }) ?? []
    }

    private static func roots(_ db: Database) throws -> [URL] {
        try String.fetchAll(db, sql: "SELECT path FROM library_root ORDER BY path").map { URL(fileURLWithPath: $0) }
    }

    // MARK: - Access

    /// Reads in a snapshot; SQLite's errors become `CatalogError`s naming the store.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch let error as DatabaseError {
            throw Self.catalogError(error, path: url.path)
        }
    }

    /// Writes in one transaction; SQLite's errors become `CatalogError`s naming the store.
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch let error as DatabaseError {
            throw Self.catalogError(error, path: url.path)
        }
    }

    /// SQLite's word on a file, as a catalog error naming it.
    static func catalogError(_ error: DatabaseError, path: String) -> CatalogError {
        let detail = error.message ?? "\(error)"
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return CatalogError(.notACatalog, path: path, message: "not a SQLite database (\(detail))")
        case .SQLITE_CORRUPT:
            return CatalogError(.damaged, path: path, message: "the SQLite file is damaged (\(detail))")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_IOERR, .SQLITE_READONLY:
            return CatalogError(.unreadable, path: path, message: "cannot be opened (\(detail))")
        case .SQLITE_FULL:
            return CatalogError(.writeFailed, path: path, message: "the disk is full")
        default:
            return CatalogError(.unreadable, path: path, message: "SQLite failed (\(detail))")
        }
    }
}
