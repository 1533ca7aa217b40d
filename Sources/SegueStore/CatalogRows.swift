import Foundation
import GRDB
import GRDBSQLite
import SegueCore

/// Why a catalog row could not be written or read: SQLite's own error, or a value that breaks the schema.
enum RowFailure: Error {
    case sqlite(DatabaseError)
    case invalid(String)
}

/// Binds and reads the rows of the catalog tables: the one file of the store that calls SQLite's C API.
///
/// GRDB's `Row` and `StatementArguments` would allocate per value and pass text as C strings, which
/// stops at the first NUL; a catalog string may hold any character, so text goes in and out with its
/// byte length. The statements themselves are GRDB's, which owns and finalizes them.
enum CatalogRows {
    /// The `track` columns in the order `insertTrack` binds them (`position` first) and `readTracks`
    /// reads them (after `position`).
    static let trackColumns = [
        "position", "id", "title", "artist", "album", "year", "genres", "bpm", "key", "energy", "popularity",
        "explicit", "duration_s", "audio", "language", "artist_alias", "title_alias", "embedding",
    ]

    /// Inserts one track with the ids of its genres.
    /// The corresponding C functions are `sqlite3_bind_*`, `sqlite3_step` and `sqlite3_reset`.
    static func insertTrack(
        _ track: Track, position: Int, genreIDs: [UInt32], using statement: Statement
    )
        throws(RowFailure)
    {
        let s = statement.sqliteStatement
        try check(sqlite3_bind_int64(s, 1, Int64(position)), s)
        try check(bind(track.id, s, 2), s)
        try check(bind(track.title, s, 3), s)
        try check(bind(track.artist, s, 4), s)
        try check(bind(track.album, s, 5), s)
        try check(bind(track.year, s, 6), s)
        try check(bindLittleEndian(genreIDs, s, 7), s)
        try check(bind(track.bpm, s, 8), s)
        try check(bind(track.key, s, 9), s)
        try check(bind(track.energy, s, 10), s)
        try check(bind(track.popularity, s, 11), s)
        try check(sqlite3_bind_int64(s, 12, track.explicit ? 1 : 0), s)
        try check(bind(track.duration, s, 13), s)
        try check(bind(track.audio, s, 14), s)
        try check(bind(track.language, s, 15), s)
        try check(bind(track.artistAlias, s, 16), s)
        try check(bind(track.titleAlias, s, 17), s)
        if let embedding = track.embedding {
            try check(bindLittleEndian(embedding.map(\.bitPattern), s, 18), s)
        } else {
            try check(sqlite3_bind_null(s, 18), s)
        }
        try run(s)
    }

    /// Inserts one genre name under its id.
    static func insertGenre(_ name: String, id: Int, using statement: Statement) throws(RowFailure) {
        let s = statement.sqliteStatement
        try check(sqlite3_bind_int64(s, 1, Int64(id)), s)
        try check(bind(name, s, 2), s)
        try run(s)
    }

    /// Reads `SELECT id, name FROM genre ORDER BY id`; ids must run 0, 1, 2, … for `track.genres` to index them.
    static func readGenres(using statement: Statement) throws(RowFailure) -> [String] {
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }
        var names: [String] = []
        while try step(s) {
            guard sqlite3_column_int64(s, 0) == Int64(names.count) else {
                let id = sqlite3_column_int64(s, 0)
                throw .invalid("genre ids are not numbered 0, 1, 2, … (id \(id) after \(names.count) names)")
            }
            names.append(text(s, 1) ?? "")
        }
        return names
    }

    /// Reads every track, in `position` order, from `SELECT <trackColumns after position> FROM track ORDER BY position`.
    /// - Parameter capacity: the expected count, reserved up front.
    static func readTracks(using statement: Statement, genres: [String], capacity: Int) throws(RowFailure) -> [Track] {
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }
        var tracks: [Track] = []
        tracks.reserveCapacity(capacity)
        var lists = GenreLists(names: genres)
        while try step(s) {
            do throws(RowFailure) {
                tracks.append(try track(at: s, genres: &lists))
            } catch .invalid(let problem) {
                throw .invalid("track at position \(tracks.count): \(problem)")
            }
        }
        return tracks
    }

    private static func track(at s: OpaquePointer?, genres: inout GenreLists) throws(RowFailure) -> Track {
        guard let id = text(s, 0) else { throw .invalid("id is missing") }
        guard let title = text(s, 1) else { throw .invalid("title is missing (track '\(id)')") }
        guard let artist = text(s, 2) else { throw .invalid("artist is missing (track '\(id)')") }
        guard sqlite3_column_type(s, 11) != SQLITE_NULL else { throw .invalid("duration_s is missing (track '\(id)')") }
        var genreNames: [String] = []
        if let bytes = blob(s, 5) {
            do throws(RowFailure) {
                genreNames = try genres.list(bytes)
            } catch .invalid(let problem) {
                throw .invalid("\(problem) (track '\(id)')")
            }
        }
        var embedding: [Float]?
        if let bytes = blob(s, 16) {
            guard bytes.count % 4 == 0 else {
                throw .invalid("embedding is \(bytes.count) bytes, not whole 32-bit floats (track '\(id)')")
            }
            embedding = [Float](unsafeUninitializedCapacity: bytes.count / 4) { buffer, count in
                #if _endian(big)
                for index in 0..<buffer.count {
                    let bits = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))
                    buffer[index] = Float(bitPattern: bits)
                }
                #else
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: bytes)
                #endif
                count = buffer.count
            }
        }
        var track = Track(
            id: id, title: title, artist: artist, album: text(s, 3), year: integer(s, 4), genres: genreNames,
            bpm: try number(s, 6), key: text(s, 7), energy: try number(s, 8), popularity: integer(s, 9),
            explicit: sqlite3_column_int64(s, 10) != 0, duration: sqlite3_column_double(s, 11), audio: text(s, 12),
            language: text(s, 13), embedding: embedding)
        track.artistAlias = text(s, 14)
        track.titleAlias = text(s, 15)
        return track
    }

    /// Genre lists decoded from `track.genres`, one shared array per distinct short list: a million
    /// tracks with a handful of genre combinations hold a handful of arrays, not a million.
    struct GenreLists {
        private struct Key: Hashable {
            var ids: SIMD2<UInt64>
            var count: Int
        }

        let names: [String]
        private var shared: [Key: [String]] = [:]

        init(names: [String]) { self.names = names }

        /// The names for a BLOB of little-endian 32-bit ids.
        mutating func list(_ bytes: UnsafeRawBufferPointer) throws(RowFailure) -> [String] {
            guard bytes.count <= MemoryLayout<SIMD2<UInt64>>.size else { return try decode(bytes) }
            var key = Key(ids: .zero, count: bytes.count)
            withUnsafeMutableBytes(of: &key.ids) { $0.copyMemory(from: bytes) }
            if let list = shared[key] { return list }
            let list = try decode(bytes)
            shared[key] = list
            return list
        }

        private func decode(_ bytes: UnsafeRawBufferPointer) throws(RowFailure) -> [String] {
            guard bytes.count % 4 == 0 else { throw .invalid("genres is \(bytes.count) bytes, not whole 32-bit ids") }
            return try stride(from: 0, to: bytes.count, by: 4).map { offset throws(RowFailure) in
                let id = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                guard id < names.count else { throw .invalid("genre id \(id) is not in the genre table") }
                return names[id]
            }
        }
    }

    // MARK: - Columns

    /// Text with its byte length (it may hold NUL); nil for NULL. The C function is `sqlite3_column_text`.
    private static func text(_ s: OpaquePointer?, _ column: Int32) -> String? {
        guard sqlite3_column_type(s, column) != SQLITE_NULL else { return nil }
        guard let bytes = sqlite3_column_text(s, column) else { return "" }
        let count = Int(sqlite3_column_bytes(s, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    private static func integer(_ s: OpaquePointer?, _ column: Int32) -> Int? {
        sqlite3_column_type(s, column) == SQLITE_NULL ? nil : Int(truncatingIfNeeded: sqlite3_column_int64(s, column))
    }

    /// A REAL column: NULL is missing, the text `NaN` is unknown (SQLite stores a bound NaN as NULL).
    private static func number(_ s: OpaquePointer?, _ column: Int32) throws(RowFailure) -> Double? {
        switch sqlite3_column_type(s, column) {
        case SQLITE_NULL: return nil
        case SQLITE_TEXT:
            guard let value = text(s, column), value == "NaN" else {
                throw .invalid("column \(trackColumns[Int(column) + 1]) holds text that is not NaN")
            }
            return .nan
        default: return sqlite3_column_double(s, column)
        }
    }

    /// A BLOB's bytes, valid until the next step; nil for NULL. The C function is `sqlite3_column_blob`.
    private static func blob(_ s: OpaquePointer?, _ column: Int32) -> UnsafeRawBufferPointer? {
        guard sqlite3_column_type(s, column) != SQLITE_NULL else { return nil }
        // Read the pointer before the length, as SQLite asks; an empty blob has a nil pointer.
        let bytes = sqlite3_column_blob(s, column)
        let count = Int(sqlite3_column_bytes(s, column))
        guard let bytes, count > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: bytes, count: count)
    }

    // MARK: - Bindings

    /// `SQLITE_TRANSIENT`: SQLite copies the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func bind(_ value: String?, _ s: OpaquePointer?, _ index: Int32) -> Int32 {
        guard var value else { return sqlite3_bind_null(s, index) }
        return value.withUTF8 { bytes in
            // A nil base (an empty string) would bind NULL; "" keeps it an empty text.
            guard let base = bytes.baseAddress else { return sqlite3_bind_text(s, index, "", 0, transient) }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text64(s, index, $0, sqlite3_uint64(bytes.count), transient, UInt8(SQLITE_UTF8))
            }
        }
    }

    private static func bind(_ value: Int?, _ s: OpaquePointer?, _ index: Int32) -> Int32 {
        guard let value else { return sqlite3_bind_null(s, index) }
        return sqlite3_bind_int64(s, index, Int64(value))
    }

    private static func bind(_ value: Double?, _ s: OpaquePointer?, _ index: Int32) -> Int32 {
        guard let value else { return sqlite3_bind_null(s, index) }
        if value.isNaN { return sqlite3_bind_text(s, index, "NaN", 3, transient) }
        return sqlite3_bind_double(s, index, value)
    }

    /// 32-bit values as a little-endian BLOB; an empty array is an empty BLOB, not NULL.
    private static func bindLittleEndian(_ values: [UInt32], _ s: OpaquePointer?, _ index: Int32) -> Int32 {
        guard !values.isEmpty else { return sqlite3_bind_zeroblob(s, index, 0) }
        #if _endian(big)
        let values = values.map(\.littleEndian)
        #endif
        return values.withUnsafeBytes { bytes in
            sqlite3_bind_blob64(s, index, bytes.baseAddress, sqlite3_uint64(bytes.count), transient)
        }
    }

    // MARK: - Steps

    /// Steps a statement that returns no rows, then resets it for the next bindings.
    private static func run(_ s: OpaquePointer?) throws(RowFailure) {
        let code = sqlite3_step(s)
        guard code == SQLITE_DONE else {
            let failure = RowFailure.sqlite(error(code, s))
            sqlite3_reset(s)
            throw failure
        }
        sqlite3_reset(s)
    }

    /// True while the statement has a row.
    private static func step(_ s: OpaquePointer?) throws(RowFailure) -> Bool {
        switch sqlite3_step(s) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw .sqlite(error(code, s))
        }
    }

    private static func check(_ code: Int32, _ s: OpaquePointer?) throws(RowFailure) {
        guard code == SQLITE_OK else { throw .sqlite(error(code, s)) }
    }

    /// The connection's error, copied at once. The C function is `sqlite3_errmsg`.
    private static func error(_ code: Int32, _ s: OpaquePointer?) -> DatabaseError {
        let message = sqlite3_errmsg(sqlite3_db_handle(s)).map { String(cString: $0) }
        let sql = sqlite3_sql(s).map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }
}
