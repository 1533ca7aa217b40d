import Foundation

/// A forward-only reader of JSON bytes for history files: it reads the members a parser asks for and skips the
/// rest unread, so a 100,000-entry Spotify export is read without building a dictionary per entry.
///
/// It reads RFC 8259 JSON, plus a leading byte-order mark and a trailing comma before `]` or `}`. Strings may hold
/// raw control characters (the parsers clean them). Skipping is iterative with a depth limit, so hostile nesting
/// cannot exhaust the stack; every failure is a `Failure` with the byte offset.
struct HistoryJSONScanner {
    /// Where the bytes stop being JSON, and what was expected there.
    struct Failure: Error {
        var offset: Int
        var message: String
    }

    /// A value that was read: scalars in full, containers skipped (a parser descends into the ones it wants before
    /// asking for a value).
    enum Value {
        case null
        case bool(Bool)
        /// The number as written.
        case number(Substring)
        /// The string, or nil when it is not valid UTF-8.
        case string(String?)
        case object
        case array

        /// What the value is, for a message: "a number", "an object".
        var kind: String {
            switch self {
            case .null: return "null"
            case .bool: return "a boolean"
            case .number: return "a number"
            case .string: return "a string"
            case .object: return "an object"
            case .array: return "an array"
            }
        }
    }

    /// The deepest nesting that is read or skipped.
    static let maximumDepth = 512

    let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
    }

    // MARK: - Structure

    /// Skips spaces, tabs and line breaks.
    mutating func skipSpace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// The next byte after spaces, without taking it; nil at the end.
    mutating func peek() -> UInt8? {
        skipSpace()
        return offset < bytes.count ? bytes[offset] : nil
    }

    /// Takes `byte` if it is next after spaces.
    mutating func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        offset += 1
        return true
    }

    /// Whether only spaces are left.
    mutating func atEnd() -> Bool { peek() == nil }

    /// A failure at the current byte (after spaces).
    mutating func failure(_ message: String) -> Failure {
        skipSpace()
        guard offset < bytes.count else {
            return Failure(offset: offset, message: "unexpected end of file: \(message)")
        }
        return Failure(offset: offset, message: message)
    }

    /// Takes the `{` of an object.
    mutating func beginObject() throws(Failure) {
        guard take(UInt8(ascii: "{")) else { throw failure("expected an object ('{')") }
    }

    /// After an array's `[` or an element: true when another element follows (taking the comma), false at the `]`
    /// (taking it).
    mutating func nextElement(first: Bool) throws(Failure) -> Bool {
        if !first {
            guard take(UInt8(ascii: ",")) else {
                if take(UInt8(ascii: "]")) { return false }
                throw failure("expected ',' or ']' after an array element")
            }
        }
        if take(UInt8(ascii: "]")) { return false }
        return true
    }

    /// The next member's name in the current object, `names` index of it when it is one of them (or -1), with the
    /// colon taken; nil at the object's `}` (taken).
    mutating func nextMember(first: Bool, names: [[UInt8]]) throws(Failure) -> Int? {
        if !first {
            guard take(UInt8(ascii: ",")) else {
                if take(UInt8(ascii: "}")) { return nil }
                throw failure("expected ',' or '}' after an object member")
            }
        }
        if take(UInt8(ascii: "}")) { return nil }
        guard peek() == UInt8(ascii: "\"") else { throw failure("expected a field name in double quotes") }
        let (start, end, plain) = try stringExtent()
        var found = -1
        if plain {
            let length = end - start
            let key = bytes.baseAddress.map { $0 + start }
            for (index, name) in names.enumerated() where name.count == length {
                let equal = name.withUnsafeBytes { name in
                    guard let key, let base = name.baseAddress else { return length == 0 }
                    return memcmp(base, key, length) == 0
                }
                if equal {
                    found = index
                    break
                }
            }
        } else if let name = decode(start, end) {
            found = names.firstIndex { $0.elementsEqual(name.utf8) } ?? -1
        }
        guard take(UInt8(ascii: ":")) else { throw failure("expected ':' after a field name") }
        return found
    }

    // MARK: - Values

    /// Reads the next value: a scalar in full, a container skipped.
    mutating func value() throws(Failure) -> Value {
        guard let byte = peek() else { throw failure("expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            let (start, end, _) = try stringExtent()
            return .string(decode(start, end))
        case UInt8(ascii: "{"):
            try skipContainer()
            return .object
        case UInt8(ascii: "["):
            try skipContainer()
            return .array
        case UInt8(ascii: "t"):
            guard literal("true") else { throw failure("expected a value (true, false and null are lowercase)") }
            return .bool(true)
        case UInt8(ascii: "f"):
            guard literal("false") else { throw failure("expected a value (true, false and null are lowercase)") }
            return .bool(false)
        case UInt8(ascii: "n"):
            guard literal("null") else { throw failure("expected a value (true, false and null are lowercase)") }
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try number())
        default:
            throw failure("expected a value")
        }
    }

    /// Skips the next value, whatever it is, decoding nothing.
    mutating func skipValue() throws(Failure) {
        switch peek() {
        case UInt8(ascii: "\""): _ = try stringExtent()
        case UInt8(ascii: "{"), UInt8(ascii: "["): try skipContainer()
        default: _ = try value()
        }
    }

    /// Skips an object or array with everything in it.
    private mutating func skipContainer() throws(Failure) {
        var closers: [UInt8] = []
        repeat {
            guard let byte = peek() else { throw failure("expected a value") }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard closers.count < Self.maximumDepth else {
                    throw failure("nested more than \(Self.maximumDepth) levels deep")
                }
                offset += 1
                let isObject = byte == UInt8(ascii: "{")
                closers.append(isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
                if isObject {
                    if take(UInt8(ascii: "}")) {
                        closers.removeLast()
                    } else {
                        try memberName()
                        continue  // its value is next
                    }
                } else if take(UInt8(ascii: "]")) {
                    closers.removeLast()
                } else {
                    continue  // the first element is next
                }
            default:
                try skipValue()
            }
            // After a value: a comma and the next element or member, or the close of its container.
            while let closer = closers.last {
                if take(UInt8(ascii: ",")) {
                    if take(closer) {  // a trailing comma
                        closers.removeLast()
                        continue
                    }
                    if closer == UInt8(ascii: "}") { try memberName() }
                    break
                }
                guard take(closer) else {
                    throw failure(
                        closer == UInt8(ascii: "}")
                            ? "expected ',' or '}' after an object member"
                            : "expected ',' or ']' after an array element")
                }
                closers.removeLast()
            }
        } while !closers.isEmpty
    }

    /// A member's name and colon, inside a skipped object.
    private mutating func memberName() throws(Failure) {
        guard peek() == UInt8(ascii: "\"") else { throw failure("expected a field name in double quotes") }
        _ = try stringExtent()
        guard take(UInt8(ascii: ":")) else { throw failure("expected ':' after a field name") }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        let matches = word.withUTF8Buffer { $0.elementsEqual(bytes[offset..<(offset + count)]) }
        guard matches else { return false }
        offset += count
        return true
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, as written.
    private mutating func number() throws(Failure) -> Substring {
        let start = offset
        func digits() -> Int {
            let first = offset
            while offset < bytes.count, bytes[offset] >= 0x30, bytes[offset] <= 0x39 { offset += 1 }
            return offset - first
        }
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        let integerStart = offset
        guard digits() > 0 else { throw Failure(offset: offset, message: "expected a digit") }
        if bytes[integerStart] == UInt8(ascii: "0"), offset - integerStart > 1 {
            throw Failure(offset: integerStart, message: "a number may not start with 0")
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard digits() > 0 else { throw Failure(offset: offset, message: "expected a digit after '.'") }
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
                offset += 1
            }
            guard digits() > 0 else { throw Failure(offset: offset, message: "expected a digit in the exponent") }
        }
        return Substring(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self))
    }

    /// Takes a string, from its opening quote to its closing one: the range between the quotes, and whether it
    /// holds no escape and no byte outside ASCII.
    private mutating func stringExtent() throws(Failure) -> (start: Int, end: Int, plain: Bool) {
        let quote = offset
        offset += 1
        let start = offset
        var plain = true
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                offset += 1
                return (start, offset - 1, plain)
            }
            if byte == UInt8(ascii: "\\") {
                plain = false
                offset += 2
                continue
            }
            if byte >= 0x80 { plain = false }
            offset += 1
        }
        throw Failure(offset: quote, message: "a string is not closed (no '\"' before the end of the file)")
    }

    /// The text between `start` and `end`, escapes decoded; nil when it is not valid UTF-8 or has a bad escape.
    private func decode(_ start: Int, _ end: Int) -> String? {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        guard raw.contains(UInt8(ascii: "\\")) else { return String(validating: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = 0
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= raw.count else { return nil }
            var value: UInt32 = 0
            for byte in raw[at..<(at + 4)] {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - 0x30
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - 0x61 + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - 0x41 + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        while index < raw.count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 1 < raw.count else { return nil }
            let escape = raw[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(index) else { return nil }
                index += 4
                if (0xD800..<0xDC00).contains(scalar), index + 6 <= raw.count, raw[index] == UInt8(ascii: "\\"),
                    raw[index + 1] == UInt8(ascii: "u"), let low = hex4(index + 2), (0xDC00..<0xE000).contains(low)
                {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                // A lone surrogate is no character: the replacement character stands for it.
                out.append(contentsOf: String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
            default:
                return nil
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    // MARK: - Positions

    /// The 1-based line and column of `offset`; columns count characters, not bytes.
    func lineAndColumn(of target: Int) -> (line: Int, column: Int) {
        var cursor = LineCursor()
        return cursor.advance(to: target, in: bytes)
    }
}

/// Counts lines and columns forward through the bytes, so positions asked for in increasing order cost one pass.
struct LineCursor {
    private var offset = 0
    private var line = 1
    private var column = 1

    /// The 1-based line and column of `target`; a target before the last one asked for starts a new pass.
    mutating func advance(to target: Int, in bytes: UnsafeRawBufferPointer) -> (line: Int, column: Int) {
        if target < offset || offset == 0 {
            self = LineCursor()
            // A byte-order mark takes no column.
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
        }
        let end = min(target, bytes.count)
        while offset < end {
            let byte = bytes[offset]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {  // not a UTF-8 continuation byte
                column += 1
            }
            offset += 1
        }
        return (line, column)
    }
}
