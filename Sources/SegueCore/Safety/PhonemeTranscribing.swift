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
    public static func make(policy: SafetyPolicy = .standard, transcriber: (any PhonemeTranscribing)?) async throws
        -> SafetyScreen
    {
        var termPhonemes: [String: String] = [:]
        if let transcriber {
            let terms = policy.terms.filter { $0.matchesSound && $0.words.count == 1 }
            let sounds = try await transcriber.phonemes(for: Set(terms.map { $0.words[0] }), language: policy.phonemeLanguage)
            for term in terms {
                if let sound = sounds[term.words[0]], sound.count >= 2 { termPhonemes[term.pattern] = sound }
            }
        }
        return SafetyScreen(checker: SafetyChecker(policy: policy, termPhonemes: termPhonemes), transcriber: transcriber)
    }

    /// Checks a line filled with `facts` on every view.
    public func check(_ text: String, facts: [String: String] = [:]) async throws -> SafetyReport {
        let line = checker.prepare(text, facts: facts)
        var phonemes: [String: String] = [:]
        if let transcriber {
            let words = checker.wordsToTranscribe(in: line)
            let (found, missing) = known.lookup(words)
            phonemes = found
            if !missing.isEmpty {
                let fresh = try await transcriber.phonemes(for: missing, language: checker.policy.phonemeLanguage)
                known.store(fresh)
                phonemes.merge(fresh) { current, _ in current }
            }
        }
        return checker.check(line, phonemes: phonemes)
    }
}

/// Phonemes already heard, shared by copies of a screen, so a known word needs no trip to the synthesizer.
private final class PhonemeCache: Sendable {
    private let words = Mutex<[String: String]>([:])

    func lookup(_ wanted: Set<String>) -> (found: [String: String], missing: Set<String>) {
        words.withLock { words in
            var found: [String: String] = [:]
            var missing: Set<String> = []
            for word in wanted {
                if let phonemes = words[word] { found[word] = phonemes } else { missing.insert(word) }
            }
            return (found, missing)
        }
    }

    func store(_ fresh: [String: String]) {
        words.withLock { $0.merge(fresh) { _, new in new } }
    }
}
