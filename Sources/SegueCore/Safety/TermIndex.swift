/// Lexicon terms indexed by their first word, so a line is matched in time proportional to its words.
struct TermIndex: Sendable {
    let terms: [SafetyPolicy.Term]
    private var exact: [String: [Int]] = [:]
    /// Every prefix of a stem → the stems it is (a shorter prefix maps to none), so a word's prefixes are
    /// looked up only while some stem still begins with them.
    private var stemPrefixes: [String: [Int]] = [:]
    private var collapsedExact: [String: [Int]] = [:]
    private var collapsedStems: [String: [Int]] = [:]
    /// The first two bytes of every first word and stem (the second 0 for a one-byte word), as bits: an ASCII
    /// word whose opening is not here has no exact or stem match, and costs no dictionary look-up.
    private var openings = [UInt64](repeating: 0, count: 1024)

    init(_ terms: [SafetyPolicy.Term]) {
        self.terms = terms
        for (index, term) in terms.enumerated() {
            guard let first = term.words.first else { continue }
            let opening = Self.opening(first)
            openings[opening >> 6] |= 1 << UInt64(opening & 63)
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
    func matches(in tokens: [SafetyText.Token], skeleton: Bool) -> [(term: SafetyPolicy.Term, range: Range<String.Index>)] {
        var found: [(SafetyPolicy.Term, Range<String.Index>)] = []
        for (position, token) in tokens.enumerated() {
            let word = token.text
            let opening = Self.opening(word)
            let mayMatch = openings[opening >> 6] & (1 << UInt64(opening & 63)) != 0 || !word.utf8.allSatisfy { $0 < 128 }
            var candidates = mayMatch ? exact[word] ?? [] : []
            // Stems of two characters or more that begin the word.
            var end = word.startIndex
            var size = 0
            while mayMatch && end < word.endIndex {
                end = word.index(after: end)
                size += 1
                guard let hit = stemPrefixes[String(word[..<end])] else { break }
                if size >= 2 { candidates += hit }
            }
            if skeleton {
                if word.utf8.contains(UInt8(ascii: "*")) {
                    candidates += terms.indices.filter { Self.wildcard(word, terms[$0].words[0], prefix: terms[$0].matchesPrefix && terms[$0].words.count == 1) }
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
                    found.append((term, token.range.lowerBound..<tokens[position + term.words.count - 1].range.upperBound))
                }
            }
        }
        return found
    }

    /// The first two UTF-8 bytes of `word` as one number.
    private static func opening(_ word: String) -> Int {
        var bytes = word.utf8.makeIterator()
        return Int(bytes.next() ?? 0) << 8 | Int(bytes.next() ?? 0)
    }

    /// `f*ck` matches `fuck`: same length (or, for a stem, at least as long), `*` for any letter.
    private static func wildcard(_ word: String, _ term: String, prefix: Bool) -> Bool {
        let a = Array(word), b = Array(term)
        guard prefix ? a.count >= b.count : a.count == b.count else { return false }
        return zip(a, b).allSatisfy { $0 == "*" || $0 == $1 }
    }
}
