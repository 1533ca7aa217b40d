import GRDB

/// The store's tables, created and upgraded by one `DatabaseMigrator` from the first version on.
///
/// - `genre`, `artist`, `album`: names, each once (compared byte for byte).
/// - `track`: one row per track in catalog order (`position`), with its catalog fields; `uid` is the catalog's
///   track id. `genres` is a blob of little-endian 32-bit `genre` ids in the track's order, `embedding` a blob of
///   little-endian Float32 values. An unknown `bpm` or `energy` (NaN) is the text `NaN`, since SQLite stores a
///   bound NaN as NULL.
/// - `track_artist`: the lead and featured artists of each track.
/// - `library_root`: the folders imported, where the catalog's audio may come from.
/// - `file`: an audio file of the library (path, size, mtime, content fingerprint), present or missing, and its
///   track; `analysis`: what was measured in it, once.
/// - `listener`, `play` (one listening event, unique per listener and event key, so a re-import adds nothing),
///   `history` (per listener and track: plays, skips, like, last played: what the sequencer reads).
/// - `session`: a session's plan and script as the engine's stages store them (JSON).
enum StoreSchema {
    /// Marks a Segue store among SQLite files (`PRAGMA application_id`): "SGUE".
    static let applicationID: Int32 = 0x5347_5545

    /// Every table's columns as this build makes them, read off a database migrated in memory.
    static let columns: [String: [String]] = {
        do {
            let queue = try DatabaseQueue()
            try migrator.migrate(queue)
            return try queue.read { db in
                let tables = try String.fetchAll(
                    db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                return try Dictionary(uniqueKeysWithValues: tables.map { ($0, try db.columns(in: $0).map(\.name)) })
            }
        } catch {
            preconditionFailure("the store's own schema does not build in memory: \(error)")
        }
    }()

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.create(table: "genre") { t in
                t.primaryKey("id", .integer)
                t.column("name", .text).notNull().unique()
            }
            try db.create(table: "artist") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
            }
            try db.create(table: "album") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("title", .text).notNull()
                t.column("album_artist", .text).notNull().defaults(to: "")
                t.column("year", .integer)
                t.uniqueKey(["title", "album_artist"])
            }
            try db.create(table: "track") { t in
                t.primaryKey("position", .integer)
                t.column("uid", .text).notNull().unique()
                t.column("title", .text).notNull()
                t.column("artist", .text).notNull()
                t.column("album_id", .integer).references("album", onDelete: .setNull)
                t.column("track_number", .integer)
                t.column("year", .integer)
                t.column("genres", .blob).notNull()
                t.column("bpm", .any)
                t.column("key", .text)
                t.column("energy", .any)
                t.column("popularity", .integer)
                t.column("explicit", .boolean).notNull()
                t.column("duration_s", .double).notNull()
                t.column("audio", .text)
                t.column("language", .text)
                t.column("artist_alias", .text)
                t.column("title_alias", .text)
                t.column("embedding", .blob)
                t.column("loudness_lufs", .double)
                t.column("intro_s", .double)
            }
            try db.create(table: "track_artist") { t in
                t.column("track_position", .integer).references("track", onDelete: .cascade).notNull()
                t.column("artist_id", .integer).references("artist", onDelete: .cascade).notNull()
                t.column("role", .text).notNull().check { ["lead", "featured"].contains($0) }
                t.primaryKey(["track_position", "artist_id"])
            }
            try db.create(index: "track_artist_by_artist", on: "track_artist", columns: ["artist_id"])
            try db.create(table: "file") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("path", .text).notNull().unique()
                t.column("size", .integer).notNull()
                t.column("mtime", .double).notNull()
                t.column("fingerprint", .blob)
                t.column("status", .text).notNull().check { ["present", "missing"].contains($0) }
                t.column("track_position", .integer).references("track", onDelete: .setNull)
            }
            try db.create(index: "file_by_track", on: "file", columns: ["track_position"])
            try db.create(table: "library_root") { t in
                t.primaryKey("path", .text)
            }
            try db.create(table: "analysis") { t in
                t.primaryKey("file_id", .integer).references("file", onDelete: .cascade)
                t.column("duration_s", .double).notNull()
                t.column("loudness_lufs", .double)
                t.column("loudness_range_lu", .double)
                t.column("true_peak_dbtp", .double)
                t.column("bpm", .double)
                t.column("key", .text)
                t.column("key_confidence", .double)
                t.column("energy", .double)
                t.column("leading_silence_s", .double)
                t.column("trailing_silence_s", .double)
                t.column("intro_s", .double)
                t.column("analysed_at", .text).notNull()
            }
            try db.create(table: "listener") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("locale", .text).notNull()
                t.column("explicit", .text).notNull().check { ["allow", "block"].contains($0) }
                t.column("blocked_artists", .text).notNull().defaults(to: "[]")
                t.column("name_in_commentary", .boolean).notNull().defaults(to: false)
            }
            try db.create(table: "play") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("listener_id", .text).references("listener", onDelete: .cascade).notNull()
                t.column("event_key", .text).notNull()
                t.column("played_at", .text).notNull()
                t.column("artist", .text).notNull()
                t.column("title", .text).notNull()
                t.column("album", .text)
                t.column("ms_played", .integer)
                t.column("skipped", .boolean)
                t.column("reason_end", .text)
                t.column("source", .text).notNull()
                t.column("track_uid", .text)
                t.uniqueKey(["listener_id", "event_key"])
            }
            try db.create(table: "history") { t in
                t.column("listener_id", .text).references("listener", onDelete: .cascade).notNull()
                t.column("track_uid", .text).notNull()
                t.column("plays", .integer).notNull().check { $0 >= 0 }
                t.column("skips", .integer).notNull().check { $0 >= 0 }
                t.column("liked", .boolean)
                t.column("last_played", .text)
                t.primaryKey(["listener_id", "track_uid"])
            }
            try db.create(table: "session") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("listener_id", .text).references("listener", onDelete: .cascade).notNull()
                t.column("created_at", .text).notNull()
                t.column("seed", .integer).notNull()
                t.column("plan", .blob).notNull()
                t.column("script", .blob)
            }
        }
        return migrator
    }
}
