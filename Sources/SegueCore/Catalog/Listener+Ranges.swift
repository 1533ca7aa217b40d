extension Listener.HistoryEntry: DocumentedRanges {
    /// Plays and skips are counts.
    public static let countRange = 0...Int.max

    /// What the field with this JSON name allows, for the fields whose Swift type allows more.
    public static func allowedValues(forField name: String) -> String? {
        switch CodingKeys(rawValue: name) {
        case .plays, .skips: countRange.allowedValues
        default: nil
        }
    }
}
