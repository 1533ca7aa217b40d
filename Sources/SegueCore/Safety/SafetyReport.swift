/// How bad a lexicon term is; decides whether a catalog name may carry it.
public enum SafetyTier: String, Sendable, Codable, Comparable, CaseIterable {
    case mild, strong, slur

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// What a finding is about.
public enum SafetyCategory: String, Sendable, Codable {
    case profanity, hate, sexual, harm, markup
}

/// One thing the checker found in a line.
public struct SafetyFinding: Sendable, Codable, Equatable {
    public var rule: String
    public var category: SafetyCategory
    public var tier: SafetyTier
    /// The matched text as it stands in the line.
    public var evidence: String
    /// Character offsets of the match in the checked text.
    public var start: Int
    public var end: Int
    /// True when the match lies inside a catalog name and was allowed to be spoken.
    public var allowedAsName: Bool

    enum CodingKeys: String, CodingKey {
        case rule, category, tier, evidence, start, end
        case allowedAsName = "allowed_as_name"
    }
}

/// The checker's decision on one line.
public struct SafetyReport: Sendable, Codable, Equatable {
    public enum Verdict: String, Sendable, Codable {
        case pass, block
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
