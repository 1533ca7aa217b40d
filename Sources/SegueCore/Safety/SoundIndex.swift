/// Lexicon terms by how they sound: a heard word matches a term whose phonemes it equals, or, for a stem
/// (`fuck*`), whose phonemes it begins with and runs past.
struct SoundIndex: Sendable {
    private let exact: [String: [SafetyPolicy.Term]]
    private let stems: [(sound: String, length: Int, term: SafetyPolicy.Term)]
    /// The stems' sounds by position in `stems`, for ASCII phonemes (espeak-ng's are).
    private let trie: WordTrie

    /// - Parameter phonemes: each sound-matched term's phonemes, by pattern.
    init(policy: SafetyPolicy, phonemes: [String: String]) {
        var exact: [String: [SafetyPolicy.Term]] = [:]
        var stems: [(sound: String, length: Int, term: SafetyPolicy.Term)] = []
        for term in policy.terms where term.matchesSound && term.words.count == 1 {
            guard let sound = phonemes[term.pattern] else { continue }
            exact[sound, default: []].append(term)
            if term.matchesPrefix { stems.append((sound, sound.count, term)) }
        }
        self.exact = exact
        self.stems = stems
        trie = WordTrie(stems.enumerated().map { ($0, $1.sound, true) })
    }

    /// The terms `heard` (a word's phonemes) sounds like: equal sounds first, then stems in lexicon order.
    func terms(heard: String) -> [SafetyPolicy.Term] {
        var terms = exact[heard] ?? []
        var found: [Int] = []
        let length = heard.utf8.count
        if trie.forEachMatch(of: heard, { if stems[$0].length < length { found.append($0) } }) {
            for index in found.sorted() { terms.append(stems[index].term) }
            return terms
        }
        let count = heard.count
        for stem in stems where count > stem.length && heard.hasPrefix(stem.sound) { terms.append(stem.term) }
        return terms
    }
}
