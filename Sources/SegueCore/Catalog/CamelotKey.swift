import Foundation

/// A musical key on the Camelot wheel: a number 1–12 and `A` (minor) or `B` (major).
public struct CamelotKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public var number: Int
    public var isMajor: Bool

    /// Parses "8A" or "12b"; nil for anything else.
    public init?(_ text: String) {
        guard let (number, isMajor) = text.utf8.allSatisfy({ $0 < 0x80 }) ? Self.parseASCII(text) : Self.parse(text)
        else { return nil }
        self.number = number
        self.isMajor = isMajor
    }

    private static func parse(_ text: String) -> (number: Int, isMajor: Bool)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard let letter = trimmed.last, letter == "A" || letter == "B",
            let number = Int(trimmed.dropLast()), (1...12).contains(number)
        else { return nil }
        return (number, letter == "B")
    }

    /// `parse` for ASCII text, on its bytes: a catalog of a million tracks checks a million keys, and
    /// Foundation's trimming and uppercasing cost more than the rest of loading from SQLite. Space and
    /// tab are the ASCII members of `.whitespaces`.
    private static func parseASCII(_ text: String) -> (number: Int, isMajor: Bool)? {
        let utf8 = text.utf8
        let blank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        guard let start = utf8.firstIndex(where: { !blank($0) }), let end = utf8.lastIndex(where: { !blank($0) })
        else { return nil }
        let letter = utf8[end] | 0x20  // lowercased
        guard letter == UInt8(ascii: "a") || letter == UInt8(ascii: "b"),
            let number = Int(Substring(utf8[start..<end])), (1...12).contains(number)
        else { return nil }
        return (number, letter == UInt8(ascii: "b"))
    }

    public var description: String { "\(number)\(isMajor ? "B" : "A")" }

    /// Steps around the wheel between two keys: 0 same key, 1 a smooth neighbour (±1 or relative major/minor).
    public func distance(to other: CamelotKey) -> Int {
        let around = abs(number - other.number)
        let steps = min(around, 12 - around)
        return steps + (isMajor == other.isMajor ? 0 : 1)
    }
}
