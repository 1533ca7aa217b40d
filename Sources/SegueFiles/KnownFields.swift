import SegueCore

/// The field names one kind of JSON object may have, taken from its type's `CodingKeys`, and the known name closest
/// to an unknown one.
struct KnownFields: Sendable {
    /// The known names, in declaration order.
    let names: [String]
    /// Names people write for a known field that are not close in spelling, e.g. `tempo` for `bpm`.
    let synonyms: [String: String]

    init<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type, synonyms: [String: String] = [:]) {
        names = keys.allCases.map(\.stringValue)
        self.synonyms = synonyms
    }

    static let track = KnownFields(
        Track.CodingKeys.self,
        synonyms: [
            "tempo": "bpm", "length": "duration_s", "seconds": "duration_s", "camelot": "key", "genre": "genres",
        ])
    static let listener = KnownFields(
        Listener.CodingKeys.self, synonyms: ["username": "name", "display_name": "name", "blocked": "blocked_artists"])
    static let historyEntry = KnownFields(
        Listener.HistoryEntry.CodingKeys.self,
        synonyms: [
            "id": "track_id", "track": "track_id", "play_count": "plays", "played": "plays", "skip_count": "skips",
            "skipped": "skips",
        ])

    func contains(_ name: String) -> Bool { names.contains(name) }

    /// The known name `name` most likely means: a synonym, else the nearest by edit distance (case-insensitive)
    /// when it is within max(2, a third of the known name's length) and less than that length (`mbid` is two edits
    /// from `id`, which is all of it); nil when none is close.
    func suggestion(for name: String) -> String? {
        let lowered = name.lowercased()
        if let synonym = synonyms[lowered] { return synonym }
        let typed = Array(lowered.unicodeScalars)
        var best: (name: String, distance: Int)?
        for known in names {
            let candidate = Array(known.lowercased().unicodeScalars)
            let allowed = max(2, candidate.count / 3)
            // The distance is at least the difference in length: a long hostile key costs nothing here.
            guard abs(candidate.count - typed.count) <= allowed else { continue }
            let distance = Self.editDistance(typed, candidate)
            if distance <= allowed, distance < candidate.count, distance < best?.distance ?? .max {
                best = (known, distance)
            }
        }
        return best?.name
    }

    /// Levenshtein distance: insertions, deletions and substitutions of one scalar each cost 1.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var previous = Array(0...b.count)
        var current = previous
        for (i, x) in a.enumerated() {
            current[0] = i + 1
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
