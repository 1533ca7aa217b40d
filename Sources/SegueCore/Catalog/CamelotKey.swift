import Foundation

/// A musical key on the Camelot wheel: a number 1–12 and `A` (minor) or `B` (major).
public struct CamelotKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public var number: Int
    public var isMajor: Bool

    /// Parses "8A" or "12b"; nil for anything else.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard let letter = trimmed.last, letter == "A" || letter == "B",
            let number = Int(trimmed.dropLast()), (1...12).contains(number)
        else { return nil }
        self.number = number
        self.isMajor = letter == "B"
    }

    public var description: String { "\(number)\(isMajor ? "B" : "A")" }

    /// Steps around the wheel between two keys: 0 same key, 1 a smooth neighbour (±1 or relative major/minor).
    public func distance(to other: CamelotKey) -> Int {
        let around = abs(number - other.number)
        let steps = min(around, 12 - around)
        return steps + (isMajor == other.isMajor ? 0 : 1)
    }
}
