/// Where a text stops being JSON: the first offending byte and what was expected there.
///
/// Foundation's `JSONDecoder` on Linux reports every syntax error as "The given data was not valid JSON." with no
/// position and no underlying error, so `JSONFile` runs this scan after a failed decode to say where and why. It
/// reads JSON as that decoder does: RFC 8259, plus a leading byte-order mark and a trailing comma before `]` or `}`,
/// which the decoder accepts. The scan is iterative (no recursion), so hostile nesting cannot exhaust the stack.
///
/// Asked to, it also reports the first number no reader can hold (one that overflows a `Double`, such as `1e400`,
/// which `JSONSerialization` refuses) with the field path where it stands.
struct JSONSyntaxError: Equatable {
    /// The byte offset of the offending byte; the data's length at an unexpected end of file.
    var offset: Int
    /// What is wrong, e.g. "expected ',' or '}' after an object member".
    var message: String
    /// For a number out of range: where it stands (`facts.year`, `[2]`); nil for a syntax error.
    var field: String? = nil

    /// Containers nested deeper than this are reported (Foundation's decoder has a limit of its own).
    static let maximumDepth = 512

    /// The first syntax error in `bytes`, or nil when they are one JSON value; with `checkingNumbers`, also the first
    /// number that overflows a `Double`.
    static func first(in bytes: [UInt8], checkingNumbers: Bool = false) -> JSONSyntaxError? {
        var scanner = Scanner(bytes: bytes, checkingNumbers: checkingNumbers)
        return scanner.run()
    }

    /// The 1-based line and column of `offset` in `bytes`. Columns count characters (Unicode scalars), not bytes;
    /// a leading byte-order mark takes no column.
    static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var index = bytes.starts(with: byteOrderMark) ? min(byteOrderMark.count, offset) : 0
        while index < min(offset, bytes.count) {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if bytes[index] & 0xC0 != 0x80 {  // not a UTF-8 continuation byte
                column += 1
            }
            index += 1
        }
        return (line, column)
    }

    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private struct Scanner {
        /// What the scanner expects next.
        enum State {
            /// A value; `closes` when a `]` may come instead (after `[` or after a comma in an array).
            case value(closes: Bool)
            /// A member's key, or `}` (after `{` or after a comma in an object).
            case key
            /// A comma or the enclosing container's close, or the end of the text at the top level.
            case afterValue
        }

        /// One step of the path to the current value: an object member's key (its text as written), or an index.
        enum Step {
            case key(String)
            case index(Int)
        }

        let bytes: [UInt8]
        let checkingNumbers: Bool
        var offset = 0
        /// Kept only when checking numbers: the path to the value being read.
        var path: [Step] = []

        init(bytes: [UInt8], checkingNumbers: Bool) {
            self.bytes = bytes
            self.checkingNumbers = checkingNumbers
        }

        mutating func run() -> JSONSyntaxError? {
            if bytes.starts(with: JSONSyntaxError.byteOrderMark) { offset = JSONSyntaxError.byteOrderMark.count }
            var open: [UInt8] = []  // the `[` or `{` of each enclosing container
            var state = State.value(closes: false)
            while true {
                skipSpace()
                let byte: UInt8? = offset < bytes.count ? bytes[offset] : nil
                switch state {
                case .value(let closes):
                    guard let byte else {
                        let empty = open.isEmpty
                        return fail(empty ? "the file holds no JSON value" : "unexpected end of file: expected a value")
                    }
                    switch byte {
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        guard open.count < JSONSyntaxError.maximumDepth else {
                            return fail("nested more than \(JSONSyntaxError.maximumDepth) levels deep")
                        }
                        open.append(byte)
                        if checkingNumbers { path.append(byte == UInt8(ascii: "{") ? .key("") : .index(0)) }
                        offset += 1
                        state = byte == UInt8(ascii: "{") ? .key : .value(closes: true)
                    case UInt8(ascii: "]") where closes:
                        open.removeLast()
                        if checkingNumbers { path.removeLast() }
                        offset += 1
                        state = .afterValue
                    case UInt8(ascii: "\""):
                        if let error = string() { return error }
                        state = .afterValue
                    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                        if let error = number() { return error }
                        state = .afterValue
                    case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                        guard literal() else { return fail("expected a value (true, false and null are lowercase)") }
                        state = .afterValue
                    default:
                        if starts(with: "NaN") || starts(with: "Infinity") {
                            return fail("expected a value (write NaN and Infinity as strings: \"NaN\")")
                        }
                        return fail("expected a value")
                    }
                case .key:
                    guard let byte else { return fail("unexpected end of file: expected a field name or '}'") }
                    if byte == UInt8(ascii: "}") {
                        open.removeLast()
                        if checkingNumbers { path.removeLast() }
                        offset += 1
                        state = .afterValue
                        continue
                    }
                    guard byte == UInt8(ascii: "\"") else { return fail("expected a field name in double quotes") }
                    let keyStart = offset
                    if let error = string() { return error }
                    if checkingNumbers, !path.isEmpty {
                        path[path.count - 1] = .key(
                            String(decoding: bytes[keyStart + 1..<offset - 1], as: UTF8.self))
                    }
                    skipSpace()
                    guard offset < bytes.count else {
                        return fail("unexpected end of file: expected ':' after a field name")
                    }
                    guard bytes[offset] == UInt8(ascii: ":") else { return fail("expected ':' after a field name") }
                    offset += 1
                    state = .value(closes: false)
                case .afterValue:
                    guard let container = open.last else {
                        return byte == nil ? nil : fail("unexpected text after the end of the JSON value")
                    }
                    let inObject = container == UInt8(ascii: "{")
                    let close = inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                    let expected =
                        "expected ',' or '\(Character(Unicode.Scalar(close)))' after "
                        + (inObject ? "an object member" : "an array element")
                    guard let byte else { return fail("unexpected end of file: " + expected) }
                    if byte == UInt8(ascii: ",") {
                        offset += 1
                        state = inObject ? .key : .value(closes: true)
                        if checkingNumbers, !inObject, case .index(let index) = path.last {
                            path[path.count - 1] = .index(index + 1)
                        }
                    } else if byte == close {
                        open.removeLast()
                        if checkingNumbers { path.removeLast() }
                        offset += 1
                    } else {
                        return fail(expected)
                    }
                }
            }
        }

        func fail(_ message: String) -> JSONSyntaxError { JSONSyntaxError(offset: offset, message: message) }

        func starts(with word: String) -> Bool { bytes[offset...].starts(with: word.utf8) }

        mutating func skipSpace() {
            while offset < bytes.count,
                bytes[offset] == 0x20 || bytes[offset] == 0x0A || bytes[offset] == 0x0D || bytes[offset] == 0x09
            {
                offset += 1
            }
        }

        /// `true`, `false` or `null`, ended by anything but a letter or digit (the next state judges what follows).
        mutating func literal() -> Bool {
            for word in ["true", "false", "null"] where starts(with: word) {
                offset += word.utf8.count
                return true
            }
            return false
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
        mutating func number() -> JSONSyntaxError? {
            let start = offset
            if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard digit() else { return fail("expected a digit after '-'") }
            if bytes[offset] == UInt8(ascii: "0") {
                offset += 1
                if digit() {
                    offset = start
                    return fail("a number may not start with a leading zero")
                }
            } else {
                while digit() { offset += 1 }
            }
            if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
                offset += 1
                guard digit() else { return fail("expected a digit after the decimal point") }
                while digit() { offset += 1 }
            }
            if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
                offset += 1
                if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
                    offset += 1
                }
                guard digit() else { return fail("expected a digit in the exponent") }
                while digit() { offset += 1 }
            }
            guard checkingNumbers else { return nil }
            let text = String(decoding: bytes[start..<offset], as: UTF8.self)
            guard let value = Double(text), !value.isFinite else { return nil }
            let limit = Double.greatestFiniteMagnitude
            return JSONSyntaxError(
                offset: start, message: "\(text) is out of range (allowed: a number from \(-limit) to \(limit))",
                field: fieldPath())
        }

        /// The path to the value being read, as a person reads it: `facts.year`, `tracks[3].bpm`, or "the top level".
        func fieldPath() -> String {
            guard !path.isEmpty else { return "the top level" }
            return path.map { step in
                switch step {
                case .key(let key): ".\(key)"
                case .index(let index): "[\(index)]"
                }
            }.joined().trimmingPrefix(".").description
        }

        func digit() -> Bool {
            offset < bytes.count && bytes[offset] >= UInt8(ascii: "0") && bytes[offset] <= UInt8(ascii: "9")
        }

        /// A string from its opening quote: escapes, surrogate pairs, control characters and UTF-8 are checked.
        mutating func string() -> JSONSyntaxError? {
            offset += 1
            while offset < bytes.count {
                let byte = bytes[offset]
                if byte == UInt8(ascii: "\"") {
                    offset += 1
                    return nil
                } else if byte == UInt8(ascii: "\\") {
                    if let error = escape() { return error }
                } else if byte < 0x20 {
                    return fail("a control character in a string must be escaped (\\n, \\t, \\u0001)")
                } else if byte >= 0x80 {
                    guard let length = utf8Length() else { return fail("invalid UTF-8 in a string") }
                    offset += length
                } else {
                    offset += 1
                }
            }
            return fail("unexpected end of file inside a string")
        }

        /// An escape from its backslash.
        mutating func escape() -> JSONSyntaxError? {
            guard offset + 1 < bytes.count else {
                offset = bytes.count
                return fail("unexpected end of file inside a string")
            }
            switch bytes[offset + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                offset += 2
                return nil
            case UInt8(ascii: "u"):
                guard let unit = hex4(at: offset + 2) else { return fail("expected four hex digits after \\u") }
                if unit >= 0xDC00 && unit < 0xE000 {
                    return fail("\\u\(hexText(at: offset + 2)) is a low surrogate without a high surrogate before it")
                }
                guard unit >= 0xD800 && unit < 0xDC00 else {
                    offset += 6
                    return nil
                }
                guard offset + 7 < bytes.count, bytes[offset + 6] == UInt8(ascii: "\\"),
                    bytes[offset + 7] == UInt8(ascii: "u"), let low = hex4(at: offset + 8),
                    low >= 0xDC00 && low < 0xE000
                else {
                    return fail("\\u\(hexText(at: offset + 2)) is a high surrogate without a low surrogate after it")
                }
                offset += 12
                return nil
            default:
                return fail("invalid escape in a string (use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX)")
            }
        }

        func hex4(at start: Int) -> UInt32? {
            guard start + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[start..<start + 4] {
                guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { return nil }
                value = value << 4 | UInt32(digit)
            }
            return value
        }

        func hexText(at start: Int) -> String { String(decoding: bytes[start..<start + 4], as: UTF8.self) }

        /// The length of the well-formed UTF-8 sequence at `offset` (Unicode Table 3-7), or nil.
        func utf8Length() -> Int? {
            let length: Int
            let second: ClosedRange<UInt8>
            switch bytes[offset] {
            case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
            case 0xE0: (length, second) = (3, 0xA0...0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (length, second) = (3, 0x80...0xBF)
            case 0xED: (length, second) = (3, 0x80...0x9F)
            case 0xF0: (length, second) = (4, 0x90...0xBF)
            case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
            case 0xF4: (length, second) = (4, 0x80...0x8F)
            default: return nil
            }
            guard offset + length <= bytes.count, second.contains(bytes[offset + 1]) else { return nil }
            for index in offset + 2..<offset + length where bytes[index] & 0xC0 != 0x80 { return nil }
            return length
        }
    }
}
