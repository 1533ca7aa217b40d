/// Lexicon terms by how they sound: a heard word matches a term whose phonemes it equals, or, for a stem
/// (`fuck*`), whose phonemes it begins with and runs past.
struct SoundIndex: Sendable {
    /// Each sound-matched term with its phonemes, in lexicon order; the stems among them again, in lexicon order.
    private let sounds: [(sound: String, term: SafetyPolicy.Term)]
    private let stems: [(sound: String, length: Int, term: SafetyPolicy.Term)]
    private let exact: [String: [SafetyPolicy.Term]]
    /// Entry `i` is `sounds[i]` (a word), entry `sounds.count + i` is `stems[i]`: for ASCII phonemes (espeak-ng's are).
    private let trie: WordTrie

    /// - Parameter phonemes: each sound-matched term's phonemes, by pattern.
    init(policy: SafetyPolicy, phonemes: [String: String]) {
        let sounds: [(sound: String, term: SafetyPolicy.Term)] = policy.terms.compactMap { term in
            guard term.matchesSound && term.words.count == 1, let sound = phonemes[term.pattern] else { return nil }
            return (sound, term)
        }
        let stems = sounds.filter(\.term.matchesPrefix).map { ($0.sound, $0.sound.count, $0.term) }
        self.sounds = sounds
        self.stems = stems
        exact = Dictionary(grouping: sounds, by: \.sound).mapValues { $0.map(\.term) }
        trie = WordTrie(
            sounds.enumerated().map { ($0, $1.sound, false) }
                + stems.enumerated().map { (sounds.count + $0, $1.0, true) })
    }

    /// The terms `heard` (a word's phonemes) sounds like: equal sounds first, then stems, each in lexicon order.
    func terms(heard: String) -> [SafetyPolicy.Term] {
        var found: [Int] = []
        if trie.matches(of: heard, into: &found) {
            let length = heard.utf8.count
            return found.sorted().compactMap { id in
                id < sounds.count
                    ? sounds[id].term : stems[id - sounds.count].length < length ? stems[id - sounds.count].term : nil
            }
        }
        var terms = exact[heard] ?? []
        let count = heard.count
        for stem in stems where count > stem.length && heard.hasPrefix(stem.sound) { terms.append(stem.term) }
        return terms
    }
}
