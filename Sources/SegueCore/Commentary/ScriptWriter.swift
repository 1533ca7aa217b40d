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

    /// An intro over the first track, a line before every 2–3 tracks after it, and an outro over the last.
    public func script(for lineup: Lineup, catalog: Catalog, locale: String, seed: UInt64) async throws -> Script {
        var rng = SeededRandomNumberGenerator(seed: seed ^ 0x5C21_97)
        var used: Set<String> = []
        var lines: [ScriptLine] = []
        let picks = lineup.picks
        guard !picks.isEmpty else { return Script(locale: locale, mode: mode.rawValue, lines: []) }
        let newestYear = catalog.tracks.compactMap(\.year).max()

        func add(_ kind: CommentaryTemplate.Kind, fallback: CommentaryTemplate.Kind?, track index: Int,
                 placement: ScriptLine.Placement, current: Track?, previous: Track?) async throws {
            var choices = library.candidates(kind: kind, locale: locale, mode: mode)
            if choices.isEmpty, let fallback { choices = library.candidates(kind: fallback, locale: locale, mode: mode) }
            guard !choices.isEmpty else { return }
            let fresh = choices.filter { !used.contains($0.id) }
            let pool = fresh.isEmpty ? choices : fresh
            var template = pool[Int.random(in: 0..<pool.count, using: &rng)]
            used.insert(template.id)
            let raw = Self.rawValues(current: current, previous: previous)
            var (text, report) = try await fill(template, raw)
            // A name that may not be spoken: prefer a template of the same kind that does without it.
            let unspeakable = Set(report.findings.filter { $0.action == .rewritten }.compactMap(\.slot))
                .intersection(screen.checker.policy.nameSlots)
            if report.verdict == .rewrite, !unspeakable.isEmpty {
                for other in choices where other.id != template.id
                    && CommentaryTemplate.slotsUsed(by: other).isDisjoint(with: unspeakable) {
                    let attempt = try await fill(other, raw)
                    if attempt.report.verdict == .pass {
                        (template, text, report) = (other, attempt.text, attempt.report)
                        used.insert(other.id)
                        break
                    }
                }
            }
            let slotNames = CommentaryTemplate.slotsUsed(by: template)
            let fills = raw.filter { slotNames.contains($0.key) }.sorted { $0.key < $1.key }.map { slot, value in
                SlotFill(slot: slot, value: SlotSanitizer.clean(value), source: CommentarySlots.sources[slot] ?? slot)
            }
            lines.append(ScriptLine(
                id: "L\(lines.count + 1)", kind: template.kind, templateID: template.id,
                templateStatus: template.status, trackIndex: index, placement: placement,
                slots: fills, originalText: text, text: report.text, safety: report))
        }

        try await add(.intro, fallback: nil, track: 0, placement: .trackStart, current: picks[0].track, previous: nil)
        var next = 2 + Int.random(in: 0...1, using: &rng)
        while next < picks.count {
            let pick = picks[next]
            var kind = CommentaryTemplate.Kind.segue
            if pick.isNewArtist {
                kind = .discovery
            } else if let year = pick.track.year, let newestYear, newestYear - year >= 15 {
                kind = .throwback
            }
            try await add(kind, fallback: .segue, track: next, placement: .trackStart, current: pick.track,
                          previous: picks[next - 1].track)
            next += 2 + Int.random(in: 0...1, using: &rng)
        }
        try await add(.outro, fallback: nil, track: picks.count - 1, placement: .trackEnd, current: nil,
                      previous: picks[picks.count - 1].track)
        return Script(locale: locale, mode: mode.rawValue, lines: lines)
    }

    /// Renders a template with the raw catalog values and screens it; hygiene and provenance happen in the screen.
    private func fill(_ template: CommentaryTemplate, _ raw: [String: String]) async throws
        -> (text: String, report: SafetyReport)
    {
        let slots = CommentaryTemplate.slotsUsed(by: template)
        let facts = raw.filter { slots.contains($0.key) }
        let text = template.render(facts)
        return (text, try await screen.check(text, facts: facts))
    }

    /// Slot values straight from catalog facts (white space folded, nothing else changed yet).
    static func rawValues(current: Track?, previous: Track?) -> [String: String] {
        var values = ["station": "Segue"]
        func add(_ slot: String, _ value: String?) {
            guard let value else { return }
            let folded = value.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if !folded.isEmpty { values[slot] = folded }
        }
        if let current {
            add("title", current.title)
            add("artist", current.artist)
            add("album", current.album)
            add("year", current.year.map(String.init))
            add("genre", current.genres.first)
        }
        if let previous {
            add("previous_title", previous.title)
            add("previous_artist", previous.artist)
            add("previous_year", previous.year.map(String.init))
        }
        return values
    }
}
