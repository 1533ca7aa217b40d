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

    /// One element of a frame.
    enum Element: Sendable, Equatable {
        /// One of the alternatives, each a run of atoms; `variable` when it comes from a class (it carries the
        /// frame's specifics, which grounding looks for among the facts).
        case choice([[Atom]], variable: Bool)
        /// Up to this many words (none of them a negation) before the next element.
        case gap(Int)
        /// The next word is not one of these (the end of the line is fine).
        case notNext(Set<String>)
        /// The word before the frame is not one of these (only as the first element).
        case notBefore(Set<String>)
    }

    /// A frame as the policy names it.
    struct Frame: Sendable, Equatable {
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
    /// Entry id: a frame's index. ASCII opening words and stems.
    private let trie: WordTrie
    /// Opening words with other letters, and their stems.
    private let otherWords: [String: [Int]]
    private let otherStems: [(stem: String, frame: Int)]

    /// Words a gap never skips: a negation turns the frame around.
    static let negations: Set<String> = [
        "not", "never", "no", "don't", "dont", "doesn't", "isn't", "aren't", "wasn't", "weren't", "won't",
        "can't", "cannot", "shouldn't", "wouldn't", "nobody", "none", "ain't",
    ]

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
        var entries: [(id: Int, text: String, isStem: Bool)] = []
        var otherWords: [String: [Int]] = [:]
        var otherStems: [(String, Int)] = []
        for (index, frame) in frames.enumerated() {
            guard case .choice(let alternatives, _) = frame.elements.first(where: Self.isWord) else { continue }
            for case let first? in alternatives.map(\.first) {
                switch first {
                case .word(let word):
                    if word.utf8.allSatisfy({ $0 < 128 }) {
                        entries.append((index, word, false))
                    } else {
                        otherWords[word, default: []].append(index)
                    }
                case .stem(let stem):
                    if stem.utf8.allSatisfy({ $0 < 128 }) {
                        entries.append((index, stem, true))
                    } else {
                        otherStems.append((stem, index))
                    }
                case .any, .capitalised: continue  // the policy loader refuses such frames
                }
            }
        }
        trie = WordTrie(entries)
        self.otherWords = otherWords
        self.otherStems = otherStems
    }

    static func isWord(_ element: Element) -> Bool {
        if case .choice = element { return true }
        return false
    }

    /// Every frame in `tokens`. `capitalised(i)` says whether token `i` is written with a capital letter and does
    /// not open a sentence; it is asked only where a frame wants to know.
    func matches(in tokens: [SafetyText.Token], capitalised: (Int) -> Bool) -> [Match] {
        var found: [Match] = []
        var ids: [Int] = []
        for position in tokens.indices {
            ids.removeAll(keepingCapacity: true)
            let word = tokens[position].text
            if !trie.matches(of: word, into: &ids) {
                ids += otherWords[word] ?? []
                for (stem, frame) in otherStems where word.hasPrefix(stem) { ids.append(frame) }
            }
            if ids.isEmpty { continue }
            var previous = -1
            for frame in ids.sorted() where frame != previous {
                previous = frame
                var specifics: [Int] = []
                let elements = frames[frame].elements
                var first = 0
                if case .notBefore(let words) = elements.first {
                    first = 1
                    if position > 0 && words.contains(tokens[position - 1].text) { continue }
                }
                if let end = match(
                    elements, first, at: position, gap: 0, tokens, capitalised, &specifics)
                {
                    found.append(Match(frame: frame, range: position..<end, specifics: specifics))
                }
            }
        }
        return found
    }

    /// The end of a match of `elements[index...]` starting at `position` (after up to `gap` skipped words).
    private func match(
        _ elements: [Element], _ index: Int, at position: Int, gap: Int, _ tokens: [SafetyText.Token],
        _ capitalised: (Int) -> Bool, _ specifics: inout [Int]
    ) -> Int? {
        guard index < elements.count else { return position }
        switch elements[index] {
        case .gap(let size):
            return match(elements, index + 1, at: position, gap: size, tokens, capitalised, &specifics)
        case .notBefore:
            return match(elements, index + 1, at: position, gap: gap, tokens, capitalised, &specifics)
        case .notNext(let words):
            if position < tokens.count && words.contains(tokens[position].text) { return nil }
            return match(elements, index + 1, at: position, gap: gap, tokens, capitalised, &specifics)
        case .choice(let alternatives, let variable):
            var start = position
            while start < tokens.count && start <= position + gap {
                for atoms in alternatives where start + atoms.count <= tokens.count {
                    var fits = true
                    for (offset, atom) in atoms.enumerated() {
                        let token = start + offset
                        let word = tokens[token].text
                        switch atom {
                        case .word(let wanted): fits = word == wanted
                        case .stem(let stem): fits = word.hasPrefix(stem)
                        case .any: fits = true
                        case .capitalised: fits = capitalised(token)
                        }
                        if !fits { break }
                    }
                    guard fits else { continue }
                    let kept = specifics.count
                    for (offset, atom) in atoms.enumerated() where variable || atom == .any || atom == .capitalised {
                        specifics.append(start + offset)
                    }
                    if let end = match(
                        elements, index + 1, at: start + atoms.count, gap: 0, tokens, capitalised, &specifics)
                    {
                        return end
                    }
                    specifics.removeSubrange(kept...)
                }
                // A gap never steps over a negation.
                if Self.negations.contains(tokens[start].text) { break }
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
                elements.append(.choice(members.map { atoms(Substring($0.lowercased())) }, variable: true))
            } else {
                let alternatives = part.split(separator: "|").map { word -> [Atom] in
                    word.first == "@" ? [.capitalised] : atoms(Substring(word.lowercased()))
                }
                elements.append(.choice(alternatives, variable: false))
            }
        }
        guard case .choice(let opening, _) = elements.first(where: isWord) else {
            return .failure(FrameError(message: "a pattern needs a word"))
        }
        if opening.contains(where: { $0.first.map { $0 == .any || $0 == .capitalised } ?? true }) {
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
