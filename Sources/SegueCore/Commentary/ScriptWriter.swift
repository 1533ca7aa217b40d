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
        /// Artists the DJ introduced as new in the listener's recent sessions: never new again.
        public var recentlyIntroduced: Set<String>
        /// The listener's name, only when they opted in to being named.
        public var listenerName: String?
        /// Whether the voice reads only Latin script (every voice Segue ships does).
        public var voiceReadsLatinOnly: Bool

        public init(
            minGap: Int = 2, maxGap: Int = 4, recentTemplates: Set<String> = [], recentlyIntroduced: Set<String> = [],
            listenerName: String? = nil, voiceReadsLatinOnly: Bool = true
        ) {
            self.minGap = max(2, minGap)
            self.maxGap = max(self.minGap, maxGap)
            self.recentTemplates = recentTemplates
            self.recentlyIntroduced = Set(recentlyIntroduced.map { $0.lowercased() })
            self.listenerName = listenerName
            self.voiceReadsLatinOnly = voiceReadsLatinOnly
        }
    }

    /// How many times one artist may be named in a session (unless the listener only ever plays one artist).
    public static let mentionsPerArtist = 2

    /// An intro over the first track, a line at every few seams after it, and an outro over the last track.
    ///
    /// The talk planner (`TalkPlanner`) says where each line may go; the line is then chosen to fit that moment and
    /// what was already said: an artist introduced as new (here or in recent sessions) is never new again, no
    /// template twice, no kind three times running, and each artist named at most `mentionsPerArtist` times.
    /// - Parameter catalog: the catalog the plan was made from (the newest year in it dates the throwbacks).
    public func script(
        for plan: SessionPlan, catalog: Catalog, talk: TalkOptions = TalkOptions()
    ) async throws -> Script {
        let lineup = plan.lineup, locale = plan.locale, seed = plan.options.seed
        // Where the DJ talks is drawn apart from which line it says, so a new template changes the words only.
        var rng = SeededRandomNumberGenerator(seed: seed ^ 0x5C21_97)
        var wording = SeededRandomNumberGenerator(seed: seed ^ 0x3A7E_51)
        let picks = lineup.picks
        var lines: [ScriptLine] = []
        guard !picks.isEmpty else {
            return Script(
                plan: plan, locale: locale, mode: mode, policyVersion: screen.checker.policy.version, lines: [])
        }
        let newestYear = catalog.tracks.compactMap(\.year).max()
        let planner = TalkPlanner(plan: plan)
        let historyArtists = Set(
            plan.listener.history.compactMap { catalog[$0.trackID]?.artist.lowercased() })
        var memory = TalkMemory(
            recentTemplates: talk.recentTemplates, introduced: talk.recentlyIntroduced,
            mentionCap: historyArtists.count == 1 ? Int.max : Self.mentionsPerArtist)

        /// Speaks one line about track `index` of `kind` at the first of `options` a template fits.
        func speak(
            _ kind: CommentaryTemplate.Kind, track index: Int, options: (Double) -> [(ScriptLine.Placement, String)],
            current: LineupPick?, previous: Track?
        ) async throws -> Bool {
            let choices = library.candidates(kind: kind, locale: locale, mode: mode)
            // No template twice in a session; those the listener heard lately only when nothing else is left.
            let fresh = choices.filter { !memory.usedTemplates.contains($0.id) }
            var rested = fresh.filter { !memory.recentTemplates.contains($0.id) }
            var tired = fresh.filter { memory.recentTemplates.contains($0.id) }
            rested.shuffle(using: &wording)
            tired.shuffle(using: &wording)
            let ordered = rested + tired
            let names = Names(
                current: current?.track.artist, previous: previous?.artist, upcoming: upcomingArtists(after: index),
                played: index == picks.count - 1 && current == nil ? playedArtists() : [])
            var facts = Self.facts(
                current: current, previous: previous, listenerName: talk.listenerName,
                latinOnly: talk.voiceReadsLatinOnly, fallbacks: screen.checker.policy.namelessFallbacks,
                phrases: library.phrases, locale: locale, upcoming: names.upcoming, played: names.played)
            if let current, memory.hasHeard(current.track.artist), let reason = current.reasons.first,
                case .newArtist = reason
            {
                facts["reason"] = nil  // not new any more: the set already played them
            }
            if let reason = facts["reason"]?.value, memory.hasVoiced(reason: reason) { facts["reason"] = nil }
            let typical = TalkPlanner.estimatedSeconds(String(repeating: "word ", count: 9))
            let placements = options(typical)
            var fallback: (CommentaryTemplate, String, SafetyReport, [String: (value: String, source: String)])?
            var fallbackPlacement: (ScriptLine.Placement, String)?
            // When every line is blocked, the first is kept (unspoken) so reviewers see why the DJ stayed quiet.
            var blocked: (CommentaryTemplate, String, SafetyReport, [String: (value: String, source: String)])?
            var blockedPlacement: (ScriptLine.Placement, String)?
            for (placement, note) in placements {
                for template in ordered where fits(template, placement) {
                    let slots = CommentaryTemplate.slotsUsed(by: template)
                    guard slots.subtracting(TemplateLinter.optionalSlots).isSubset(of: Set(facts.keys)) else {
                        continue
                    }
                    let named = names.named(by: slots, reason: facts["reason"]?.value)
                    guard memory.mayName(named) else { continue }
                    var raw = facts
                    let filled = try await fill(template, raw.mapValues(\.value), explicit: plan.listener.explicit)
                    var text: String = filled.text
                    var report: SafetyReport = filled.report
                    if report.verdict == .block {
                        if blocked == nil {
                            blocked = (template, text, report, raw)
                            blockedPlacement = (placement, note)
                        }
                        continue
                    }
                    // The line must still fit its moment once its length is known.
                    let seconds = TalkPlanner.estimatedSeconds(text)
                    guard options(seconds).contains(where: { $0.0 == placement }) else { continue }
                    if report.verdict == .rewrite {
                        // A name that may not be spoken: its curated alias first, then a template that does without.
                        let unspeakable = Set(report.findings.filter { $0.action == .rewritten }.compactMap(\.slot))
                        if let aliased = Self.aliasing(unspeakable, in: raw, current: current, previous: previous) {
                            let attempt = try await fill(
                                template, aliased.mapValues(\.value), explicit: plan.listener.explicit)
                            if attempt.report.verdict == .pass {
                                raw = aliased
                                text = attempt.text
                                report = attempt.report
                            }
                        }
                    }
                    if report.verdict == .rewrite {
                        if fallback == nil {
                            fallback = (template, text, report, raw)
                            fallbackPlacement = (placement, note)
                        }
                        continue
                    }
                    lines.append(
                        line(template, index, (placement, note), raw, text, report, named: named))
                    return true
                }
            }
            if let (template, text, report, raw) = fallback ?? blocked,
                let placement = fallback != nil ? fallbackPlacement : blockedPlacement
            {
                let named = names.named(by: CommentaryTemplate.slotsUsed(by: template), reason: raw["reason"]?.value)
                lines.append(line(template, index, placement, raw, text, report, named: named))
                return true
            }
            return false
        }

        /// Records a chosen line: capitalised, its fact ledger, and what the DJ now remembers.
        func line(
            _ template: CommentaryTemplate, _ index: Int, _ placement: (ScriptLine.Placement, String),
            _ facts: [String: (value: String, source: String)], _ text: String, _ report: SafetyReport,
            named: [String]
        ) -> ScriptLine {
            var report = report
            report.text = TalkGrammar.capitalisingSentences(report.text)
            let slotNames = CommentaryTemplate.slotsUsed(by: template)
            let fills = facts.filter { slotNames.contains($0.key) }.sorted { $0.key < $1.key }.map { slot, fact in
                let value = SlotSanitizer.clean(fact.value)
                let span = report.text.range(of: value, options: .caseInsensitive).map {
                    (
                        report.text.distance(from: report.text.startIndex, to: $0.lowerBound),
                        report.text.distance(from: report.text.startIndex, to: $0.upperBound)
                    )
                }
                return SlotFill(slot: slot, value: value, source: fact.source, start: span?.0, end: span?.1)
            }
            memory.record(template: template, named: named)
            if slotNames.contains("reason"), let reason = facts["reason"]?.value { memory.voiced(reason: reason) }
            if template.kind == .discovery, index < picks.count { memory.introduce(picks[index].track.artist) }
            return ScriptLine(
                id: "L\(lines.count + 1)", kind: template.kind, templateID: template.id,
                templateStatus: template.status, templateRevision: template.currentRevision, trackIndex: index,
                placement: placement.0, slots: fills, originalText: TalkGrammar.capitalisingSentences(text),
                text: report.text, safety: report, placementNote: placement.1)
        }

        func fits(_ template: CommentaryTemplate, _ placement: ScriptLine.Placement) -> Bool {
            switch template.kind {
            case .intro, .outro: true
            default: ScriptLine.Placement(template.effectiveMoment) == placement
            }
        }

        /// Whether a name may stand in a spoken list as it is: nothing for hygiene to remove, a script the voice reads.
        func listable(_ name: String) -> Bool {
            let folded = name.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            return SlotSanitizer.clean(folded) == folded && SlotSanitizer.commands(in: folded).isEmpty
                && (!talk.voiceReadsLatinOnly || Self.isLatin(folded))
        }

        /// The next few artists after track `index`, each named once, not the one playing there.
        func upcomingArtists(after index: Int) -> [String] {
            var seen: Set<String> = [picks[index].track.artist.lowercased()]
            var names: [String] = []
            for pick in picks.dropFirst(index + 1) where names.count < 3 {
                let artist = pick.track.artist
                guard seen.insert(artist.lowercased()).inserted, memory.mayName([artist]), listable(artist) else {
                    continue
                }
                names.append(artist)
            }
            return names
        }

        /// A few artists the set played, in order, not the last one (the outro names it).
        func playedArtists() -> [String] {
            var seen: Set<String> = [picks[picks.count - 1].track.artist.lowercased()]
            var names: [String] = []
            for pick in picks.dropLast() where names.count < 3 {
                let artist = pick.track.artist
                guard seen.insert(artist.lowercased()).inserted, memory.mayName([artist]), listable(artist) else {
                    continue
                }
                names.append(artist)
            }
            return names
        }

        memory.hear(picks[0].track.artist)
        _ = try await speak(
            .intro, track: 0, options: { _ in [(.trackStart, "over the start of the first track")] },
            current: picks[0], previous: nil)
        func gap() -> Int { Int.random(in: talk.minGap...talk.maxGap, using: &rng) }
        var next = gap()
        for index in 1..<picks.count where index < next {
            memory.hear(picks[index].track.artist)
        }
        // The last track has the outro; a line of its own as well would crowd it.
        while next < picks.count - 1 {
            let pick = picks[next], previous = picks[next - 1].track
            var kind = CommentaryTemplate.Kind.segue
            let artist = pick.track.artist
            if pick.isNewArtist && !memory.isIntroduced(artist) && !memory.hasHeard(artist) {
                kind = .discovery
            } else if let year = pick.track.year, let newestYear, newestYear - year >= 15 {
                kind = .throwback
            } else if let a = previous.energy, let b = pick.track.energy, abs(a - b) >= 0.3 {
                kind = .energy
            } else if pick.reasons.first?.isFamiliarArtist == true {
                kind = Bool.random(using: &rng) ? .spotlight : .reason
            }
            // Variety: the same context kind twice running becomes a plain segue.
            if kind == memory.kinds.last, [.spotlight, .reason, .energy].contains(kind) { kind = .segue }
            // The kind, else a plain segue, else a reason; never one kind three times running (the DJ stays quiet).
            var kinds: [CommentaryTemplate.Kind] = []
            for candidate in [kind, .segue, .reason] where !kinds.contains(candidate) {
                if memory.kinds.suffix(2) != [candidate, candidate] { kinds.append(candidate) }
            }
            let tieBreak = Bool.random(using: &rng)
            for candidate in kinds {
                let spoken = try await speak(
                    candidate, track: next,
                    options: { seconds in
                        planner.options(forTrack: next, seconds: seconds, tieBreak: tieBreak).map {
                            (ScriptLine.Placement($0.moment), $0.note)
                        }
                    }, current: pick, previous: previous)
                if spoken { break }
            }
            let following = next + gap()
            for index in next..<min(following, picks.count) { memory.hear(picks[index].track.artist) }
            next = following
        }
        _ = try await speak(
            .outro, track: picks.count - 1, options: { _ in [(.trackEnd, "over the end of the last track")] },
            current: nil, previous: picks[picks.count - 1].track)
        return Script(
            plan: plan, locale: locale, mode: mode, policyVersion: screen.checker.policy.version, lines: lines)
    }

    /// The facts with each unspeakable name slot replaced by its track's curated alias, or nil when none has one.
    static func aliasing(
        _ slots: Set<String>, in facts: [String: (value: String, source: String)], current: LineupPick?,
        previous: Track?
    ) -> [String: (value: String, source: String)]? {
        var aliased = facts
        var changed = false
        for slot in slots {
            let track = slot.hasPrefix("previous_") ? previous : current?.track
            guard let track else { continue }
            let field = slot.hasPrefix("previous_") ? String(slot.dropFirst("previous_".count)) : slot
            let alias = field == "title" ? track.titleAlias : field == "artist" ? track.artistAlias : nil
            guard let alias, !alias.isEmpty else { continue }
            aliased[slot] = (alias, "catalog \(track.id).\(field)_alias (the \(field) may not be spoken)")
            changed = true
        }
        return changed ? aliased : nil
    }

    /// Renders a template with the raw catalog values and screens it for the listener (their explicit setting decides
    /// whether a strong word inside a catalog name is spoken); hygiene and provenance happen in the screen.
    private func fill(
        _ template: CommentaryTemplate, _ raw: [String: String], explicit: Listener.ExplicitSetting
    ) async throws
        -> (text: String, report: SafetyReport)
    {
        let slots = CommentaryTemplate.slotsUsed(by: template)
        let facts = raw.filter { slots.contains($0.key) }
        let text = template.render(facts)
        return (text, try await screen.check(text, facts: facts, explicit: explicit))
    }

    /// Slot values straight from the facts (white space folded, nothing else changed yet), each with
    /// its source; derived values are computed here from the facts they come from.
    public static func facts(
        current: LineupPick?, previous: Track?, listenerName: String?, latinOnly: Bool = true,
        fallbacks: [String: String] = [:], phrases: TalkPhrases = TalkPhrases(), locale: String = "en-US",
        upcoming: [String] = [], played: [String] = []
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
            add(
                "genre_phrase", track.genres.first.map { phrases.genrePhrase($0, locale: locale) },
                "catalog \(id).genres[0], as genres.tsv says it")
            add("bpm", track.bpm.map { String(Int($0.rounded())) }, "catalog \(id).bpm")
            if let reason = pick.reasons.first {
                let artist = facts["artist"]?.value ?? track.artist
                add(
                    "reason", phrases.reason(reason, artist: artist, locale: locale),
                    "sequencer reason for \(id) (\(reason.description)), as reasons.tsv says it")
            }
            if let before = previous?.energy, let now = track.energy, let previousID = previous?.id {
                add(
                    "energy_change", phrases.energyChange(up: now > before, locale: locale),
                    "derived: catalog \(previousID).energy \(before) → \(id).energy \(now)")
            }
        }
        if let previous {
            addName("previous_title", previous.title, alias: previous.titleAlias, id: previous.id, field: "title")
            addName("previous_artist", previous.artist, alias: previous.artistAlias, id: previous.id, field: "artist")
            add("previous_year", previous.year.map(String.init), "catalog \(previous.id).year")
        }
        add("listener_name", listenerName, "listener.name (opted in)")
        if !upcoming.isEmpty {
            add("upcoming_artists", phrases.list(upcoming, locale: locale), "catalog artists of the next tracks")
            if upcoming.count > 1 { facts["upcoming_many"] = ("yes", "derived: more than one upcoming artist") }
        }
        if played.count > 1 {
            facts["played_many"] = ("yes", "derived: more than one artist in played_artists")
        }
        if !played.isEmpty {
            add("played_artists", phrases.list(played, locale: locale), "catalog artists of tracks played in the set")
        }
        return facts
    }

    /// Whether every letter is Latin script (Basic Latin through Latin Extended, and Latin Extended Additional).
    public static func isLatin(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            !scalar.properties.isAlphabetic || scalar.value <= 0x024F || (0x1E00...0x1EFF).contains(scalar.value)
                || (0xFF21...0xFF5A).contains(scalar.value)
        }
    }

    /// The artists a line may name, from the slots that name them.
    struct Names {
        var current: String?
        var previous: String?
        var upcoming: [String]
        var played: [String]

        /// The artists a template with `slots` names (the reason names the track's artist when its phrase does).
        func named(by slots: Set<String>, reason: String?) -> [String] {
            var names: [String] = []
            if slots.contains("artist"), let current { names.append(current) }
            if slots.contains("previous_artist"), let previous { names.append(previous) }
            if slots.contains("reason"), let current, let reason, reason.localizedCaseInsensitiveContains(current) {
                names.append(current)
            }
            if slots.contains("upcoming_artists") { names += upcoming }
            if slots.contains("played_artists") { names += played }
            return names
        }
    }
}
