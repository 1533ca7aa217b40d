import Foundation

/// Terms the DJ must not say, each with a tier and category, matched by whole word.
public struct SafetyLexicon: Sendable, Equatable {
    /// One lexicon term: one or more words; a trailing `*` on the last word matches any ending.
    public struct Entry: Sendable, Equatable {
        public var words: [String]
        public var matchesPrefix: Bool
        public var tier: SafetyTier
        public var category: SafetyCategory

        /// Parses "word", "two words" or "stem*".
        public init(_ pattern: String, _ tier: SafetyTier, _ category: SafetyCategory) {
            matchesPrefix = pattern.hasSuffix("*")
            words = pattern.trimmingCharacters(in: CharacterSet(charactersIn: "*")).split(separator: " ").map(String.init)
            self.tier = tier
            self.category = category
        }

        /// The pattern as written.
        public var pattern: String { words.joined(separator: " ") + (matchesPrefix ? "*" : "") }
    }

    public var version: String
    public var entries: [Entry]

    public init(version: String, entries: [Entry]) {
        self.version = version
        self.entries = entries
    }

    /// The built-in policy. Mild terms may stand in a catalog name ("Dick Dale"); strong terms and
    /// slurs may not; template text must be clean at every tier.
    public static let standard = SafetyLexicon(
        version: "segue-lexicon-1",
        entries: [
            // mild profanity and sexual words: catalog names may carry them
            Entry("damn*", .mild, .profanity), Entry("hell", .mild, .profanity), Entry("crap*", .mild, .profanity),
            Entry("bloody", .mild, .profanity), Entry("piss*", .mild, .profanity), Entry("bollocks", .mild, .profanity),
            Entry("dick", .mild, .sexual), Entry("cock", .mild, .sexual), Entry("pussy", .mild, .sexual),
            Entry("sex", .mild, .sexual), Entry("sexy", .mild, .sexual), Entry("tits", .mild, .sexual),
            // strong profanity
            Entry("fuck*", .strong, .profanity), Entry("motherfuck*", .strong, .profanity), Entry("shit*", .strong, .profanity),
            Entry("bullshit*", .strong, .profanity), Entry("cunt*", .strong, .profanity), Entry("bitch*", .strong, .profanity),
            Entry("bastard*", .strong, .profanity), Entry("asshole*", .strong, .profanity), Entry("arsehole*", .strong, .profanity),
            Entry("wank*", .strong, .profanity), Entry("twat*", .strong, .profanity), Entry("whore*", .strong, .sexual),
            Entry("slut*", .strong, .sexual), Entry("blowjob*", .strong, .sexual), Entry("porn*", .strong, .sexual),
            // encouragement of harm
            Entry("kill yourself", .strong, .harm), Entry("kill yourselves", .strong, .harm), Entry("kys", .strong, .harm),
            Entry("hang yourself", .strong, .harm), Entry("go die", .strong, .harm), Entry("slit your wrists", .strong, .harm),
            // slurs and identity attacks: never spoken
            Entry("nigger*", .slur, .hate), Entry("nigga*", .slur, .hate), Entry("faggot*", .slur, .hate),
            Entry("fag", .slur, .hate), Entry("fags", .slur, .hate), Entry("kike*", .slur, .hate), Entry("spic", .slur, .hate),
            Entry("spics", .slur, .hate), Entry("chink*", .slur, .hate), Entry("tranny", .slur, .hate),
            Entry("trannies", .slur, .hate), Entry("retard*", .slur, .hate), Entry("wetback*", .slur, .hate),
            Entry("raghead*", .slur, .hate), Entry("gook*", .slur, .hate), Entry("dyke*", .slur, .hate),
        ])
}
