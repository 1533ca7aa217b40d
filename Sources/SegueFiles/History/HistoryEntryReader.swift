import Foundation
import SegueCore

/// What one entry of a history file turned out to be.
enum HistoryEntryOutcome<Item> {
    case item(Item)
    /// A podcast episode, an audiobook, or a play that names no track: ignored and counted.
    case ignored
}

/// What a JSON history file held: the entries read, ignored and rejected.
struct HistoryEntries<Item> {
    var items: [Item] = []
    var ignored = 0
    var rejectedCount = 0
    var rejections: [HistoryRejection] = []
}

extension PlayEventBatch {
    /// The plays of a JSON history file's bytes, each entry read with `entry` (see `HistoryEntryReader.read`).
    /// - Throws: `HistoryFileError`.
    static func reading(
        _ data: Data, path: String, kind: String, allowsLines: Bool,
        _ entry: (inout HistoryJSONScanner) throws -> HistoryEntryOutcome<PlayEvent>
    ) throws -> PlayEventBatch {
        let entries = try data.withUnsafeBytes { bytes in
            var reader = HistoryEntryReader<PlayEvent>(path: path, bytes: bytes)
            return try reader.read(kind: kind, allowsLines: allowsLines, entry)
        }
        return PlayEventBatch(
            path: path, events: entries.items, nonMusic: entries.ignored, rejectedCount: entries.rejectedCount,
            rejections: entries.rejections)
    }
}

/// Why one entry cannot be read: it is skipped and counted.
struct EntryProblem: Error {
    /// The field, e.g. `ts` or `track_metadata.artist_name`; nil for the entry as a whole.
    var field: String?
    var reason: String
}

/// Reads the entries of a JSON history file, a top-level array or one object per line, and turns each into an item
/// (a play, a like), an ignored entry or a rejection with its position. A syntax error stops the file with an error
/// naming where.
struct HistoryEntryReader<Item> {
    let path: String
    let bytes: UnsafeRawBufferPointer
    private var cursor = LineCursor()
    private var result = HistoryEntries<Item>()

    init(path: String, bytes: UnsafeRawBufferPointer) {
        self.path = path
        self.bytes = bytes
    }

    /// Reads every entry with `entry`, which reads one object from the scanner.
    /// - Parameters:
    ///   - kind: what the file should be, for the message when it is not ("a Spotify streaming history").
    ///   - allowsLines: whether one object per line (JSON lines) is read as well as an array.
    ///   - arrayMember: when the file is an object, the member that holds the array of entries.
    /// - Throws: `HistoryFileError`.
    mutating func read(
        kind: String, allowsLines: Bool = false, arrayMember: String? = nil,
        _ entry: (inout HistoryJSONScanner) throws -> HistoryEntryOutcome<Item>
    ) throws -> HistoryEntries<Item> {
        var scanner = HistoryJSONScanner(bytes: bytes)
        var index = 0
        do {
            switch scanner.peek() {
            case UInt8(ascii: "{") where arrayMember != nil:
                guard let member = arrayMember, try findArray(member, in: &scanner) else {
                    throw error(
                        .unexpectedShape, at: 0, entry: nil, message: "not \(kind): no '\(arrayMember ?? "")' array")
                }
                while try scanner.nextElement(first: index == 0) {
                    try readEntry(&scanner, index: index, entry)
                    index += 1
                }
            case UInt8(ascii: "["):
                _ = scanner.take(UInt8(ascii: "["))
                while try scanner.nextElement(first: index == 0) {
                    try readEntry(&scanner, index: index, entry)
                    index += 1
                }
                guard scanner.atEnd() else {
                    throw scanner.failure("text after the array's closing ']'")
                }
            case UInt8(ascii: "{") where allowsLines:
                while !scanner.atEnd() {
                    guard scanner.peek() == UInt8(ascii: "{") else {
                        throw scanner.failure("expected an object ('{') on each line")
                    }
                    try readEntry(&scanner, index: index, entry)
                    index += 1
                }
            case nil:
                throw error(.malformed, at: scanner.offset, entry: nil, message: "the file is empty")
            default:
                let shape =
                    allowsLines ? "a JSON array of listens ('[') or one listen object per line" : "a JSON array ('[')"
                throw error(
                    .unexpectedShape, at: scanner.offset, entry: nil,
                    message: "not \(kind): expected \(shape)")
            }
        } catch let failure as HistoryJSONScanner.Failure {
            throw error(.malformed, at: failure.offset, entry: index, message: "not valid JSON: \(failure.message)")
        }
        if result.items.isEmpty, result.ignored == 0, let first = result.rejections.first {
            throw HistoryFileError(
                .noReadableEntries, path: path, line: first.line, column: first.column, entry: first.entry,
                field: first.field,
                message: "\(first.reason); no entry of \(result.rejectedCount) could be read (is this \(kind)?)")
        }
        return result
    }

    /// Reads the top-level object up to the `[` of its member `name` (taken); false when it has no such array.
    private func findArray(_ name: String, in scanner: inout HistoryJSONScanner) throws -> Bool {
        try scanner.beginObject()
        var first = true
        while let index = try scanner.nextMember(first: first, names: [Array(name.utf8)]) {
            first = false
            if index == 0, scanner.take(UInt8(ascii: "[")) { return true }
            try scanner.skipValue()
        }
        return false
    }

    private mutating func readEntry(
        _ scanner: inout HistoryJSONScanner, index: Int,
        _ entry: (inout HistoryJSONScanner) throws -> HistoryEntryOutcome<Item>
    ) throws {
        _ = scanner.peek()
        let start = scanner.offset
        guard scanner.peek() == UInt8(ascii: "{") else {
            let value = try scanner.value()
            reject(at: start, entry: index, EntryProblem(reason: "expected an object, found \(value.kind)"))
            return
        }
        do {
            switch try entry(&scanner) {
            case .item(let item): result.items.append(item)
            case .ignored: result.ignored += 1
            }
        } catch let problem as EntryProblem {
            reject(at: start, entry: index, problem)
        }
    }

    private mutating func reject(at offset: Int, entry: Int, _ problem: EntryProblem) {
        result.rejectedCount += 1
        guard result.rejections.count < PlayEventBatch.keptRejections else { return }
        let (line, column) = cursor.advance(to: offset, in: bytes)
        result.rejections.append(
            HistoryRejection(
                path: path, line: line, column: column, entry: entry, field: problem.field, reason: problem.reason))
    }

    private mutating func error(
        _ code: HistoryFileError.Code, at offset: Int, entry: Int?, message: String
    ) -> HistoryFileError {
        let (line, column) = cursor.advance(to: offset, in: bytes)
        return HistoryFileError(code, path: path, line: line, column: column, entry: entry, message: message)
    }
}

/// A JSON object's members as a history parser wants them: the named ones read, objects among them read by their
/// own schema, the rest skipped.
struct HistorySchema {
    let names: [[UInt8]]
    let nested: [Int: HistorySchema]

    init(_ names: [String], nested: [String: HistorySchema] = [:]) {
        self.names = names.map { Array($0.utf8) }
        var byIndex: [Int: HistorySchema] = [:]
        for (name, schema) in nested {
            if let index = names.firstIndex(of: name) { byIndex[index] = schema }
        }
        self.nested = byIndex
    }
}

/// A member read by a schema: a value, or the members of a nested object.
enum HistoryField {
    case value(HistoryJSONScanner.Value)
    case object([HistoryField?])
}

extension HistoryJSONScanner {
    /// Reads an object by `schema`: the value of each named member (the last, if a name repeats), in `schema`'s
    /// order; nil for a member that is not there.
    mutating func object(_ schema: HistorySchema, depth: Int = 0) throws -> [HistoryField?] {
        var fields = [HistoryField?](repeating: nil, count: schema.names.count)
        try beginObject()
        var first = true
        while let index = try nextMember(first: first, names: schema.names) {
            first = false
            if index < 0 {
                try skipValue()
            } else if let nested = schema.nested[index], peek() == UInt8(ascii: "{"), depth < 8 {
                fields[index] = .object(try object(nested, depth: depth + 1))
            } else {
                fields[index] = .value(try value())
            }
        }
        return fields
    }
}

/// Reading typed values out of an entry's fields, each problem an `EntryProblem` naming the field.
enum HistoryFields {
    /// Names longer than this many bytes of UTF-8 are rejected: no artist or title is, and a 10 kB one is an
    /// attack or a broken file.
    static let maximumTextBytes = 2_048

    /// A string member: nil when it is missing, null or blank.
    static func text(_ field: HistoryField?, _ name: String) throws(EntryProblem) -> String? {
        switch field {
        case nil, .value(.null): return nil
        case .value(.string(let text?)): return try clean(text, name)
        case .value(.string(nil)): throw EntryProblem(field: name, reason: "not valid UTF-8")
        case .value(let value): throw EntryProblem(field: name, reason: "expected a string, found \(value.kind)")
        case .object: throw EntryProblem(field: name, reason: "expected a string, found an object")
        }
    }

    /// A whole-number member (a fraction is dropped): nil when it is missing or null.
    static func integer(_ field: HistoryField?, _ name: String) throws(EntryProblem) -> Int64? {
        switch field {
        case nil, .value(.null): return nil
        case .value(.number(let text)):
            if let value = Int64(text) { return value }
            guard let value = Double(text), value.isFinite, abs(value) < 9e15 else {
                throw EntryProblem(field: name, reason: "\(text) is out of range")
            }
            return Int64(value.rounded(.down))
        case .value(let value): throw EntryProblem(field: name, reason: "expected a number, found \(value.kind)")
        case .object: throw EntryProblem(field: name, reason: "expected a number, found an object")
        }
    }

    /// A boolean member (0 and 1 read as false and true): nil when it is missing or null.
    static func bool(_ field: HistoryField?, _ name: String) throws(EntryProblem) -> Bool? {
        switch field {
        case nil, .value(.null): return nil
        case .value(.bool(let value)): return value
        case .value(.number(let text)) where text == "0" || text == "1": return text == "1"
        case .value(let value): throw EntryProblem(field: name, reason: "expected true or false, found \(value.kind)")
        case .object: throw EntryProblem(field: name, reason: "expected true or false, found an object")
        }
    }

    /// `text` as a name: control characters (which could move a terminal's cursor when the name is printed) read as
    /// spaces, surrounding white space trimmed; nil when nothing is left.
    /// - Throws: `EntryProblem` when the text is longer than `maximumTextBytes`.
    static func clean(_ text: String, _ name: String) throws(EntryProblem) -> String? {
        let utf8 = text.utf8
        guard utf8.count <= maximumTextBytes else {
            throw EntryProblem(
                field: name, reason: "\(utf8.count) bytes long; a name may have at most \(maximumTextBytes)")
        }
        // C0 controls and DEL are single bytes; C1 controls and the no-break space start with 0xC2; other white space
        // that could stand at an end (U+1680, U+2000...) starts with 0xE1, 0xE2 or 0xE3.
        guard let first = utf8.first, let last = utf8.last else { return nil }
        let plain =
            !utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }
            && first != 0x20 && last != 0x20 && first < 0xE1 && last < 0x80
        if plain { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(scalar.properties.generalCategory == .control ? " " : scalar)
        }
        let blank: (Unicode.Scalar) -> Bool = { $0.properties.isWhitespace }
        guard let start = scalars.firstIndex(where: { !blank($0) }), let end = scalars.lastIndex(where: { !blank($0) })
        else { return nil }
        return String(scalars[start...end])
    }
}
