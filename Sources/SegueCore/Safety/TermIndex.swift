/// Lexicon terms indexed by their first word, so a line is matched in time proportional to its words.
struct TermIndex: Sendable {
    let terms: [SafetyPolicy.Term]
    private var exact: [String: [Int]] = [:]
    /// Every prefix of a stem → the stems it is (a shorter prefix maps to none), so a word's prefixes are
    /// looked up only while some stem still begins with them.
    private var stemPrefixes: [String: [Int]] = [:]
    private var collapsedExact: [String: [Int]] = [:]
    private var collapsedStems: [String: [Int]] = [:]
    /// The same first words and stems for ASCII words, walked byte by byte.
    private let trie: WordTrie

    init(_ terms: [SafetyPolicy.Term]) {
        self.terms = terms
        trie = WordTrie(
            terms.enumerated().compactMap { index, term in
                term.words.first.map { (index, $0, term.words.count == 1 && term.matchesPrefix) }
            })
        for (index, term) in terms.enumerated() {
            guard let first = term.words.first else { continue }
            if term.words.count == 1 && term.matchesPrefix {
                var end = first.startIndex
                while end < first.endIndex {
                    end = first.index(after: end)
                    stemPrefixes[String(first[..<end]), default: []] += end == first.endIndex ? [index] : []
                }
                collapsedStems[SafetyText.collapsed(first), default: []].append(index)
            } else {
                exact[first, default: []].append(index)
                collapsedExact[SafetyText.collapsed(first), default: []].append(index)
            }
        }
    }

    /// Every term found in `tokens`, with the range it covers. On the skeleton view a `*` stands for
    /// one letter and words stretched with three or more of a letter match their collapsed form.
    func matches(
        in tokens: [SafetyText.Token], skeleton: Bool
    ) -> [(term: SafetyPolicy.Term, range: Range<String.Index>)] {
        var found: [(SafetyPolicy.Term, Range<String.Index>)] = []
        var candidates: [Int] = []
        for (position, token) in tokens.enumerated() {
            let word = token.text
            // The word itself and stems of two characters or more that begin it.
            candidates.removeAll(keepingCapacity: true)
            if !trie.matches(of: word, minimumStem: 2, into: &candidates) {
                candidates = exact[word] ?? []
                var end = word.startIndex
                var size = 0
                while end < word.endIndex {
                    end = word.index(after: end)
                    size += 1
                    guard let hit = stemPrefixes[String(word[..<end])] else { break }
                    if size >= 2 { candidates += hit }
                }
            }
            if skeleton {
                if word.utf8.contains(UInt8(ascii: "*")) {
                    candidates += terms.indices.filter {
                        Self.wildcard(
                            word, terms[$0].words[0], prefix: terms[$0].matchesPrefix && terms[$0].words.count == 1)
                    }
                }
                if SafetyText.hasStretchedLetters(word) {
                    let folded = SafetyText.collapsed(word)
                    candidates += collapsedExact[folded] ?? []
                    for (stem, hit) in collapsedStems where folded.hasPrefix(stem) { candidates += hit }
                }
            }
            if candidates.isEmpty { continue }
            for index in Set(candidates).sorted() {
                let term = terms[index]
                guard position + term.words.count <= tokens.count else { continue }
                var matched = true
                for offset in 1..<max(term.words.count, 1) where offset < term.words.count {
                    let next = tokens[position + offset].text
                    let wanted = term.words[offset]
                    let isLast = offset == term.words.count - 1
                    if !(next == wanted || (isLast && term.matchesPrefix && next.hasPrefix(wanted))) {
                        matched = false
                        break
                    }
                }
                if matched {
                    found.append(
                        (term, token.range.lowerBound..<tokens[position + term.words.count - 1].range.upperBound))
                }
            }
        }
        return found
    }

    /// `f*ck` matches `fuck`: same length (or, for a stem, at least as long), `*` for any letter.
    private static func wildcard(_ word: String, _ term: String, prefix: Bool) -> Bool {
        let a = Array(word), b = Array(term)
        guard prefix ? a.count >= b.count : a.count == b.count else { return false }
        return zip(a, b).allSatisfy { $0 == "*" || $0 == $1 }
    }
}
