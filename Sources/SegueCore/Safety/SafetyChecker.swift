import Foundation

/// Screens a line before it is spoken.
///
/// The line is judged with its facts: the slot values that filled it, each named by slot. Everything
/// else is editorial (template) text, which must be clean at every tier. Layers, in order:
/// 1. slot hygiene: markup, phoneme brackets, control characters, URLs, e-mail addresses, phone
///    numbers and handles are removed from fact values (a changed value is a rewrite);
/// 2. the lexicon on plain words, on the de-obfuscated skeleton and on espeak-ng's phonemes;
/// 3. word pairs that encourage harm or drug use, and identity attacks;
/// 4. provenance: a mild word inside a catalog name is spoken, a strong one makes the name fall back
///    to a name-less wording, a slur blocks the line;
/// 5. grounding: numbers and claims in editorial text must trace to a fact;
/// 6. privacy and spam: personal data, addresses, URLs and handles in editorial text block the line.
///
/// Beyond word lists (issue 18), each a `Layers` member that can be switched off to measure what it adds:
/// frames (`frames.tsv`: identity generalisations, calls to violence, claims of live events) run on the same plain
/// words as the lexicon; a command-shaped catalog value (shell, SQL, prompt injection) is never spoken, its slot
/// falls back to the name-less wording; spelled-out numbers ("twenty-five", "a hundred") are grounded by any fact
/// with that value. The listener's explicit setting decides whether a strong word in a catalog name is spoken.
public struct SafetyChecker: Sendable {
    /// The layers added beyond word lists, switchable for ablation (`segue check --layers`).
    public struct Layers: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// Identity generalisations and dehumanisation (`frames.tsv`, category hate).
        public static let identityFrames = Layers(rawValue: 1 << 0)
        /// Calls to violence without a listed word (`frames.tsv`, category harm).
        public static let violentIntent = Layers(rawValue: 1 << 1)
        /// Command-shaped catalog values and injection phrasing (`SlotSanitizer.commandKinds`).
        public static let commands = Layers(rawValue: 1 << 2)
        /// Claims of live events (`frames.tsv`, category ungrounded).
        public static let eventClaims = Layers(rawValue: 1 << 3)
        /// Spelled-out numbers grounded by a numeric fact.
        public static let spelledNumbers = Layers(rawValue: 1 << 4)
        /// Drug use and sexual talk in slang and euphemism (`frames.tsv`, categories drugs and sexual).
        public static let slangFrames = Layers(rawValue: 1 << 5)

        public static let all: Layers = [
            identityFrames, violentIntent, commands, eventClaims, spelledNumbers, slangFrames,
        ]
        /// Each layer with the name reports give it.
        public static let named: [(name: String, layer: Layers)] = [
            ("identity-frames", identityFrames), ("violent-intent", violentIntent), ("commands", commands),
            ("event-claims", eventClaims), ("spelled-numbers", spelledNumbers), ("slang-frames", slangFrames),
        ]

        /// The layer a frame of `category` belongs to.
        static func frames(of category: SafetyCategory) -> Layers {
            switch category {
            case .harm: violentIntent
            case .ungrounded: eventClaims
            case .drugs, .sexual: slangFrames
            default: identityFrames
            }
        }
    }

    public let policy: SafetyPolicy
    /// The layers beyond word lists that run (all, but for ablation).
    public var layers: Layers
    /// Phonemes of each sound-matched lexicon term (by pattern), stress marks removed (see `PhonemeTranscribing`).
    public let termPhonemes: [String: String]
    private let indexes: Indexes

    /// The policy indexed for matching, made once and shared (immutable) by every copy of the checker: a screen is
    /// copied into every session an engine makes.
    private final class Indexes: Sendable {
        let lexicon: TermIndex
        let claims: TermIndex
        let sounds: SoundIndex
        let pairs: PairIndex
        let frames: FrameIndex
        /// Each referral's phrases as terms, and its fact words as a set.
        let referralTerms: [[SafetyPolicy.Term]]
        let referralFactWords: [Set<String>]

        init(policy: SafetyPolicy, termPhonemes: [String: String]) {
            lexicon = TermIndex(policy.terms)
            claims = TermIndex(policy.claims)
            sounds = SoundIndex(policy: policy, phonemes: termPhonemes)
            pairs = PairIndex(policy.cooccurrences)
            frames = FrameIndex(policy: policy)
            referralFactWords = policy.referrals.map { Set($0.factWords) }
            referralTerms = policy.referrals.map { referral in
                referral.phrases.map { SafetyPolicy.Term($0, referral.tier, referral.category) }
            }
        }
    }

    public init(policy: SafetyPolicy, termPhonemes: [String: String] = [:], layers: Layers = .all) {
        self.policy = policy
        self.layers = layers
        self.termPhonemes = termPhonemes
        indexes = Indexes(policy: policy, termPhonemes: termPhonemes)
    }

    /// A line after slot hygiene, with the word views the checks share; `check(_:phonemes:)` finishes it.
    public struct Line: Sendable {
        /// The line as given.
        public let text: String
        let working: String
        let cleanFacts: [String: String]
        let hygiene: [SafetyFinding]
        let plain: [SafetyText.Token]
        let skeleton: [SafetyText.Token]
        /// The working text in lower case, for the pattern triggers.
        let lowered: SlotSanitizer.Pattern.Lowered
        /// Command-shaped text found in the working text while preparing it; nil when it must be looked for again.
        let commandHits: [SafetyHit]?
    }

    /// The words whose phonemes the sound view needs for `line`: the skeleton words of the text as given.
    public func wordsToTranscribe(in line: Line) -> Set<String> {
        Set(soundWords(in: line).lazy.compactMap { $0 })
    }

    /// For each skeleton word of `line`, that word when the sound view hears it (it is a word of the text as given
    /// of three letters or more, without a wildcard), else nil.
    func soundWords(in line: Line) -> [String?] {
        guard !termPhonemes.isEmpty else { return [] }
        func heard(_ word: String) -> Bool {
            (word.utf8.count >= 3 && word.utf8.allSatisfy { $0 < 128 } || word.count >= 3)
                && !word.utf8.contains(UInt8(ascii: "*"))
        }
        // The working text's skeleton is the given text's unless hygiene or white space changed it.
        if line.working == line.text { return line.skeleton.map { heard($0.text) ? $0.text : nil } }
        let given = Set(SafetyText.skeleton(of: line.text).lazy.map(\.text).filter(heard))
        return line.skeleton.map { given.contains($0.text) ? $0.text : nil }
    }

    /// Checks `text` filled with `facts` (slot name → value).
    /// - Parameters:
    ///   - phonemes: phonemes of the words `wordsToTranscribe(in:)` named, stress marks removed.
    ///   - explicit: the listener's setting. With `.allow`, a strong or strongest word of profanity, sexual or drug
    ///     language inside a catalog name (`policy.nameSlots`) is spoken (the finding is kept, `allowed`); slurs,
    ///     hate and harm are judged as with `.block`, and so is all editorial text. `.block` is the default.
    public func check(
        _ text: String, facts: [String: String] = [:], phonemes: [String: String] = [:],
        explicit: Listener.ExplicitSetting = .block
    ) -> SafetyReport {
        check(prepare(text, facts: facts), phonemes: phonemes, explicit: explicit)
    }

    /// Cleans the facts where they stand in `text` (slot hygiene) and splits the result into words.
    public func prepare(_ text: String, facts: [String: String] = [:]) -> Line {
        var working = text
        var findings: [SafetyFinding] = []

        // 1. Slot hygiene: clean each fact value where it stands in the text.
        var cleanFacts: [String: String] = [:]
        let given = SlotSanitizer.Pattern.Lowered(text)
        // Command-shaped text in the line as given: looked for once, here, and kept for the check when hygiene
        // leaves the text as it is (the common case); a value is looked at alone only when the line holds some.
        let givenWords = SafetyText.words(in: text)
        let commandRanges =
            layers.contains(.commands)
            ? SlotSanitizer.commandRanges(in: text, lowered: given, words: givenWords) : []
        let mayHoldCommands = !facts.isEmpty && !commandRanges.isEmpty
        for (slot, value) in facts.sorted(by: { $0.key < $1.key }) {
            var hygiene = SlotSanitizer.sanitize(value, limit: policy.maxSlotLength)
            // A command-shaped value is markup through and through: no part of it is a name to speak. (Looked for
            // only when the text holds command-shaped text somewhere: one test of the line, not one per value.)
            if mayHoldCommands {
                let commands = SlotSanitizer.commands(in: hygiene.value)
                if !commands.isEmpty {
                    hygiene = (policy.namelessFallbacks[slot] ?? "this one", hygiene.removed + commands)
                }
            }
            cleanFacts[slot] = hygiene.value
            guard hygiene.value != value else { continue }
            // Native string search and replace: Foundation's crash on values with NUL characters (found by fuzzing).
            let offset =
                working.firstRange(of: value).map { working.distance(from: working.startIndex, to: $0.lowerBound) } ?? 0
            for removal in hygiene.removed {
                findings.append(
                    SafetyFinding(
                        rule: "hygiene:\(removal.kind)", category: removal.category, tier: .strong,
                        evidence: removal.text, start: offset, end: offset + value.count, slot: slot,
                        action: .rewritten))
            }
            working = working.replacing(value, with: hygiene.value)
        }
        if !SafetyText.isSpaced(working) {
            working = working.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        return Line(
            text: text, working: working, cleanFacts: cleanFacts, hygiene: findings,
            plain: working == text ? givenWords : SafetyText.words(in: working),
            skeleton: SafetyText.skeleton(of: working),
            lowered: working == text ? given : SlotSanitizer.Pattern.Lowered(working),
            commandHits: working == text
                ? commandRanges.map { SafetyHit($0.range, .pattern(kind: $0.kind), $0.category, .strong) } : nil)
    }

    /// Checks a prepared line.
    /// - Parameters:
    ///   - phonemes: phonemes of the words `wordsToTranscribe(in:)` named, stress marks removed.
    ///   - explicit: the listener's setting (see `check(_:facts:phonemes:explicit:)`).
    public func check(
        _ line: Line, phonemes: [String: String] = [:], explicit: Listener.ExplicitSetting = .block
    ) -> SafetyReport {
        check(line, heard: phonemes.isEmpty ? [] : line.skeleton.map { phonemes[$0.text] }, explicit: explicit)
    }

    /// Checks a prepared line, given the phonemes of each of its skeleton words (nil, or no array, where none).
    func check(_ line: Line, heard: [String?], explicit: Listener.ExplicitSetting = .block) -> SafetyReport {
        let (text, cleanFacts, plain, skeleton) = (line.text, line.cleanFacts, line.plain, line.skeleton)
        var working = line.working
        var findings = line.hygiene

        // Where each fact stands in the (cleaned) text.
        let (lexicon, claims, sounds) = (indexes.lexicon, indexes.claims, indexes.sounds)
        let spans = factSpans(cleanFacts, in: working)
        func slot(at range: Range<String.Index>) -> String? {
            spans.first { $0.range.lowerBound <= range.lowerBound && range.upperBound <= $0.range.upperBound }?.slot
        }
        // In ASCII (white space folded, so no CR LF) every character is one byte.
        let ascii = working.utf8.allSatisfy { $0 < 128 }
        func offsets(_ range: Range<String.Index>) -> (Int, Int) {
            if ascii {
                return (
                    working.utf8.distance(from: working.startIndex, to: range.lowerBound),
                    working.utf8.distance(from: working.startIndex, to: range.upperBound)
                )
            }
            return (
                working.distance(from: working.startIndex, to: range.lowerBound),
                working.distance(from: working.startIndex, to: range.upperBound)
            )
        }
        var hits: [SafetyHit] = []

        // 2. Lexicon on three views.
        for (term, range) in lexicon.matches(in: plain, skeleton: false) {
            hits.append(SafetyHit(range, .lexicon(pattern: term.pattern), term.category, term.tier))
        }
        for (term, range) in lexicon.matches(in: skeleton, skeleton: true) {
            hits.append(SafetyHit(range, .skeleton(pattern: term.pattern), term.category, term.tier))
        }
        for (token, heard) in zip(skeleton, heard) {
            guard let heard, !heard.isEmpty else { continue }
            for term in sounds.terms(heard: heard) {
                hits.append(SafetyHit(token.range, .sound(pattern: term.pattern), term.category, term.tier))
            }
        }
        // 3. Word pairs.
        hits += indexes.pairs.hits(in: plain)
        // Word-level fact lookups (Foundation's substring search is slow and this runs on every line).
        let factWords = Set(cleanFacts.values.flatMap { SafetyText.words(in: $0).map(\.text) })
        // Frames: identity generalisations, calls to violence, claims of live events.
        if !layers.isDisjoint(with: [.identityFrames, .violentIntent, .eventClaims, .slangFrames]) {
            hits += frameHits(in: working, plain: plain, factWords: factWords)
        }
        // Urging toward what a fact names.
        for (index, referral) in policy.referrals.enumerated()
        where !indexes.referralFactWords[index].isDisjoint(with: factWords) {
            for (phrase, term) in zip(referral.phrases, indexes.referralTerms[index]) {
                for range in matches(of: term, in: plain) {
                    hits.append(SafetyHit(range, .referral(phrase: phrase), referral.category, referral.tier))
                }
            }
        }
        // 5. Claims.
        for (claim, range) in claims.matches(in: plain, skeleton: false) {
            hits.append(SafetyHit(range, .claim(pattern: claim.pattern), .ungrounded, .strong))
        }
        hits += ungroundedNumbers(in: working, plain: plain, facts: cleanFacts, factWords: factWords)
        // 6. Personal data, spam and markup in the text itself.
        let lowered = line.lowered
        hits += Self.patternHits(
            in: working, lowered: lowered, commands: layers.contains(.commands) && line.commandHits == nil)
        hits += line.commandHits ?? []
        if !ascii || Self.mayGreet(lowered.bytes) {
            hits += unconsentedNames(in: working, factWords: factWords)
        }

        // 4. Provenance decides what each hit means.
        var renamed: Set<String> = []
        var blocked = false
        struct Seen: Hashable { let start: Int, end: Int, category: SafetyCategory }
        var seen: Set<Seen> = []
        for hit in hits.sorted(by: {
            ($0.range.lowerBound, $0.rule.description) < ($1.range.lowerBound, $1.rule.description)
        }) {
            let (start, end) = offsets(hit.range)
            guard seen.insert(Seen(start: start, end: end, category: hit.category)).inserted else { continue }
            // A skeleton word carries the punctuation around it ("Motherfucker." at a sentence end): its letters
            // decide which slot it lies in. A frame of harm, drugs or sex that reaches into a catalog value is that
            // value's own wording or names it ("get to Faded", "Because I Got High"): it is quoted with the value.
            let reachesFact = hit.rule.isFrame && Self.quotedFrameCategories.contains(hit.category)
            let slotName =
                slot(at: hit.range) ?? slot(at: Self.trimmingPunctuation(hit.range, in: working))
                ?? (reachesFact ? spans.first { $0.range.overlaps(hit.range) }?.slot : nil)
            var action = SafetyFinding.Action.blocked
            if let slotName {
                let isName = policy.nameSlots.contains(slotName)
                let allowedName = policy.allowedNames.contains(cleanFacts[slotName]?.lowercased() ?? "")
                // A call to violence, drug or sexual slang inside a catalog value is the value's own wording (Burn It
                // Down, Because I Got High); only identity frames make a name fall back.
                let quoted =
                    hit.category == .ungrounded || hit.category == .personalData || hit.category == .spam
                    || hit.category == .markup || hit.rule.isSound || reachesFact
                if quoted || (isName && hit.tier == .mild) {
                    // A fact as it stands (hygiene already cleaned it), or a name that only sounds like a term.
                    action = .allowed
                } else if hit.tier == .slur {
                    action = .blocked
                } else if isName && allowedName {
                    action = .allowed
                } else if isName && explicit == .allow && Self.explicitCategories.contains(hit.category) {
                    action = .allowed  // the listener allows explicit names: the name is spoken, the finding kept
                } else if isName {
                    action = .rewritten
                    renamed.insert(slotName)
                } else if hit.category == .drugs || hit.category == .harm {
                    action = .allowed  // a fact (genre, year) quoted as it is
                }
            }
            if action == .blocked { blocked = true }
            findings.append(
                SafetyFinding(
                    rule: hit.rule.description, category: hit.category, tier: hit.tier,
                    evidence: String(working[hit.range]), start: start, end: end, slot: slotName,
                    action: action))
        }

        if blocked {
            return SafetyReport(verdict: .block, text: "", findings: findings, policyVersion: policy.version)
        }
        for slotName in renamed.sorted() {
            guard let value = cleanFacts[slotName] else { continue }
            working = working.replacing(value, with: policy.namelessFallbacks[slotName] ?? "this one")
        }
        let changed = working != text
        return SafetyReport(
            verdict: changed ? .rewrite : .pass, text: working, findings: findings,
            policyVersion: policy.version)
    }

    /// `range` without the characters at either end that are neither letters, digits nor `*`.
    static func trimmingPunctuation(_ range: Range<String.Index>, in text: String) -> Range<String.Index> {
        func isWordy(_ character: Character) -> Bool { character.isLetter || character.isNumber || character == "*" }
        var (lower, upper) = (range.lowerBound, range.upperBound)
        while lower < upper, !isWordy(text[lower]) { lower = text.index(after: lower) }
        while lower < upper, !isWordy(text[text.index(before: upper)]) { upper = text.index(before: upper) }
        return lower..<upper
    }

    /// Frames spoken as they stand when they reach into a catalog value: a value's own wording, not the DJ's.
    static let quotedFrameCategories: Set<SafetyCategory> = [.harm, .drugs, .sexual]

    /// What a listener who allows explicit tracks hears in catalog names: explicit language, not hate or harm.
    static let explicitCategories: Set<SafetyCategory> = [.profanity, .sexual, .drugs]

    /// Words an event claim of no specifics may leave out of the facts.
    private static let claimFunctionWords: Set<String> = ["at", "in", "on", "the", "a", "to", "of", "this", "them"]

    /// The frames found in the plain words; an event claim whose specifics are all fact words is grounded.
    private func frameHits(in text: String, plain: [SafetyText.Token], factWords: Set<String>) -> [SafetyHit] {
        let frames = indexes.frames
        /// A word written with a capital that does not open a sentence: a place, a venue.
        func capitalised(_ index: Int) -> Bool {
            let range = plain[index].range
            guard let first = text[range].first, first.isUppercase else { return false }
            var before = range.lowerBound
            while before > text.startIndex {
                before = text.index(before: before)
                let character = text[before]
                if character == " " { continue }
                return !".!?:".contains(character)
            }
            return false
        }
        var hits: [SafetyHit] = []
        let matches = frames.matches(in: plain, capitalised: capitalised).filter {
            layers.contains(Layers.frames(of: frames.frames[$0.frame].category))
        }
        // An event claim with specifics (a place, a date) is grounded when they are all fact words; one without
        // ("tickets", "catch them live") when its own words are, or when another claim in the line was grounded by
        // its specifics (the line is about an event the facts name).
        func grounded(_ match: FrameIndex.Match) -> Bool {
            let words = match.specifics.map { plain[$0].text }
            return !words.isEmpty && words.allSatisfy(factWords.contains)
        }
        let eventGrounded = matches.contains { frames.frames[$0.frame].category == .ungrounded && grounded($0) }
        for match in matches {
            let frame = frames.frames[match.frame]
            if frame.category == .ungrounded {
                if match.specifics.isEmpty {
                    let words = match.range.map { plain[$0].text }.filter { !Self.claimFunctionWords.contains($0) }
                    if eventGrounded || words.allSatisfy(factWords.contains) { continue }
                } else if grounded(match) {
                    continue
                }
            }
            let range =
                plain[match.range.lowerBound].range.lowerBound..<plain[match.range.upperBound - 1].range.upperBound
            hits.append(SafetyHit(range, .frame(name: frame.name), frame.category, frame.tier))
        }
        return hits
    }

    /// Where each fact value stands in `text` (case-insensitive), longest values first.
    private func factSpans(_ facts: [String: String], in text: String) -> [(slot: String, range: Range<String.Index>)] {
        var spans: [(String, Range<String.Index>)] = []
        let haystack = SafetyText.lowercasedUTF8(text)
        let sameLength = haystack.count == text.utf8.count  // lower-casing kept byte offsets
        for (slot, value) in facts.sorted(by: { $0.value.count > $1.value.count }) where !value.isEmpty {
            if sameLength {
                let needle = SafetyText.lowercasedUTF8(value)
                var offset = 0
                while offset + needle.count <= haystack.count {
                    if haystack[offset] == needle[0] && haystack[offset..<(offset + needle.count)].elementsEqual(needle)
                    {
                        let start = text.utf8.index(text.startIndex, offsetBy: offset)
                        let end = text.utf8.index(start, offsetBy: needle.count)
                        spans.append((slot, start..<end))
                        offset += needle.count
                    } else {
                        offset += 1
                    }
                }
                continue
            }
            var from = text.startIndex
            while let range = text.range(of: value, options: [.caseInsensitive], range: from..<text.endIndex) {
                spans.append((slot, range))
                from = range.upperBound
            }
        }
        return spans
    }

    /// Where a phrase stands in `tokens`, word for word.
    private func matches(of term: SafetyPolicy.Term, in tokens: [SafetyText.Token]) -> [Range<String.Index>] {
        let count = term.words.count
        guard count > 0, tokens.count >= count else { return [] }
        return (0...(tokens.count - count)).compactMap { start in
            let words = tokens[start..<(start + count)].map(\.text)
            guard words == term.words else { return nil }
            return tokens[start].range.lowerBound..<tokens[start + count - 1].range.upperBound
        }
    }

    /// Digits in the text that are not a fact's value (a year, a count) are ungrounded claims; a decade
    /// ("the 60s") is grounded by a year in that decade.
    private func ungroundedNumbers(
        in text: String, plain: [SafetyText.Token], facts: [String: String],
        factWords: Set<String>
    )
        -> [SafetyHit]
    {
        lazy var years = facts.values.compactMap { Int($0) }
        var hits: [SafetyHit] = []
        for token in plain where Self.isNumber(token.text) {
            let digits = token.text.filter(\.isNumber)
            if factWords.contains(token.text) || factWords.contains(digits)
                || factWords.contains(where: { $0.filter(\.isNumber) == digits && !digits.isEmpty })
            {
                continue
            }
            if token.text.hasSuffix("s"), let decade = Int(digits),
                years.contains(where: {
                    $0 / 10 % 10 == decade / 10 % 10 && (decade >= 100 ? $0 / 10 == decade / 10 : true)
                })
            {
                continue
            }
            hits.append(SafetyHit(token.range, .number, .ungrounded, .strong))
        }
        var covered = -1  // the last token of the spelled-out number read so far
        for (index, token) in plain.enumerated()
        where index > covered && Self.mayBeNumberWord(token.text) && Self.numberWords.contains(token.text) {
            // The whole number ("twenty-five", "a hundred and ten"), grounded by any fact of that value.
            var span = index..<(index + 1)
            var value: Int?
            if layers.contains(.spelledNumbers) {
                span = Self.spelledNumber(around: index, in: plain)
                value = Self.value(of: plain[span].map(\.text))
            }
            covered = span.upperBound - 1
            if let value,
                factWords.contains(where: { Self.isNumber($0) && Int($0.filter(\.isNumber)) == value })
                    || facts.values.contains(where: { Int($0.filter { $0 != "," && $0 != " " }) == value })
            {
                continue
            }
            for token in plain[span] where Self.numberWords.contains(token.text) && !factWords.contains(token.text) {
                hits.append(SafetyHit(token.range, .number, .ungrounded, .strong))
            }
        }
        if text.utf8.contains(UInt8(ascii: "#")), let range = text.range(of: "#\\s?1\\b", options: .regularExpression) {
            hits.append(SafetyHit(range, .numberOne, .ungrounded, .strong))
        }
        return hits
    }

    /// The words of the spelled-out number that holds the number word at `index`: number words, "and" between
    /// them, and "a" or "one" before "hundred" or "thousand".
    static func spelledNumber(around index: Int, in tokens: [SafetyText.Token]) -> Range<Int> {
        func isPart(_ word: String) -> Bool { numberValues[word] != nil || word == "hundred" || word == "thousand" }
        var start = index
        while start > 0 {
            let word = tokens[start - 1].text
            let next = tokens[start].text
            if isPart(word) || (word == "and" && start >= 2 && isPart(tokens[start - 2].text))
                || (word == "a" && (next == "hundred" || next == "thousand"))
            {
                start -= 1
            } else {
                break
            }
        }
        var end = index + 1
        while end < tokens.count {
            let word = tokens[end].text
            if isPart(word) || (word == "and" && end + 1 < tokens.count && isPart(tokens[end + 1].text)) {
                end += 1
            } else {
                break
            }
        }
        if start < index, tokens[start].text == "and" { start += 1 }
        return start..<end
    }

    /// The value of a spelled-out number ("twenty five", "a hundred and ten", "two thousand"); nil when the words
    /// do not make one number ("hundreds", "ten ten").
    static func value(of words: [String]) -> Int? {
        var total = 0, current = 0
        var last = Int.max  // the last unit or ten read since the last multiplier, to refuse "five twenty"
        for word in words {
            switch word {
            case "and": continue
            case "a": current = max(current, 1)
            case "hundred":
                current = max(current, 1) * 100
                last = Int.max
            case "thousand":
                total += max(current, 1) * 1000
                current = 0
                last = Int.max
            default:
                guard let value = numberValues[word] else { return nil }
                // A ten takes a unit after it ("twenty five"), not before; two units or two tens in a row are two
                // numbers.
                guard last == Int.max || (last >= 20 && last % 10 == 0 && value < 10) else { return nil }
                current += value
                last = value
            }
        }
        return total + current
    }

    /// Number words by value; "one" counts inside a number ("one hundred", "twenty one"), not alone.
    static let numberValues: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
        "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90,
    ]

    /// "1962", "60s", "'90s", "3rd", "2,000", "10k": a number as a word.
    static func isNumber(_ word: String) -> Bool {
        // Most words begin with a letter: no number (a digit or an apostrophe begins one).
        guard let lead = word.utf8.first, lead == UInt8(ascii: "'") || lead >= 0x30 && lead <= 0x39 else {
            return false
        }
        var body = Substring(word)
        if body.first == "'" { body = body.dropFirst() }
        guard let first = body.first, first.isASCII, first.isNumber else { return false }
        for suffix in ["st", "nd", "rd", "th", "s", "k", "m"] where body.hasSuffix(suffix) {
            body = body.dropLast(suffix.count)
            break
        }
        return body.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "," || $0 == "." }
    }

    /// Whether `word` opens and is as long as some number word: most words are not, and cost no set look-up.
    private static func mayBeNumberWord(_ word: String) -> Bool {
        guard let first = word.utf8.first, (3...9).contains(word.utf8.count) else { return false }
        return numberWordOpenings & (1 << UInt64(first & 63)) != 0 && first >= 64
    }

    private static let numberWordOpenings: UInt64 = numberWords.reduce(0) {
        $0 | 1 << UInt64(($1.utf8.first ?? 0) & 63)
    }

    /// Spelled-out numbers that make a claim ("ten minutes", "two million"); "one" is too common to count.
    static let numberWords: Set<String> = [
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty",
        "sixty", "seventy", "eighty", "ninety", "hundred", "hundreds", "thousand", "thousands",
    ]

    /// Personal data, spam and markup found by pattern in the text, given in lower case too.
    /// - Parameter commands: whether command-shaped text (shell, SQL, injection phrasing) is looked for.
    static func patternHits(
        in text: String, lowered: SlotSanitizer.Pattern.Lowered, commands: Bool = true
    )
        -> [SafetyHit]
    {
        var hits: [SafetyHit] = []
        SlotSanitizer.patterns.withUnsafeBufferPointer { patterns in  // no copy of each pattern
            for pattern in patterns.indices
            where commands || !SlotSanitizer.commandKinds.contains(patterns[pattern].kind) {
                for range in patterns[pattern].ranges(in: text, lowered: lowered) {
                    hits.append(
                        SafetyHit(
                            range, .pattern(kind: "\(patterns[pattern].kind)"), patterns[pattern].category, .strong))
                }
            }
        }
        return hits
    }

    /// Greetings that name someone: a listener's name may only be spoken when it is a consented fact.
    private static let greetings = [
        "happy birthday", "good morning", "good afternoon", "good evening", "good night", "welcome back", "hello",
        "hey",
        "hi", "congratulations", "shout[- ]?out to", "this one'?s for", "this one is for", "dedicated to",
    ]
    // swift-format-ignore: NeverUseForceTry
    // A constant pattern: failing to compile it is a programmer error, caught by every test.
    private static let greeting = try! NSRegularExpression(  // a constant pattern
        pattern: "(?i:\\b(\(greetings.joined(separator: "|"))))\\s*,?\\s+([A-Z][a-z]+)\\b")

    /// Each greeting's literal beginning, and whether that is the whole greeting (so white space or a comma follows).
    private static let greetingStarts: [(bytes: [UInt8], whole: Bool)] = greetings.map { greeting in
        guard let special = greeting.firstIndex(where: { "[?".contains($0) }) else {
            return (Array(greeting.utf8), true)
        }
        let literal = greeting[..<special].dropLast(greeting[special] == "?" ? 1 : 0)
        return (Array(literal.utf8), false)
    }

    /// The greeting starts by their first byte.
    private static let greetingStartsByByte: [[(bytes: [UInt8], whole: Bool)]] = (0..<256).map { byte in
        greetingStarts.filter { $0.bytes.first == UInt8(byte) }
    }

    /// Whether lower-case ASCII `text` may hold a greeting: one starts at a word boundary. Cheaper than the expression.
    private static func mayGreet(_ text: [UInt8]) -> Bool {
        func isWord(_ byte: UInt8) -> Bool { (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 95 }
        for index in text.indices {
            let starts = greetingStartsByByte[Int(text[index])]
            guard !starts.isEmpty, index == 0 || !isWord(text[index - 1]) else { continue }
            for (start, whole) in starts where index + start.count < text.count {
                guard text[index..<(index + start.count)].elementsEqual(start) else { continue }
                let next = text[index + start.count]
                if !whole || next <= 32 || next == UInt8(ascii: ",") { return true }
            }
        }
        return false
    }

    /// Names in greetings that are not a fact: listener data spoken without consent.
    private func unconsentedNames(
        in text: String, factWords: Set<String>
    )
        -> [SafetyHit]
    {
        let ordinary: Set<String> = [
            "everyone", "everybody", "folks", "friends", "there", "you", "all", "again", "segue",
            "the", "and", "to", "from", "world", "listeners", "night", "morning",
        ]
        return Self.greeting.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            guard let range = Range(match.range(at: 2), in: text) else { return nil }
            let name = text[range].lowercased()
            if ordinary.contains(name) || factWords.contains(name) { return nil }
            return SafetyHit(range, .unconsentedName, .personalData, .strong)
        }
    }
}
