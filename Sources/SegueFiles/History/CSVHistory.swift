import Foundation
import SegueCore

/// A listening history as CSV: one play per row, `timestamp,artist,title`, as the plays as `PlayEvent`s.
///
/// The first row may be a header naming the columns, in any order and with others beside them: `timestamp`
/// (or `time`, `date`, `ts`, `listened_at`, `played_at`), `artist` (or `artist_name`), `title` (or `track`,
/// `track_name`, `song`), and optionally `album` (or `release`, `release_name`) and `ms_played`. Without a header
/// the columns are `timestamp,artist,title[,album]`. A timestamp is ISO 8601 (`2023-01-05T14:03:12Z`,
/// `2023-01-05 14:03`, UTC without a zone) or seconds since 1970 (milliseconds when 13 digits or more).
/// Fields are RFC 4180: a field in double quotes may hold commas, line breaks and quotes written twice (`""`).
/// A file with tabs and no commas in its first row is read as tab-separated, one with semicolons and no commas as
/// semicolon-separated. Rows may end in CRLF; blank rows are skipped.
///
/// A row that cannot be read (a bad time, too few fields, an empty artist or title, invalid UTF-8, a name over
/// 2 kB) is skipped and counted with its line; an unclosed quote, or a file none of whose rows can be read, is an
/// error naming the line.
public enum CSVHistory {
    /// The plays in `data`, the contents of the file at `path` (named in every message).
    /// - Throws: `HistoryFileError`.
    public static func read(_ data: Data, path: String) throws -> PlayEventBatch {
        var reader = CSVRowReader(bytes: [UInt8](data))
        var columns: Columns?
        var events: [PlayEvent] = []
        var rejectedCount = 0
        var rejections: [HistoryRejection] = []
        func reject(_ line: Int, _ field: String?, _ reason: String) {
            rejectedCount += 1
            guard rejections.count < PlayEventBatch.keptRejections else { return }
            rejections.append(HistoryRejection(path: path, line: line, field: field, reason: reason))
        }
        do {
            while let row = try reader.next() {
                if columns == nil {
                    columns = try header(row, path: path) ?? Columns.positional
                    if columns?.isHeader == true { continue }
                }
                guard let columns else { continue }
                switch event(row.fields, columns) {
                case .success(let event): events.append(event)
                case .failure(let problem): reject(row.line, problem.field, problem.reason)
                }
            }
        } catch let failure as CSVRowReader.Failure {
            throw HistoryFileError(
                .malformed, path: path, line: failure.line, message: "not valid CSV: \(failure.message)")
        }
        if events.isEmpty, let first = rejections.first {
            throw HistoryFileError(
                .noReadableEntries, path: path, line: first.line, field: first.field,
                message: "\(first.reason); no row of \(rejectedCount) could be read (expected timestamp,artist,title)")
        }
        return PlayEventBatch(path: path, events: events, rejectedCount: rejectedCount, rejections: rejections)
    }

    /// The plays in the file at `url`.
    /// - Throws: `FileError` when it cannot be read, `HistoryFileError` when it is not a CSV history.
    public static func read(contentsOf url: URL) throws -> PlayEventBatch {
        try read(InputFile.read(url), path: url.path)
    }

    /// Where each value is, and the names to report problems by.
    struct Columns {
        var timestamp = 0, artist = 1, title = 2
        var album: Int? = 3
        var msPlayed: Int?
        var names = ["timestamp", "artist", "title", "album", "ms_played"]
        var isHeader = false

        static let positional = Columns()
    }

    private static let aliases: [String: Int] = {
        var table: [String: Int] = [:]
        for name in ["timestamp", "time", "date", "ts", "listened_at", "played_at", "datetime", "endtime", "end_time"] {
            table[name] = 0
        }
        for name in ["artist", "artist_name", "artistname", "master_metadata_album_artist_name"] { table[name] = 1 }
        for name in ["title", "track", "track_name", "trackname", "song", "master_metadata_track_name"] {
            table[name] = 2
        }
        for name in ["album", "release", "release_name", "album_name", "master_metadata_album_album_name"] {
            table[name] = 3
        }
        for name in ["ms_played", "msplayed"] { table[name] = 4 }
        return table
    }()

    /// The columns a header row names; nil when the row is a play (its first field is a time, or it names no
    /// column).
    private static func header(_ row: CSVRowReader.Row, path: String) throws -> Columns? {
        let names = row.fields.map { ($0 ?? "").trimmingCharacters(in: .whitespaces).lowercased() }
        if let first = row.fields.first ?? nil, time(first.trimmingCharacters(in: .whitespaces)) != nil { return nil }
        guard names.contains(where: { aliases[$0] != nil }) else { return nil }
        var found: [Int: Int] = [:]
        for (index, name) in names.enumerated() {
            if let role = aliases[name], found[role] == nil { found[role] = index }
        }
        for (role, name) in [(0, "timestamp"), (1, "artist"), (2, "title")] where found[role] == nil {
            throw HistoryFileError(
                .unexpectedShape, path: path, line: row.line,
                message: "the header names no '\(name)' column (it has \(names.joined(separator: ",")))")
        }
        var columns = Columns()
        columns.timestamp = found[0] ?? 0
        columns.artist = found[1] ?? 1
        columns.title = found[2] ?? 2
        columns.album = found[3]
        columns.msPlayed = found[4]
        columns.names = names
        columns.isHeader = true
        return columns
    }

    /// The time in a timestamp field (trimmed).
    private static func time(_ field: String) -> Int64? {
        HistoryTime.seconds(unix: field) ?? HistoryTime.seconds(iso8601: field)
    }

    private static func event(_ fields: [String?], _ columns: Columns) -> Result<PlayEvent, EntryProblem> {
        func name(_ index: Int) -> String { index < columns.names.count ? columns.names[index] : "column \(index + 1)" }
        let needed = max(columns.timestamp, columns.artist, columns.title) + 1
        guard fields.count >= needed else {
            return .failure(EntryProblem(reason: "expected at least \(needed) fields, found \(fields.count)"))
        }
        func text(_ index: Int) throws(EntryProblem) -> String? {
            guard index < fields.count else { return nil }
            guard let field = fields[index] else { throw EntryProblem(field: name(index), reason: "not valid UTF-8") }
            return try HistoryFields.clean(field, name(index))
        }
        do throws(EntryProblem) {
            guard let stamp = try text(columns.timestamp), let seconds = time(stamp) else {
                throw EntryProblem(
                    field: name(columns.timestamp),
                    reason: "not a time: expected ISO 8601 (2023-01-05T14:03:12Z) or seconds since 1970")
            }
            guard let artist = try text(columns.artist) else {
                throw EntryProblem(field: name(columns.artist), reason: "empty")
            }
            guard let title = try text(columns.title) else {
                throw EntryProblem(field: name(columns.title), reason: "empty")
            }
            var album: String?
            if let index = columns.album { album = try text(index) }
            var ms: Int?
            if let index = columns.msPlayed, let value = try text(index) {
                guard let parsed = Int(value), parsed >= 0 else {
                    throw EntryProblem(field: name(index), reason: "not a duration in milliseconds")
                }
                ms = parsed
            }
            return .success(
                PlayEvent(source: .csv, time: seconds, artist: artist, title: title, album: album, msPlayed: ms))
        } catch {
            return .failure(error)
        }
    }
}

/// Reads CSV rows (RFC 4180) from bytes, with the line each starts on.
struct CSVRowReader {
    /// A row: its fields (nil for one that is not valid UTF-8) and its first line.
    struct Row {
        var fields: [String?]
        var line: Int
    }

    /// Where the bytes stop being CSV.
    struct Failure: Error {
        var line: Int
        var message: String
    }

    let bytes: [UInt8]
    private var offset = 0
    private var line = 1
    private var separator: UInt8 = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
    }

    /// The next row that is not blank; nil at the end.
    mutating func next() throws(Failure) -> Row? {
        while offset < bytes.count {
            if separator == 0 { separator = detectSeparator() }
            let start = line
            var fields: [String?] = []
            var field: [UInt8] = []
            var quoted = false
            var endOfRow = false
            while !endOfRow {
                guard offset < bytes.count else { break }
                let byte = bytes[offset]
                if field.isEmpty, !quoted, byte == UInt8(ascii: "\"") {
                    // A quoted field: up to the quote that is not doubled.
                    let opened = line
                    offset += 1
                    quoted = true
                    while true {
                        guard offset < bytes.count else {
                            throw Failure(
                                line: opened, message: "a quoted field is not closed (no '\"' before the end)")
                        }
                        let inner = bytes[offset]
                        offset += 1
                        if inner == UInt8(ascii: "\"") {
                            if offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") {
                                field.append(inner)
                                offset += 1
                                continue
                            }
                            break
                        }
                        if inner == 0x0A { line += 1 }
                        field.append(inner)
                    }
                    guard
                        offset >= bytes.count || bytes[offset] == separator || bytes[offset] == 0x0A
                            || bytes[offset] == 0x0D
                    else {
                        throw Failure(
                            line: line, message: "expected a separator or the end of the row after a closing quote")
                    }
                    continue
                }
                offset += 1
                switch byte {
                case separator:
                    fields.append(String(validating: field, as: UTF8.self))
                    field.removeAll(keepingCapacity: true)
                    quoted = false
                case 0x0A, 0x0D:
                    if byte == 0x0D, offset < bytes.count, bytes[offset] == 0x0A { offset += 1 }
                    line += 1
                    endOfRow = true
                default:
                    field.append(byte)
                }
            }
            fields.append(String(validating: field, as: UTF8.self))
            let blank = fields.count == 1 && !quoted && (fields[0]?.allSatisfy { $0 == " " || $0 == "\t" } ?? false)
            if blank { continue }
            return Row(fields: fields, line: start)
        }
        return nil
    }

    /// The first row's separator: a comma, else a tab or a semicolon when the row has one.
    private func detectSeparator() -> UInt8 {
        var index = offset
        var tab = false
        var semicolon = false
        while index < bytes.count, bytes[index] != 0x0A {
            switch bytes[index] {
            case UInt8(ascii: ","): return UInt8(ascii: ",")
            case 0x09: tab = true
            case UInt8(ascii: ";"): semicolon = true
            default: break
            }
            index += 1
        }
        return tab ? 0x09 : semicolon ? UInt8(ascii: ";") : UInt8(ascii: ",")
    }
}
