/// Collects the unknown fields of one input file as `InputWarning`s, bounded however hostile the file: a name
/// repeated across many objects (`tempo` in every track) is one warning at its first place with a count, and at most
/// `limit` warnings are kept, then one that says how many more names there were.
struct UnknownFieldReport {
    /// The file.
    let path: String
    /// The most warnings kept, besides the closing "and N more" one.
    var limit = 20

    private struct Entry {
        var warning: InputWarning
        var count: Int
        var noun: String?
    }

    private var entries: [Entry] = []
    /// Index into `entries` by the group a name belongs to (e.g. "tracks") and the name.
    private var index: [String: Int] = [:]
    private var dropped: Set<String> = []

    init(path: String) {
        self.path = path
    }

    /// Notes the names in `keys` that `known` does not hold, found in the object at `place` (a field path such as
    /// `tracks[3]`, or "" for the top level). `group` names the objects of that kind in the plural (`tracks`), so a
    /// name repeated across them is counted, not repeated.
    mutating func check(_ keys: [String], against known: KnownFields, at place: String, group: String? = nil) {
        for key in Set(keys).sorted() where !known.contains(key) {
            let id = (group ?? place) + "\u{0}" + key
            if let existing = index[id] {
                entries[existing].count += 1
                continue
            }
            guard entries.count < limit else {
                dropped.insert(id)
                continue
            }
            let name = InputWarning.printable(key)
            let field = place.isEmpty ? name : "\(place).\(name)"
            let warning = InputWarning(
                path: path, field: field, message: "unknown field", suggestion: known.suggestion(for: key))
            index[id] = entries.count
            entries.append(Entry(warning: warning, count: 1, noun: group))
        }
    }

    /// The warnings, in the order their names were first found.
    var warnings: [InputWarning] {
        var warnings = entries.map { entry in
            var warning = entry.warning
            if entry.count > 1, let noun = entry.noun {
                warning.message += ", in \(entry.count) \(noun)"
            }
            return warning
        }
        if !dropped.isEmpty {
            warnings.append(
                InputWarning(path: path, field: "", message: "and \(dropped.count) more unknown field names"))
        }
        return warnings
    }
}
