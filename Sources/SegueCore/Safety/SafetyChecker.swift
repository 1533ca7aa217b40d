import Foundation

/// Screens a line before it is spoken: lexicon terms by whole word, and markup that must never reach the voice.
public struct SafetyChecker: Sendable {
    public var lexicon: SafetyLexicon

    public init(lexicon: SafetyLexicon = .standard) { self.lexicon = lexicon }

    /// Checks `text`.
    /// - Parameter names: catalog names (artist, title, album) that filled slots in this line; a mild
    ///   term inside one of them is allowed, so legitimate names are spoken.
    public func check(_ text: String, names: [String] = []) -> SafetyReport {
        let words = Self.words(in: text)
        let nameRanges = Self.ranges(of: names, in: text)
        var findings: [SafetyFinding] = []
        for entry in lexicon.entries {
            let count = entry.words.count
            guard words.count >= count else { continue }
            for start in 0...(words.count - count) {
                let window = words[start..<(start + count)]
                let matches = zip(window, entry.words).enumerated().allSatisfy { offset, pair in
                    let isLast = offset == count - 1
                    return isLast && entry.matchesPrefix ? pair.0.text.hasPrefix(pair.1) : pair.0.text == pair.1
                }
                guard matches, let first = window.first, let last = window.last else { continue }
                let span = first.range.lowerBound..<last.range.upperBound
                let inName = nameRanges.contains { $0.contains(span.lowerBound) && $0.upperBound >= span.upperBound }
                findings.append(SafetyFinding(
                    rule: "lexicon:\(entry.pattern)", category: entry.category, tier: entry.tier,
                    evidence: String(text[span]),
                    start: text.distance(from: text.startIndex, to: span.lowerBound),
                    end: text.distance(from: text.startIndex, to: span.upperBound),
                    allowedAsName: inName && entry.tier == .mild))
            }
        }
        for marker in ["<", ">", "[[", "]]", "{{", "}}"] {
            if let range = text.range(of: marker) {
                findings.append(SafetyFinding(
                    rule: "markup:\(marker)", category: .markup, tier: .strong, evidence: marker,
                    start: text.distance(from: text.startIndex, to: range.lowerBound),
                    end: text.distance(from: text.startIndex, to: range.upperBound), allowedAsName: false))
            }
        }
        findings.sort { ($0.start, $0.rule) < ($1.start, $1.rule) }
        let blocked = findings.contains { !$0.allowedAsName }
        return SafetyReport(verdict: blocked ? .block : .pass, text: blocked ? "" : text, findings: findings,
                            policyVersion: lexicon.version)
    }

    /// Lower-cased, diacritic-folded words with their ranges in the original text.
    static func words(in text: String) -> [(text: String, range: Range<String.Index>)] {
        var words: [(String, Range<String.Index>)] = []
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let isWordCharacter = character.isLetter || character.isNumber || character == "'" || character == "’"
            if isWordCharacter, start == nil { start = index }
            if !isWordCharacter, let begin = start {
                words.append((fold(text[begin..<index]), begin..<index))
                start = nil
            }
            index = text.index(after: index)
        }
        if let begin = start { words.append((fold(text[begin...]), begin..<text.endIndex)) }
        return words
    }

    private static func fold(_ word: Substring) -> String {
        word.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .replacingOccurrences(of: "’", with: "'")
            .trimmingCharacters(in: CharacterSet(charactersIn: "'"))
    }

    private static func ranges(of names: [String], in text: String) -> [Range<String.Index>] {
        names.filter { !$0.isEmpty }.flatMap { name -> [Range<String.Index>] in
            var found: [Range<String.Index>] = []
            var from = text.startIndex
            while let range = text.range(of: name, options: [.caseInsensitive], range: from..<text.endIndex) {
                found.append(range)
                from = range.upperBound
            }
            return found
        }
    }
}
