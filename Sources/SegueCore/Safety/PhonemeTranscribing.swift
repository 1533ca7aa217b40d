/// Something that says how words sound, for the safety checker's sound view.
public protocol PhonemeTranscribing: Sendable {
    /// The phonemes of each word in `language`, with stress and length marks removed.
    func phonemes(for words: Set<String>, language: String) async throws -> [String: String]
}

/// The safety checker with its sound view: words are transcribed (and cached) before each check.
public struct SafetyScreen: Sendable {
    public var checker: SafetyChecker
    public var transcriber: (any PhonemeTranscribing)?

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
        var phonemes: [String: String] = [:]
        if let transcriber {
            let words = checker.wordsToTranscribe(in: text)
            if !words.isEmpty { phonemes = try await transcriber.phonemes(for: words, language: checker.policy.phonemeLanguage) }
        }
        return checker.check(text, facts: facts, phonemes: phonemes)
    }
}
