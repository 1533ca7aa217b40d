/// Which rule of the policy matched, and on which view of the line.
public enum SafetyRule: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// A lexicon term on the plain words.
    case lexicon(pattern: String)
    /// A lexicon term on the de-obfuscated skeleton (homoglyphs, leetspeak, spacing undone).
    case skeleton(pattern: String)
    /// A lexicon term by how espeak-ng says the word.
    case sound(pattern: String)
    /// A word pair that encourages harm or drug use, or attacks an identity.
    case pair(first: String, then: String)
    /// Editorial wording that urges the listener toward what a fact names.
    case referral(phrase: String)
    /// A claim word that must trace to a fact.
    case claim(pattern: String)
    /// A number that is not a fact.
    case number
    /// "#1" without a fact.
    case numberOne
    /// Personal data, spam or markup found by pattern (`SlotSanitizer` kinds).
    case pattern(kind: String)
    /// A listener named in a greeting without consent.
    case unconsentedName
    /// A slot-structured phrase of `frames.tsv`, by name.
    case frame(name: String)

    /// The rule as reports write it: `lexicon:damn*`, `pair:buy+drugs`, `claim:number`, ...
    public var description: String {
        switch self {
        case .lexicon(let pattern): "lexicon:\(pattern)"
        case .skeleton(let pattern): "skeleton:\(pattern)"
        case .sound(let pattern): "sound:\(pattern)"
        case .pair(let first, let then): "pair:\(first)+\(then)"
        case .referral(let phrase): "referral:\(phrase)"
        case .claim(let pattern): "claim:\(pattern)"
        case .number: "claim:number"
        case .numberOne: "claim:#1"
        case .pattern(let kind): "pattern:\(kind)"
        case .unconsentedName: "privacy:unconsented-name"
        case .frame(let name): "frame:\(name)"
        }
    }

    /// Whether the rule is a frame of `frames.tsv`.
    public var isFrame: Bool {
        if case .frame = self { return true }
        return false
    }

    /// Whether the rule matched by sound alone (a catalog name that only sounds like a term is spoken).
    public var isSound: Bool {
        if case .sound = self { return true }
        return false
    }
}

/// One match of a rule in a line, before provenance decides what it means.
public struct SafetyHit: Sendable, Equatable {
    public var range: Range<String.Index>
    public var rule: SafetyRule
    public var category: SafetyCategory
    public var tier: SafetyTier

    public init(_ range: Range<String.Index>, _ rule: SafetyRule, _ category: SafetyCategory, _ tier: SafetyTier) {
        self.range = range
        self.rule = rule
        self.category = category
        self.tier = tier
    }
}
