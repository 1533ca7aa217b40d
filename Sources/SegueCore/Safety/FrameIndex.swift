/// Slot-structured phrases (`frames.tsv`) matched on the plain words: a group term with a dehumanising
/// predicate, a call to violence, a claim of a live event.
///
/// A frame is a short sequence of elements, each one word (or a few) from a literal list or a named class;
/// `~N` lets up to N words stand before the next element (never a negation: "refugees are not criminals" is no
/// match). Frames are indexed by the words that can open them, so a line costs one trie walk per word, and a frame
/// is only tried where one of its opening words stands.
struct FrameIndex: Sendable {
    /// One word of a frame.
    enum Atom: Sendable, Equatable {
        case word(String)
        case stem(String)
        /// `_`: any word.
        case any
        /// `@Name`: a word written with a capital letter that does not open a sentence (a place, a venue).
        case capitalised
    }

    /// One of several alternatives, each a run of atoms, indexed by how each opens so that a word is compared with
    /// the few alternatives it can open, not with a whole class.
    struct Choice: Sendable {
        let alternatives: [[Atom]]
        /// Whether it comes from a class: what it matches are the frame's specifics, which grounding looks for.
        let variable: Bool
        /// Alternatives by their opening word or stem (entry id: the alternative), walked without hashing.
        private let trie: WordTrie
        /// The same for opening words and stems with other letters.
        private let otherWords: [String: [Int]]
        private let otherStems: [(stem: String, alternative: Int)]
        /// Alternatives that open with `_` or `@Place`, tried at every word.
        private let wild: [Int]

        init(_ alternatives: [[Atom]], variable: Bool) {
            self.alternatives = alternatives
            self.variable = variable
            var entries: [(id: Int, text: String, isStem: Bool)] = []
            var otherWords: [String: [Int]] = [:]
            var otherStems: [(stem: String, alternative: Int)] = [], wild: [Int] = []
            for (index, atoms) in alternatives.enumerated() {
                switch atoms.first {
                case .word(let word) where word.utf8.allSatisfy { $0 < 128 }: entries.append((index, word, false))
                case .word(let word): otherWords[word, default: []].append(index)
                case .stem(let stem) where stem.utf8.allSatisfy { $0 < 128 }: entries.append((index, stem, true))
                case .stem(let stem): otherStems.append((stem, index))
                case .any, .capitalised, nil: wild.append(index)
                }
            }
            trie = WordTrie(entries)
            self.otherWords = otherWords
            self.otherStems = otherStems
            self.wild = wild
        }

        /// The alternatives that may open at `word`.
        func candidates(for word: String, into found: inout [Int]) {
            found.removeAll(keepingCapacity: true)
            if !trie.matches(of: word, into: &found) {
                found += otherWords[word] ?? []
                for (stem, alternative) in otherStems where word.hasPrefix(stem) { found.append(alternative) }
            }
            found += wild
        }
    }

    /// One element of a frame.
    enum Element: Sendable {
        case choice(Choice)
        /// Up to this many words (none of them a negation) before the next element.
        case gap(Int)
        /// The next word is not one of these (the end of the line is fine).
        case notNext(Set<String>)
        /// The word before the frame is not one of these (only as the first element).
        case notBefore(Set<String>)
    }

    /// A frame as the policy names it.
    struct Frame: Sendable {
        var name: String
        var category: SafetyCategory
        var tier: SafetyTier
        var elements: [Element]
    }

    /// A frame found in a line: the words it covers, and those its classes and wildcards matched.
    struct Match: Sendable {
        var frame: Int
        var range: Range<Int>
        var specifics: [Int]
    }

    let frames: [Frame]
    /// Each way a frame opens: the frame, the element that opens it (after a `!<` condition), the alternative, and
    /// its atoms (compared before anything else is looked at).
    private let openings: [(frame: Int, element: Int, alternative: Int, atoms: [Atom])]
    /// Entry id: an opening. ASCII opening words and stems.
    private let trie: WordTrie
    /// Opening words with other letters, and their stems.
    private let otherWords: [String: [Int]]
    private let otherStems: [(stem: String, opening: Int)]

    /// Words a gap never steps over: a negation turns the frame around.
    static let negations: Set<String> = [
        "not", "never", "no", "don't", "dont", "doesn't", "isn't", "aren't", "wasn't", "weren't", "won't",
        "can't", "cannot", "shouldn't", "wouldn't", "nobody", "none", "ain't",
    ]

    private static let negationTrie = WordTrie(negations.enumerated().map { ($0.offset, $0.element, false) })

    /// Whether `word` is a negation (an ASCII word without hashing it).
    static func isNegation(_ word: String) -> Bool {
        var found: [Int] = []
        return negationTrie.matches(of: word, into: &found) ? !found.isEmpty : negations.contains(word)
    }

    /// The policy's frames, compiled; a frame whose pattern cannot be matched is left out (the loader refuses it).
    init(policy: SafetyPolicy) {
        self.init(
            policy.frames.compactMap { frame in
                guard case .success(let elements) = Self.elements(of: frame, classes: policy.frameClasses) else {
                    return nil
                }
                return Frame(name: frame.name, category: frame.category, tier: frame.tier, elements: elements)
            })
    }

    init(_ frames: [Frame]) {
        self.frames = frames
        var openings: [(frame: Int, element: Int, alternative: Int, atoms: [Atom])] = []
        var entries: [(id: Int, text: String, isStem: Bool)] = []
        var otherWords: [String: [Int]] = [:]
        var otherStems: [(String, Int)] = []
        for (index, frame) in frames.enumerated() {
            guard let element = frame.elements.firstIndex(where: Self.isWord),
                case .choice(let choice) = frame.elements[element]
            else { continue }
            for (alternative, atoms) in choice.alternatives.enumerated() {
                let id = openings.count
                openings.append((index, element, alternative, atoms))
                switch atoms.first {
                case .word(let word):
                    if word.utf8.allSatisfy({ $0 < 128 }) {
                        entries.append((id, word, false))
                    } else {
                        otherWords[word, default: []].append(id)
                    }
                case .stem(let stem):
                    if stem.utf8.allSatisfy({ $0 < 128 }) {
                        entries.append((id, stem, true))
                    } else {
                        otherStems.append((stem, id))
                    }
                case .any, .capitalised, nil: continue  // the policy loader refuses such frames
                }
            }
        }
        self.openings = openings
        trie = WordTrie(entries)
        self.otherWords = otherWords
        self.otherStems = otherStems
    }

    static func isWord(_ element: Element) -> Bool {
        if case .choice = element { return true }
        return false
    }

    /// Every frame in `tokens` (a frame at most once at each word). `capitalised(i)` says whether token `i` is
    /// written with a capital letter and does not open a sentence; it is asked only where a frame wants to know.
    func matches(in tokens: [SafetyText.Token], capitalised: (Int) -> Bool) -> [Match] {
        var found: [Match] = []
        var ids: [Int] = []
        var scratch: [Int] = []
        var specifics: [Int] = []
        for position in tokens.indices {
            ids.removeAll(keepingCapacity: true)
            let word = tokens[position].text
            if !trie.matches(of: word, into: &ids) {
                ids += otherWords[word] ?? []
                for (stem, opening) in otherStems where word.hasPrefix(stem) { ids.append(opening) }
            }
            if ids.isEmpty { continue }
            if ids.count > 1 { ids.sort() }
            var matchedFrame = -1
            for id in ids {
                let (frame, element, alternative, atoms) = openings[id]
                if frame == matchedFrame || !fits(atoms, at: position, tokens, capitalised) { continue }
                let elements = frames[frame].elements
                if element > 0, case .notBefore(let words) = elements[0], position > 0,
                    words.contains(tokens[position - 1].text)
                {
                    continue
                }
                guard case .choice(let choice) = elements[element] else { continue }
                specifics.removeAll(keepingCapacity: true)
                if let end = match(
                    choice, alternative, then: elements, element + 1, at: position, tokens, capitalised, &specifics,
                    &scratch)
                {
                    found.append(Match(frame: frame, range: position..<end, specifics: specifics))
                    matchedFrame = frame
                }
            }
        }
        return found
    }

    /// The end of a match of `choice`'s `alternative` at `start` followed by `elements[index...]`.
    private func match(
        _ choice: Choice, _ alternative: Int, then elements: [Element], _ index: Int, at start: Int,
        _ tokens: [SafetyText.Token], _ capitalised: (Int) -> Bool, _ specifics: inout [Int], _ scratch: inout [Int]
    ) -> Int? {
        let atoms = choice.alternatives[alternative]
        guard fits(atoms, at: start, tokens, capitalised) else { return nil }
        let kept = specifics.count
        for (offset, atom) in atoms.enumerated() where choice.variable || atom == .any || atom == .capitalised {
            specifics.append(start + offset)
        }
        if let end = match(elements, index, at: start + atoms.count, gap: 0, tokens, capitalised, &specifics, &scratch)
        {
            return end
        }
        specifics.removeSubrange(kept...)
        return nil
    }

    /// Whether `atoms` stand at `start`, word for word.
    private func fits(
        _ atoms: [Atom], at start: Int, _ tokens: [SafetyText.Token], _ capitalised: (Int) -> Bool
    ) -> Bool {
        guard start + atoms.count <= tokens.count else { return false }
        for (offset, atom) in atoms.enumerated() {
            let word = tokens[start + offset].text
            switch atom {
            case .word(let wanted): if word != wanted { return false }
            case .stem(let stem): if !word.hasPrefix(stem) { return false }
            case .any: continue
            case .capitalised: if !capitalised(start + offset) { return false }
            }
        }
        return true
    }

    /// The end of a match of `elements[index...]` starting at `position` (after up to `gap` skipped words).
    private func match(
        _ elements: [Element], _ index: Int, at position: Int, gap: Int, _ tokens: [SafetyText.Token],
        _ capitalised: (Int) -> Bool, _ specifics: inout [Int], _ scratch: inout [Int]
    ) -> Int? {
        guard index < elements.count else { return position }
        switch elements[index] {
        case .gap(let size):
            return match(elements, index + 1, at: position, gap: size, tokens, capitalised, &specifics, &scratch)
        case .notBefore:
            return match(elements, index + 1, at: position, gap: gap, tokens, capitalised, &specifics, &scratch)
        case .notNext(let words):
            if position < tokens.count && words.contains(tokens[position].text) { return nil }
            return match(elements, index + 1, at: position, gap: gap, tokens, capitalised, &specifics, &scratch)
        case .choice(let choice):
            var start = position
            while start < tokens.count && start <= position + gap {
                choice.candidates(for: tokens[start].text, into: &scratch)
                // The candidates are copied: the recursion below reuses the scratch buffer.
                for alternative in scratch.isEmpty ? [] : Array(scratch) {
                    if let end = match(
                        choice, alternative, then: elements, index + 1, at: start, tokens, capitalised, &specifics,
                        &scratch)
                    {
                        return end
                    }
                }
                // A gap never steps over a negation.
                if start < position + gap, Self.isNegation(tokens[start].text) { break }
                start += 1
            }
            return nil
        }
    }
}

extension FrameIndex {
    /// `frame`'s pattern as elements, or what is wrong with it.
    static func elements(of frame: SafetyPolicy.Frame, classes: [String: [String]]) -> Result<[Element], FrameError> {
        func atoms(_ text: Substring) -> [Atom] {
            text.split(separator: " ").map { word in
                if word == "_" { return .any }
                if word.first == "@" { return .capitalised }
                if word.count > 1 && word.hasSuffix("*") { return .stem(String(word.dropLast())) }
                return .word(String(word))
            }
        }
        var elements: [Element] = []
        for part in frame.pattern.split(separator: " ") {
            if part.hasPrefix("~") {
                guard let size = Int(part.dropFirst()), size >= 0 else {
                    return .failure(FrameError(message: "'\(part)' is not a gap (~N)"))
                }
                elements.append(.gap(size))
            } else if part.hasPrefix("!<") {
                guard elements.isEmpty else {
                    return .failure(FrameError(message: "'\(part)' may only open a pattern"))
                }
                elements.append(.notBefore(Set(part.dropFirst(2).lowercased().split(separator: "|").map(String.init))))
            } else if part.hasPrefix("!") {
                elements.append(.notNext(Set(part.dropFirst().lowercased().split(separator: "|").map(String.init))))
            } else if part.hasPrefix("{") && part.hasSuffix("}") {
                let name = String(part.dropFirst().dropLast())
                guard let members = classes[name], !members.isEmpty else {
                    return .failure(FrameError(message: "no class named '\(name)'"))
                }
                elements.append(.choice(Choice(members.map { atoms(Substring($0.lowercased())) }, variable: true)))
            } else {
                let alternatives = part.split(separator: "|").map { word -> [Atom] in
                    word.first == "@" ? [.capitalised] : atoms(Substring(word.lowercased()))
                }
                elements.append(.choice(Choice(alternatives, variable: false)))
            }
        }
        guard case .choice(let opening) = elements.first(where: isWord) else {
            return .failure(FrameError(message: "a pattern needs a word"))
        }
        if opening.alternatives.contains(where: { $0.first.map { $0 == .any || $0 == .capitalised } ?? true }) {
            return .failure(FrameError(message: "a pattern cannot open with _ or @Place"))
        }
        return .success(elements)
    }

    /// What is wrong with a frame's pattern.
    struct FrameError: Error {
        var message: String
    }
}

extension SafetyPolicy.Frame {
    /// What is wrong with the pattern, given the classes it may name; nil when it can be matched.
    public func problem(classes: [String: [String]]) -> String? {
        if case .failure(let error) = FrameIndex.elements(of: self, classes: classes) { return error.message }
        return nil
    }
}
