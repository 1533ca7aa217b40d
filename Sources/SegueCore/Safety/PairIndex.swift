/// The policy's word pairs (`cooccurrence.tsv`) indexed for matching: which rules each word can open or close is
/// found in one walk of a trie, not one set look-up per rule.
struct PairIndex: Sendable {
    let rules: [SafetyPolicy.Cooccurrence]
    private let sets: [(first: WordSet, then: WordSet)]
    /// Entry id `2 * rule` for a word of the rule's first list, `2 * rule + 1` for one of its second list.
    private let trie: WordTrie

    init(_ rules: [SafetyPolicy.Cooccurrence]) {
        self.rules = rules
        sets = rules.map { (WordSet($0.first), WordSet($0.then)) }
        trie = WordTrie(
            rules.enumerated().flatMap { index, rule in
                [rule.first, rule.then].enumerated().flatMap { side, patterns in
                    patterns.map { pattern in
                        let isStem = pattern.hasSuffix("*")
                        return (2 * index + side, isStem ? String(pattern.dropLast()) : pattern, isStem)
                    }
                }
            })
    }

    /// Every pair in `tokens`: a word of a rule's first list followed within its window by one of its second list,
    /// rule by rule, in the order of the words.
    func hits(
        in tokens: [SafetyText.Token]
    )
        -> [SafetyHit]
    {
        // Bit r % 64 of `opens` / `closes`: the token may be in rule r's first / second list (the sets decide).
        var opens = [UInt64](repeating: 0, count: tokens.count)
        var closes = [UInt64](repeating: 0, count: tokens.count)
        var ids: [Int] = []
        for (position, token) in tokens.enumerated() {
            ids.removeAll(keepingCapacity: true)
            if trie.matches(of: token.text, into: &ids) {
                for id in ids {
                    if id & 1 == 0 {
                        opens[position] |= Self.bit(id >> 1)
                    } else {
                        closes[position] |= Self.bit(id >> 1)
                    }
                }
                continue
            }
            for (index, words) in sets.enumerated() {
                if words.first.contains(token.text) { opens[position] |= Self.bit(index) }
                if words.then.contains(token.text) { closes[position] |= Self.bit(index) }
            }
        }
        var hits: [SafetyHit] = []
        guard opens.contains(where: { $0 != 0 }) else { return hits }
        for (index, rule) in rules.enumerated() {
            for (i, token) in tokens.enumerated()
            where opens[i] & Self.bit(index) != 0 && sets[index].first.contains(token.text) {
                for j in (i + 1)..<min(tokens.count, i + 1 + rule.window)
                where closes[j] & Self.bit(index) != 0 && sets[index].then.contains(tokens[j].text) {
                    hits.append(
                        SafetyHit(
                            token.range.lowerBound..<tokens[j].range.upperBound,
                            .pair(first: token.text, then: tokens[j].text), rule.category, rule.tier))
                }
            }
        }
        return hits
    }

    private static func bit(_ rule: Int) -> UInt64 { 1 << UInt64(rule & 63) }

    /// The words of one side of a word pair: exact words and stems (`pill*`).
    private struct WordSet: Sendable {
        let words: Set<String>
        let stems: [Substring]

        init(_ patterns: [String]) {
            words = Set(patterns.filter { !$0.hasSuffix("*") })
            stems = patterns.filter { $0.hasSuffix("*") }.map { $0.dropLast() }
        }

        func contains(_ token: String) -> Bool {
            words.contains(token) || stems.contains { token.hasPrefix($0) }
        }
    }
}
