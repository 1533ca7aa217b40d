import SegueCore

/// A JSON object whose values are strings, integers or objects of those, read from UTF-8 by hand: the shape of
/// a `segue check --jsonl` line, without `JSONSerialization`'s cost (a third of the command's time before).
///
/// It answers nil for anything else (other value types, duplicate keys, bad escapes, invalid UTF-8, text after
/// the object), so a caller falls back to `JSONSerialization` and gets its answer and its error message.
struct FlatJSONObject {
    /// A value: a string, an integer as it is written (`-12`), or an object of those (one level deep).
    enum Value: Equatable {
        case string(String)
        case integer(String)
        case object([String: Value])
    }

    let members: [String: Value]

    /// Parses `bytes`, or nil when they are not of the handled shape.
    init?(_ bytes: UnsafeRawBufferPointer) {
        var reader = Reader(bytes: bytes)
        guard let members = reader.object(depth: 0) else { return nil }
        reader.skipSpace()
        guard reader.offset == bytes.count else { return nil }
        self.members = members
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        mutating func skipSpace() {
            while offset < bytes.count,
                bytes[offset] == 0x20 || bytes[offset] == 0x09 || bytes[offset] == 0x0A
                    || bytes[offset] == 0x0D
            {
                offset += 1
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard offset < bytes.count, bytes[offset] == byte else { return false }
            offset += 1
            return true
        }

        /// `{ "key": value, ... }`; nested objects only at depth 0, and their values only strings and integers.
        mutating func object(depth: Int) -> [String: Value]? {
            guard take(UInt8(ascii: "{")) else { return nil }
            var members: [String: Value] = [:]
            if take(UInt8(ascii: "}")) { return members }
            repeat {
                skipSpace()
                guard let key = string(), take(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                guard offset < bytes.count else { return nil }
                let value: Value
                switch bytes[offset] {
                case UInt8(ascii: "\""):
                    guard let text = string() else { return nil }
                    value = .string(text)
                case UInt8(ascii: "{") where depth == 0:
                    guard let inner = object(depth: 1) else { return nil }
                    value = .object(inner)
                default:
                    guard let digits = integer() else { return nil }
                    value = .integer(digits)
                }
                // A repeated key: which one JSONSerialization keeps is its business.
                guard members.updateValue(value, forKey: key) == nil else { return nil }
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "}")) ? members : nil
        }

        /// `-?(0|[1-9][0-9]*)` of at most 15 digits, ended by a delimiter: written as any JSON reader prints it back.
        mutating func integer() -> String? {
            let start = offset
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            let digitsStart = offset
            while offset < bytes.count, bytes[offset] >= 0x30 && bytes[offset] <= 0x39 { offset += 1 }
            let count = offset - digitsStart
            guard count > 0, count <= 15, count == 1 || bytes[digitsStart] != 0x30 else { return nil }
            guard !(count == 1 && bytes[digitsStart] == 0x30 && digitsStart > start) else { return nil }  // -0
            if offset < bytes.count {
                let next = bytes[offset]
                guard
                    next == UInt8(ascii: ",") || next == UInt8(ascii: "}") || next == 0x20 || next == 0x09
                        || next == 0x0A
                        || next == 0x0D
                else { return nil }
            }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        }

        /// A string at `offset` (which holds its opening quote), escapes decoded; nil for a control character, a
        /// bad escape, a lone surrogate or invalid UTF-8.
        mutating func string() -> String? {
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { return nil }
            offset += 1
            let start = offset
            var ascii = true
            while offset < bytes.count {
                let byte = bytes[offset]
                if byte == UInt8(ascii: "\"") {
                    let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<offset])
                    offset += 1
                    return ascii ? String(decoding: raw, as: UTF8.self) : String(validating: raw, as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") {
                    offset = start
                    return escapedString()
                }
                guard byte >= 0x20, !isByteOrderMark(at: offset) else { return nil }
                if byte >= 0x80 { ascii = false }
                offset += 1
            }
            return nil
        }

        /// JSONSerialization drops U+FEFF from strings, wherever it stands; such a line is left to it.
        func isByteOrderMark(at index: Int) -> Bool {
            bytes[index] == 0xEF && index + 2 < bytes.count && bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF
        }

        /// The slow path of `string()`, from just after the opening quote.
        mutating func escapedString() -> String? {
            var utf8: [UInt8] = []
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(validating: utf8, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard offset < bytes.count else { return nil }
                    let escape = bytes[offset]
                    offset += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                    case UInt8(ascii: "b"): utf8.append(0x08)
                    case UInt8(ascii: "f"): utf8.append(0x0C)
                    case UInt8(ascii: "n"): utf8.append(0x0A)
                    case UInt8(ascii: "r"): utf8.append(0x0D)
                    case UInt8(ascii: "t"): utf8.append(0x09)
                    case UInt8(ascii: "u"):
                        guard var scalar = hex4() else { return nil }
                        if scalar >= 0xD800 && scalar < 0xDC00 {
                            guard offset + 2 <= bytes.count, bytes[offset] == UInt8(ascii: "\\"),
                                bytes[offset + 1] == UInt8(ascii: "u")
                            else { return nil }
                            offset += 2
                            guard let low = hex4(), low >= 0xDC00 && low < 0xE000 else { return nil }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        // A byte-order mark, or a lone low surrogate.
                        guard scalar != 0xFEFF, let unicode = Unicode.Scalar(scalar) else { return nil }
                        utf8.append(contentsOf: String(unicode).utf8)
                    default:
                        return nil
                    }
                default:
                    guard byte >= 0x20, !isByteOrderMark(at: offset - 1) else { return nil }
                    utf8.append(byte)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard offset + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[offset]
                offset += 1
                let digit: UInt8
                switch byte {
                case 0x30...0x39: digit = byte - 0x30
                case 0x41...0x46: digit = byte - 0x41 + 10
                case 0x61...0x66: digit = byte - 0x61 + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
    }
}
