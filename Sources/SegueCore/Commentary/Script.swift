/// A slot value in a line, the fact it came from, and where it stands in the spoken text (the fact ledger).
public struct SlotFill: Sendable, Codable, Equatable {
    public var slot: String
    public var value: String
    /// The fact: `catalog t04.title`, `sequencer reason for t04`, `derived: decade of catalog t04.year`, ...
    public var source: String
    /// Character offsets of the value in the line's text; nil when it does not appear (a fallback wording).
    public var start: Int?
    public var end: Int?

    public init(slot: String, value: String, source: String, start: Int? = nil, end: Int? = nil) {
        self.slot = slot
        self.value = value
        self.source = source
        self.start = start
        self.end = end
    }
}

/// One thing the DJ says, where it goes, and what the safety checker decided.
public struct ScriptLine: Sendable, Codable, Equatable {
    /// Where a line plays relative to the lineup, music ducked under it.
    public enum Placement: String, Sendable, Codable {
        /// Over the end of the track before, finished before this track comes in ("Coming up, …").
        case beforeTrack = "before_track"
        /// Across the crossfade into the track ("That was X … here's Y").
        case transition
        /// Over the start of the track once it is in, over its intro where it has one ("This is Y").
        case trackStart = "track_start"
        /// Over the end of the track (the outro).
        case trackEnd = "track_end"

        /// Where a line said at `moment` goes.
        public init(_ moment: CommentaryTemplate.Moment) {
            switch moment {
            case .before: self = .beforeTrack
            case .transition: self = .transition
            case .playing: self = .trackStart
            }
        }
    }

    public var id: String
    public var kind: CommentaryTemplate.Kind
    public var templateID: String
    public var templateStatus: CommentaryTemplate.Status
    /// The body revision the line was rendered from (see `CommentaryTemplate.currentRevision`).
    public var templateRevision: String
    /// 0-based index of the lineup track this line plays over.
    public var trackIndex: Int
    public var placement: Placement
    /// Why the talk planner put the line there ("over the 12.0 s intro of t04"), for reviewers.
    public var placementNote: String?
    public var slots: [SlotFill]
    /// The filled template before safety.
    public var originalText: String
    /// The safe text; empty when the line was blocked.
    public var text: String
    public var safety: SafetyReport

    /// Whether the line will be spoken.
    public var isSpoken: Bool { safety.verdict != .block && !text.isEmpty }

    enum CodingKeys: String, CodingKey {
        case id, kind
        case templateID = "template_id"
        case templateStatus = "template_status"
        case templateRevision = "template_revision"
        case trackIndex = "track_index"
        case placement, slots
        case placementNote = "placement_note"
        case originalText = "original_text"
        case text
        case verdict, findings
        case policyVersion = "policy_version"
    }

    public init(
        id: String, kind: CommentaryTemplate.Kind, templateID: String, templateStatus: CommentaryTemplate.Status,
        templateRevision: String, trackIndex: Int, placement: Placement, slots: [SlotFill], originalText: String,
        text: String,
        safety: SafetyReport, placementNote: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.templateID = templateID
        self.templateStatus = templateStatus
        self.templateRevision = templateRevision
        self.trackIndex = trackIndex
        self.placement = placement
        self.placementNote = placementNote
        self.slots = slots
        self.originalText = originalText
        self.text = text
        self.safety = safety
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        kind = try c.decode(CommentaryTemplate.Kind.self, forKey: .kind)
        templateID = try c.decode(String.self, forKey: .templateID)
        templateStatus = try c.decode(CommentaryTemplate.Status.self, forKey: .templateStatus)
        templateRevision = try c.decode(String.self, forKey: .templateRevision)
        trackIndex = try c.decode(Int.self, forKey: .trackIndex)
        placement = try c.decode(Placement.self, forKey: .placement)
        placementNote = try c.decodeIfPresent(String.self, forKey: .placementNote)
        slots = try c.decode([SlotFill].self, forKey: .slots)
        originalText = try c.decode(String.self, forKey: .originalText)
        text = try c.decode(String.self, forKey: .text)
        safety = SafetyReport(
            verdict: try c.decode(SafetyReport.Verdict.self, forKey: .verdict), text: text,
            findings: try c.decode([SafetyFinding].self, forKey: .findings),
            policyVersion: try c.decode(String.self, forKey: .policyVersion))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(templateID, forKey: .templateID)
        try c.encode(templateStatus, forKey: .templateStatus)
        try c.encode(templateRevision, forKey: .templateRevision)
        try c.encode(trackIndex, forKey: .trackIndex)
        try c.encode(placement, forKey: .placement)
        try c.encodeIfPresent(placementNote, forKey: .placementNote)
        try c.encode(slots, forKey: .slots)
        try c.encode(originalText, forKey: .originalText)
        try c.encode(text, forKey: .text)
        try c.encode(safety.verdict, forKey: .verdict)
        try c.encode(safety.findings, forKey: .findings)
        try c.encode(safety.policyVersion, forKey: .policyVersion)
    }
}

/// The script stage's value: everything the DJ will say in a planned session, in order, each line with its safety
/// verdict and the facts that filled it. Saved as the `segue script` file, it is reviewed before anything is rendered.
public struct Script: Sendable, Codable, Equatable {
    /// The plan this script talks over.
    public var plan: SessionPlan
    public var locale: String
    public var mode: TemplateLibrary.Mode
    /// The safety policy every line was screened with (`SafetyPolicy.version`).
    public var policyVersion: String
    public var lines: [ScriptLine]

    public init(
        plan: SessionPlan, locale: String, mode: TemplateLibrary.Mode, policyVersion: String, lines: [ScriptLine]
    ) {
        self.plan = plan
        self.locale = locale
        self.mode = mode
        self.policyVersion = policyVersion
        self.lines = lines
    }

    /// Artists the script introduces as new (its spoken discovery lines), for the listener's talk history.
    public var introducedArtists: [String] {
        lines.filter { $0.kind == .discovery && $0.isSpoken }.compactMap { line in
            plan.lineup.picks.indices.contains(line.trackIndex) ? plan.lineup.picks[line.trackIndex].track.artist : nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case plan, locale, mode, lines
        case policyVersion = "policy_version"
    }

    /// Decodes a saved script; a line over a track the plan does not have (an edited file) is an error.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        plan = try c.decode(SessionPlan.self, forKey: .plan)
        locale = try c.decode(String.self, forKey: .locale)
        mode = try c.decode(TemplateLibrary.Mode.self, forKey: .mode)
        policyVersion = try c.decode(String.self, forKey: .policyVersion)
        lines = try c.decode([ScriptLine].self, forKey: .lines)
        if let line = lines.first(where: { !plan.lineup.picks.indices.contains($0.trackIndex) }) {
            throw DecodingError.dataCorruptedError(
                forKey: .lines, in: c,
                debugDescription:
                    "line \(line.id) plays over track \(line.trackIndex + 1) of \(plan.lineup.picks.count)")
        }
    }
}
