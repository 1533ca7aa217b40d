/// A type read from a file whose numeric fields allow less than their Swift type holds (a popularity from 0 to 100),
/// so a reader that meets a number out of range, too large even for the Swift type, says what the field allows.
public protocol DocumentedRanges {
    /// What the field with this JSON name allows, for a person ("a whole number from 0 to 100"); nil when the field's
    /// Swift type says it all.
    static func allowedValues(forField name: String) -> String?
}

extension ClosedRange where Bound: Numeric {
    /// "a whole number from 0 to 100", "a number from 0 to 1".
    package var allowedValues: String {
        "\(Bound.self is any BinaryInteger.Type ? "a whole number" : "a number") from \(lowerBound) to \(upperBound)"
    }
}
