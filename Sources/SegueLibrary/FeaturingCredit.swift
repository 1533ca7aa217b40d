import SegueCore

/// A credit or a title split at its first "feat." marker; the names on each side are split by `ArtistCredit`.
struct FeaturingCredit {
    /// The text before the marker, with the text after a bracketed featuring part: "Title (feat. B) [Edit]" gives
    /// "Title [Edit]".
    var main: String
    /// The featured names.
    var featured: [String]

    /// Words that introduce featured artists, matched case-insensitively after a space or an opening bracket and
    /// before a space.
    private static let markers = ["featuring", "feat.", "feat", "ft.", "ft"]

    /// Splits `text` at its first marker: "A feat. B & C", "Title (feat. B)", "Title [ft. B, C]".
    init(_ text: String) {
        guard let marker = Self.firstMarker(in: text) else {
            main = text
            featured = []
            return
        }
        var before = Substring(text[..<marker.start])
        var list = Substring(text[marker.end...])
        var rest = Substring("")
        if let opening = before.last, opening == "(" || opening == "[" {
            // The names end at the closing bracket, and what follows stays with the main part.
            before = before.dropLast()
            if let close = list.firstIndex(of: opening == "(" ? ")" : "]") {
                rest = list[list.index(after: close)...]
                list = list[..<close]
            }
        }
        let kept = [before, rest].map { $0.trimmingSpaces }.filter { !$0.isEmpty }.joined(separator: " ")
        main = kept.isEmpty ? text : kept
        featured = Self.unique(list.split(separator: ",").flatMap { ArtistCredit.names(in: String($0)) })
    }

    /// `names` without repeats (case- and accent-insensitive), the first spelling kept.
    static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert(ArtistCredit.key($0)).inserted }
    }

    /// The first marker standing as a word; `start` is at the space (or just after the bracket) before it, `end` after
    /// the space that follows it.
    private static func firstMarker(in text: String) -> (start: String.Index, end: String.Index)? {
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let previous = scalars[index]
            index = scalars.index(after: index)
            guard previous == " " || previous == "(" || previous == "[",
                index > scalars.index(after: scalars.startIndex)
            else { continue }
            for marker in markers {
                var cursor = index
                var matched = true
                for expected in marker.unicodeScalars {
                    guard cursor < scalars.endIndex, Self.lowercasedASCII(scalars[cursor]) == expected else {
                        matched = false
                        break
                    }
                    cursor = scalars.index(after: cursor)
                }
                guard matched, cursor < scalars.endIndex, scalars[cursor] == " " else { continue }
                let start = previous == " " ? scalars.index(before: index) : index
                return (start, scalars.index(after: cursor))
            }
        }
        return nil
    }

    private static func lowercasedASCII(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar
    }
}

extension Substring {
    /// Without leading and trailing spaces.
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
