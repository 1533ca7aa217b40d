import Foundation

/// The versioned rules the safety checker applies, loaded from the files in `Safety/policy/` that
/// trust-and-safety reviewers edit (see its CHANGELOG.md).
public struct SafetyPolicy: Sendable, Equatable {
    /// One lexicon term: one or more words; a trailing `*` on the last word matches any ending.
    public struct Term: Sendable, Equatable {
        public var words: [String]
        public var matchesPrefix: Bool
        public var tier: SafetyTier
        public var category: SafetyCategory
        /// Whether the term is also matched by how it sounds (espeak-ng phonemes).
        public var matchesSound: Bool

        /// Parses "word", "two words" or "stem*".
        public init(_ pattern: String, _ tier: SafetyTier, _ category: SafetyCategory, matchesSound: Bool = true) {
            matchesPrefix = pattern.hasSuffix("*")
            words = pattern.trimmingCharacters(in: CharacterSet(charactersIn: "*")).lowercased()
                .split(separator: " ").map(String.init)
            self.tier = tier
            self.category = category
            self.matchesSound = matchesSound
        }

        /// The pattern as written.
        public var pattern: String { words.joined(separator: " ") + (matchesPrefix ? "*" : "") }
    }

    /// Two word lists that together mean harm: a word of `first` followed within `window` words by one of `then`.
    public struct Cooccurrence: Sendable, Equatable {
        public var category: SafetyCategory
        public var tier: SafetyTier
        public var window: Int
        public var first: [String]
        public var then: [String]

        public init(category: SafetyCategory, tier: SafetyTier, window: Int, first: [String], then: [String]) {
            self.category = category
            self.tier = tier
            self.window = window
            self.first = first
            self.then = then
        }
    }

    /// Editorial phrases that urge the listener toward what a fact names (`referring.tsv`).
    public struct Referral: Sendable, Equatable {
        public var category: SafetyCategory
        public var tier: SafetyTier
        public var phrases: [String]
        public var factWords: [String]

        public init(category: SafetyCategory, tier: SafetyTier, phrases: [String], factWords: [String]) {
            self.category = category
            self.tier = tier
            self.phrases = phrases
            self.factWords = factWords
        }
    }

    /// A slot-structured phrase (`frames.tsv`): a group term with a dehumanising predicate, a call to violence,
    /// a claim of a live event. See `FrameIndex` for the pattern language.
    public struct Frame: Sendable, Equatable {
        public var name: String
        public var category: SafetyCategory
        public var tier: SafetyTier
        /// The pattern as written: words, `a|b`, `stem*`, `{class}`, `_`, `@Place`, `~N`, `!a|b`, `!<a|b`.
        public var pattern: String

        public init(name: String, category: SafetyCategory, tier: SafetyTier, pattern: String) {
            self.name = name
            self.category = category
            self.tier = tier
            self.pattern = pattern
        }
    }

    public var version: String
    public var terms: [Term]
    public var referrals: [Referral]
    public var cooccurrences: [Cooccurrence]
    /// Claim wording that must trace to a fact (`number one`, `grammy*`, `died`, ...).
    public var claims: [Term]
    /// Catalog names reviewed and allowed to be spoken as they are (lower-cased).
    public var allowedNames: Set<String>
    /// Slots whose values are catalog names (mild words allowed, strong words fall back to a name-less line).
    public var nameSlots: Set<String>
    /// Listener slots a line may carry because the listener consented.
    public var consentedListenerSlots: Set<String>
    /// What replaces a name that may not be spoken, per slot.
    public var namelessFallbacks: [String: String]
    /// The longest slot value, in characters.
    public var maxSlotLength: Int
    /// The espeak-ng language used for the sound view.
    public var phonemeLanguage: String
    /// Slot-structured phrases, and the word classes they name (`frames.tsv`).
    public var frames: [Frame]
    public var frameClasses: [String: [String]]

    public init(
        version: String, terms: [Term], referrals: [Referral], cooccurrences: [Cooccurrence], claims: [Term],
        allowedNames: Set<String>, nameSlots: Set<String>, consentedListenerSlots: Set<String>,
        namelessFallbacks: [String: String], maxSlotLength: Int, phonemeLanguage: String, frames: [Frame] = [],
        frameClasses: [String: [String]] = [:]
    ) {
        self.version = version
        self.terms = terms
        self.referrals = referrals
        self.cooccurrences = cooccurrences
        self.claims = claims
        self.allowedNames = allowedNames
        self.nameSlots = nameSlots
        self.consentedListenerSlots = consentedListenerSlots
        self.namelessFallbacks = namelessFallbacks
        self.maxSlotLength = maxSlotLength
        self.phonemeLanguage = phonemeLanguage
        self.frames = frames
        self.frameClasses = frameClasses
    }

}

/// A policy file that cannot be used.
public struct SafetyPolicyError: SegueError {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}
