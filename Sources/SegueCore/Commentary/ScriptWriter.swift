/// Writes the DJ's lines for a lineup from editor templates, filling slots from catalog facts only.
public struct ScriptWriter: Sendable {
    public var library: TemplateLibrary
    public var mode: TemplateLibrary.Mode
    public var screen: SafetyScreen

    public init(library: TemplateLibrary, mode: TemplateLibrary.Mode = .production, screen: SafetyScreen) {
        self.library = library
        self.mode = mode
        self.screen = screen
    }

    /// How often the DJ talks and what it avoids repeating.
    public struct TalkOptions: Sendable, Equatable {
        /// A line before every `minGap`...`maxGap` tracks (never two in a row: `minGap` is at least 2).
        public var minGap: Int
        public var maxGap: Int
        /// Templates used in the listener's recent sessions: avoided while others remain.
        public var recentTemplates: Set<String>
        /// The listener's name, only when they opted in to being named.
        public var listenerName: String?
        /// Whether the voice reads only Latin script (every voice Segue ships does).
        public var voiceReadsLatinOnly: Bool

        public init(
            minGap: Int = 2, maxGap: Int = 4, recentTemplates: Set<String> = [], listenerName: String? = nil,
            voiceReadsLatinOnly: Bool = true
        ) {
            self.minGap = max(2, minGap)
            self.maxGap = max(self.minGap, maxGap)
            self.recentTemplates = recentTemplates
            self.listenerName = listenerName
            self.voiceReadsLatinOnly = voiceReadsLatinOnly
        }
    }

    /// An intro over the first track, a line before every few tracks after it, and an outro over the last.
    /// - Parameter catalog: the catalog the plan was made from (the newest year in it dates the throwbacks).
    public func script(
        for plan: SessionPlan, catalog: Catalog, talk: TalkOptions = TalkOptions()
    ) async throws -> Script {
        let lineup = plan.lineup, locale = plan.locale, seed = plan.options.seed
        var rng = SeededRandomNumberGenerator(seed: seed ^ 0x5C21_97)
        var used: Set<String> = []
        var lines: [ScriptLine] = []
        let picks = lineup.picks
        guard !picks.isEmpty else {
            return Script(
                plan: plan, locale: locale, mode: mode, policyVersion: screen.checker.policy.version, lines: [])
        }
        let newestYear = catalog.tracks.compactMap(\.year).max()

        func add(
            _ kind: CommentaryTemplate.Kind, track index: Int, placement: ScriptLine.Placement,
            current: LineupPick?, previous: Track?
        ) async throws {
            var choices = library.candidates(kind: kind, locale: locale, mode: mode)
            if choices.isEmpty, kind != .intro, kind != .outro {
                choices = library.candidates(kind: .segue, locale: locale, mode: mode)
            }
            guard !choices.isEmpty else { return }
            let fresh = choices.filter { !used.contains($0.id) }
            let rested = fresh.filter { !talk.recentTemplates.contains($0.id) }
            let pool = !rested.isEmpty ? rested : (!fresh.isEmpty ? fresh : choices)
            var template = pool[Int.random(in: 0..<pool.count, using: &rng)]
            used.insert(template.id)
            let facts = Self.facts(
                current: current, previous: previous, listenerName: talk.listenerName,
                latinOnly: talk.voiceReadsLatinOnly,
                fallbacks: screen.checker.policy.namelessFallbacks)
            let raw = facts.mapValues(\.value)
            var (text, report) = try await fill(template, raw)
            // A name that may not be spoken: prefer a template of the same kind that does without it.
            let unspeakable = Set(report.findings.filter { $0.action == .rewritten }.compactMap(\.slot))
                .intersection(screen.checker.policy.nameSlots)
            if report.verdict == .rewrite, !unspeakable.isEmpty {
                for other in choices
                where other.id != template.id
                    && CommentaryTemplate.slotsUsed(by: other).isDisjoint(with: unspeakable)
                {
                    let attempt = try await fill(other, raw)
                    if attempt.report.verdict == .pass {
                        (template, text, report) = (other, attempt.text, attempt.report)
                        used.insert(other.id)
                        break
                    }
                }
            }
            let slotNames = CommentaryTemplate.slotsUsed(by: template)
            let fills = facts.filter { slotNames.contains($0.key) }.sorted { $0.key < $1.key }.map { slot, fact in
                let value = SlotSanitizer.clean(fact.value)
                let span = report.text.firstRange(of: value).map {
                    (
                        report.text.distance(from: report.text.startIndex, to: $0.lowerBound),
                        report.text.distance(from: report.text.startIndex, to: $0.upperBound)
                    )
                }
                return SlotFill(slot: slot, value: value, source: fact.source, start: span?.0, end: span?.1)
            }
            lines.append(
                ScriptLine(
                    id: "L\(lines.count + 1)", kind: template.kind, templateID: template.id,
                    templateStatus: template.status, templateRevision: template.currentRevision, trackIndex: index,
                    placement: placement, slots: fills, originalText: text, text: report.text, safety: report))
        }

        try await add(.intro, track: 0, placement: .trackStart, current: picks[0], previous: nil)
        func gap() -> Int { Int.random(in: talk.minGap...talk.maxGap, using: &rng) }
        var next = gap()
        var lastKind: CommentaryTemplate.Kind?
        while next < picks.count {
            let pick = picks[next], previous = picks[next - 1].track
            var kind = CommentaryTemplate.Kind.segue
            if pick.isNewArtist {
                kind = .discovery
            } else if let year = pick.track.year, let newestYear, newestYear - year >= 15 {
                kind = .throwback
            } else if let a = previous.energy, let b = pick.track.energy, abs(a - b) >= 0.3 {
                kind = .energy
            } else if pick.reasons.first?.isFamiliarArtist == true {
                kind = Bool.random(using: &rng) ? .spotlight : .reason
            }
            // Variety: the same context kind twice running becomes a plain segue.
            if kind == lastKind, [.spotlight, .reason, .energy].contains(kind) { kind = .segue }
            lastKind = kind
            try await add(kind, track: next, placement: .trackStart, current: pick, previous: previous)
            next += gap()
        }
        try await add(
            .outro, track: picks.count - 1, placement: .trackEnd, current: nil, previous: picks[picks.count - 1].track)
        return Script(
            plan: plan, locale: locale, mode: mode, policyVersion: screen.checker.policy.version, lines: lines)
    }

    /// Renders a template with the raw catalog values and screens it; hygiene and provenance happen in the screen.
    private func fill(
        _ template: CommentaryTemplate, _ raw: [String: String]
    ) async throws
        -> (text: String, report: SafetyReport)
    {
        let slots = CommentaryTemplate.slotsUsed(by: template)
        let facts = raw.filter { slots.contains($0.key) }
        let text = template.render(facts)
        return (text, try await screen.check(text, facts: facts))
    }

    /// Slot values straight from the facts (white space folded, nothing else changed yet), each with
    /// its source; derived values are computed here from the facts they come from.
    public static func facts(
        current: LineupPick?, previous: Track?, listenerName: String?, latinOnly: Bool = true,
        fallbacks: [String: String] = [:]
    ) -> [String: (value: String, source: String)] {
        var facts: [String: (value: String, source: String)] = ["station": ("Segue", "station name")]
        func add(_ slot: String, _ value: String?, _ source: String) {
            guard let value else { return }
            let folded = value.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if !folded.isEmpty { facts[slot] = (folded, source) }
        }
        /// A name the voice cannot read becomes its catalog alias, or a name-less fallback.
        func addName(_ slot: String, _ value: String, alias: String?, id: String, field: String? = nil) {
            let field = field ?? slot
            guard latinOnly, !isLatin(value) else { return add(slot, value, "catalog \(id).\(field)") }
            if let alias, isLatin(alias) { return add(slot, alias, "catalog \(id).\(field)_alias") }
            add(
                slot, fallbacks[slot] ?? "this one",
                "fallback: catalog \(id).\(field) is in a script the voice cannot read")
        }
        if let pick = current {
            let track = pick.track, id = track.id
            addName("title", track.title, alias: track.titleAlias, id: id)
            addName("artist", track.artist, alias: track.artistAlias, id: id)
            add("album", track.album, "catalog \(id).album")
            add("year", track.year.map(String.init), "catalog \(id).year")
            add("decade", track.year.map { "\($0 / 10 * 10)s" }, "derived: decade of catalog \(id).year")
            add("genre", track.genres.first, "catalog \(id).genres[0]")
            add("bpm", track.bpm.map { String(Int($0.rounded())) }, "catalog \(id).bpm")
            add("reason", pick.reasons.first?.description, "sequencer reason for \(id)")
            if let before = previous?.energy, let now = track.energy, let previousID = previous?.id {
                add(
                    "energy_change", now > before ? "the energy up" : "things down a notch",
                    "derived: catalog \(previousID).energy \(before) → \(id).energy \(now)")
            }
        }
        if let previous {
            addName("previous_title", previous.title, alias: previous.titleAlias, id: previous.id, field: "title")
            addName("previous_artist", previous.artist, alias: previous.artistAlias, id: previous.id, field: "artist")
            add("previous_year", previous.year.map(String.init), "catalog \(previous.id).year")
        }
        add("listener_name", listenerName, "listener.name (opted in)")
        return facts
    }

    /// Whether every letter is Latin script (Basic Latin through Latin Extended, and Latin Extended Additional).
    public static func isLatin(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            !scalar.properties.isAlphabetic || scalar.value <= 0x024F || (0x1E00...0x1EFF).contains(scalar.value)
                || (0xFF21...0xFF5A).contains(scalar.value)
        }
    }
}
