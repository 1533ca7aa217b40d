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
public struct SafetyChecker: Sendable {
    public let policy: SafetyPolicy
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
        /// Each referral's phrases as terms, and its fact words as a set.
        let referralTerms: [[SafetyPolicy.Term]]
        let referralFactWords: [Set<String>]

        init(policy: SafetyPolicy, termPhonemes: [String: String]) {
            lexicon = TermIndex(policy.terms)
            claims = TermIndex(policy.claims)
            sounds = SoundIndex(policy: policy, phonemes: termPhonemes)
            pairs = PairIndex(policy.cooccurrences)
            referralFactWords = policy.referrals.map { Set($0.factWords) }
            referralTerms = policy.referrals.map { referral in
                referral.phrases.map { SafetyPolicy.Term($0, referral.tier, referral.category) }
            }
        }
    }

    public init(policy: SafetyPolicy, termPhonemes: [String: String] = [:]) {
        self.policy = policy
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
    /// - Parameter phonemes: phonemes of the words `wordsToTranscribe(in:)` named, stress marks removed.
    public func check(_ text: String, facts: [String: String] = [:], phonemes: [String: String] = [:]) -> SafetyReport {
        check(prepare(text, facts: facts), phonemes: phonemes)
    }

    /// Cleans the facts where they stand in `text` (slot hygiene) and splits the result into words.
    public func prepare(_ text: String, facts: [String: String] = [:]) -> Line {
        var working = text
        var findings: [SafetyFinding] = []

        // 1. Slot hygiene: clean each fact value where it stands in the text.
        var cleanFacts: [String: String] = [:]
        for (slot, value) in facts.sorted(by: { $0.key < $1.key }) {
            let hygiene = SlotSanitizer.sanitize(value, limit: policy.maxSlotLength)
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
            plain: SafetyText.words(in: working), skeleton: SafetyText.skeleton(of: working))
    }

    /// Checks a prepared line.
    /// - Parameter phonemes: phonemes of the words `wordsToTranscribe(in:)` named, stress marks removed.
    public func check(_ line: Line, phonemes: [String: String] = [:]) -> SafetyReport {
        check(line, heard: phonemes.isEmpty ? [] : line.skeleton.map { phonemes[$0.text] })
    }

    /// Checks a prepared line, given the phonemes of each of its skeleton words (nil, or no array, where none).
    func check(_ line: Line, heard: [String?]) -> SafetyReport {
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
        // Urging toward what a fact names.
        // Word-level fact lookups (Foundation's substring search is slow and this runs on every line).
        let factWords = Set(cleanFacts.values.flatMap { SafetyText.words(in: $0).map(\.text) })
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
        let lowered = SlotSanitizer.Pattern.Lowered(working)
        hits += Self.patternHits(in: working, lowered: lowered)
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
            let slotName = slot(at: hit.range)
            var action = SafetyFinding.Action.blocked
            if let slotName {
                let isName = policy.nameSlots.contains(slotName)
                let allowedName = policy.allowedNames.contains(cleanFacts[slotName]?.lowercased() ?? "")
                let quoted =
                    hit.category == .ungrounded || hit.category == .personalData || hit.category == .spam
                    || hit.category == .markup || hit.rule.isSound
                if quoted || (isName && hit.tier == .mild) {
                    // A fact as it stands (hygiene already cleaned it), or a name that only sounds like a term.
                    action = .allowed
                } else if hit.tier == .slur {
                    action = .blocked
                } else if isName && allowedName {
                    action = .allowed
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
        for token in plain
        where Self.mayBeNumberWord(token.text) && Self.numberWords.contains(token.text)
            && !factWords.contains(token.text)
        {
            hits.append(SafetyHit(token.range, .number, .ungrounded, .strong))
        }
        if text.utf8.contains(UInt8(ascii: "#")), let range = text.range(of: "#\\s?1\\b", options: .regularExpression) {
            hits.append(SafetyHit(range, .numberOne, .ungrounded, .strong))
        }
        return hits
    }

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
    static func patternHits(
        in text: String, lowered: SlotSanitizer.Pattern.Lowered
    )
        -> [SafetyHit]
    {
        var hits: [SafetyHit] = []
        SlotSanitizer.patterns.withUnsafeBufferPointer { patterns in  // no copy of each pattern
            for pattern in patterns.indices {
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
