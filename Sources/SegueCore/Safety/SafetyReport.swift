/// How bad a term is; decides whether a catalog name may carry it.
public enum SafetyTier: String, Sendable, Codable, Comparable, CaseIterable {
    case mild, strong, strongest, slur

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// What a finding is about.
public enum SafetyCategory: String, Sendable, Codable, CaseIterable {
    case profanity, hate, sexual, harm, drugs
    case personalData = "personal_data"
    case spam, markup, ungrounded
}

/// One thing the checker found in a line.
public struct SafetyFinding: Sendable, Codable, Equatable {
    /// The rule that fired, e.g. `lexicon:fuck*`, `skeleton:fuck*`, `sound:fuck*`, `claim:grammy*`, `hygiene:url`.
    public var rule: String
    public var category: SafetyCategory
    public var tier: SafetyTier
    /// The matched text as it stands in the checked text.
    public var evidence: String
    /// Character offsets of the match in the checked text.
    public var start: Int
    public var end: Int
    /// The slot the match lies in; nil for editorial (template) text.
    public var slot: String?
    /// What the checker did about it: `allowed`, `rewritten` or `blocked`.
    public var action: Action

    public enum Action: String, Sendable, Codable {
        case allowed, rewritten, blocked
    }

    public init(
        rule: String, category: SafetyCategory, tier: SafetyTier, evidence: String, start: Int, end: Int,
        slot: String? = nil, action: Action
    ) {
        self.rule = rule
        self.category = category
        self.tier = tier
        self.evidence = evidence
        self.start = start
        self.end = end
        self.slot = slot
        self.action = action
    }
}

/// The checker's decision on one line.
public struct SafetyReport: Sendable, Codable, Equatable {
    public enum Verdict: String, Sendable, Codable {
        /// Spoken as it is.
        case pass
        /// Spoken after changes (a cleaned slot value, a name-less wording).
        case rewrite
        /// Not spoken.
        case block
    }

    public var verdict: Verdict
    /// The text that may be spoken; empty when blocked.
    public var text: String
    public var findings: [SafetyFinding]
    public var policyVersion: String

    public init(verdict: Verdict, text: String, findings: [SafetyFinding], policyVersion: String) {
        self.verdict = verdict
        self.text = text
        self.findings = findings
        self.policyVersion = policyVersion
    }

    enum CodingKeys: String, CodingKey {
        case verdict, text, findings
        case policyVersion = "policy_version"
    }
}
