import Synchronization

/// Something that says how words sound, for the safety checker's sound view.
public protocol PhonemeTranscribing: Sendable {
    /// The phonemes of each word in `language`, with stress and length marks removed.
    func phonemes(for words: Set<String>, language: String) async throws -> [String: String]
}

/// The safety checker with its sound view: words are transcribed (and cached) before each check.
public struct SafetyScreen: Sendable {
    public var checker: SafetyChecker
    public var transcriber: (any PhonemeTranscribing)?
    private let known = PhonemeCache()

    /// A screen around a prepared checker.
    public init(checker: SafetyChecker, transcriber: (any PhonemeTranscribing)?) {
        self.checker = checker
        self.transcriber = transcriber
    }

    /// Prepares the checker, transcribing every sound-matched lexicon term once.
    public static func make(
        policy: SafetyPolicy, transcriber: (any PhonemeTranscribing)?
    ) async throws
        -> SafetyScreen
    {
        var termPhonemes: [String: String] = [:]
        if let transcriber {
            let terms = policy.terms.filter { $0.matchesSound && $0.words.count == 1 }
            let sounds = try await transcriber.phonemes(
                for: Set(terms.map { $0.words[0] }), language: policy.phonemeLanguage)
            for term in terms {
                if let sound = sounds[term.words[0]], sound.count >= 2 { termPhonemes[term.pattern] = sound }
            }
        }
        return SafetyScreen(
            checker: SafetyChecker(policy: policy, termPhonemes: termPhonemes), transcriber: transcriber)
    }

    /// Checks a line filled with `facts` on every view.
    /// - Parameter explicit: the listener's setting: with `.allow`, a strong word of explicit language inside a
    ///   catalog name is spoken (see `SafetyChecker.check(_:facts:phonemes:explicit:)`); `.block` by default.
    public func check(
        _ text: String, facts: [String: String] = [:], explicit: Listener.ExplicitSetting = .block
    ) async throws -> SafetyReport {
        let line = checker.prepare(text, facts: facts)
        guard let transcriber else { return checker.check(line, heard: [], explicit: explicit) }
        let words = checker.soundWords(in: line)
        var (heard, missing) = known.lookup(words)
        if !missing.isEmpty {
            let fresh = try await transcriber.phonemes(for: missing, language: checker.policy.phonemeLanguage)
            known.store(fresh)
            for (index, word) in words.enumerated() where heard[index] == nil {
                heard[index] = word.flatMap { fresh[$0] }
            }
        }
        return checker.check(line, heard: heard, explicit: explicit)
    }
}

/// Phonemes already heard, shared by copies of a screen, so a known word needs no trip to the synthesizer.
///
/// Each word is transcribed on its own, so its phonemes do not depend on the line it came in: forgetting them
/// (when the cache is full) changes no verdict, only the time the next line takes.
private final class PhonemeCache: Sendable {
    /// Enough for every word of a large catalog's commentary; a long-running server starts over past it.
    private static let capacity = 200_000
    private let words = Mutex<[String: String]>([:])

    /// The phonemes known for each word (nil where the word is nil or unknown), and the words not yet known.
    func lookup(_ wanted: [String?]) -> (heard: [String?], missing: Set<String>) {
        words.withLock { words in
            var missing: Set<String> = []
            let heard = wanted.map { word -> String? in
                guard let word else { return nil }
                if let phonemes = words[word] { return phonemes }
                missing.insert(word)
                return nil
            }
            return (heard, missing)
        }
    }

    func store(_ fresh: [String: String]) {
        words.withLock { words in
            if words.count + fresh.count > Self.capacity { words.removeAll() }
            words.merge(fresh) { _, new in new }
        }
    }
}
