/// Writes the DJ's lines for a lineup from editor templates, filling slots from catalog facts only.
public struct ScriptWriter: Sendable {
    public var library: TemplateLibrary
    public var mode: TemplateLibrary.Mode
    public var checker: SafetyChecker

    public init(library: TemplateLibrary, mode: TemplateLibrary.Mode = .production, checker: SafetyChecker = SafetyChecker()) {
        self.library = library
        self.mode = mode
        self.checker = checker
    }

    /// An intro over the first track, a line before every 2–3 tracks after it, and an outro over the last.
    public func script(for lineup: Lineup, catalog: Catalog, locale: String, seed: UInt64) -> Script {
        var rng = SeededRandomNumberGenerator(seed: seed ^ 0x5C21_97)
        var used: Set<String> = []
        var lines: [ScriptLine] = []
        let picks = lineup.picks
        guard !picks.isEmpty else { return Script(locale: locale, mode: mode.rawValue, lines: []) }
        let newestYear = catalog.tracks.compactMap(\.year).max()

        func add(_ kind: CommentaryTemplate.Kind, fallback: CommentaryTemplate.Kind?, track index: Int,
                 placement: ScriptLine.Placement, current: Track?, previous: Track?) {
            var choices = library.candidates(kind: kind, locale: locale, mode: mode)
            if choices.isEmpty, let fallback { choices = library.candidates(kind: fallback, locale: locale, mode: mode) }
            guard !choices.isEmpty else { return }
            let fresh = choices.filter { !used.contains($0.id) }
            let pool = fresh.isEmpty ? choices : fresh
            let template = pool[Int.random(in: 0..<pool.count, using: &rng)]
            used.insert(template.id)
            let fills = Self.fills(current: current, previous: previous)
            let values = Dictionary(uniqueKeysWithValues: fills.map { ($0.slot, $0.value) })
            let text = template.render(values)
            let names = fills.filter { ["artist", "title", "album", "previous_artist", "previous_title"].contains($0.slot) }
                .map(\.value)
            let report = checker.check(text, names: names)
            let slotNames = CommentaryTemplate.slotsUsed(by: template)
            lines.append(ScriptLine(
                id: "L\(lines.count + 1)", kind: template.kind, templateID: template.id,
                templateStatus: template.status, trackIndex: index, placement: placement,
                slots: fills.filter { slotNames.contains($0.slot) }, originalText: text, text: report.text, safety: report))
        }

        add(.intro, fallback: nil, track: 0, placement: .trackStart, current: picks[0].track, previous: nil)
        var next = 2 + Int.random(in: 0...1, using: &rng)
        while next < picks.count {
            let pick = picks[next]
            var kind = CommentaryTemplate.Kind.segue
            if pick.isNewArtist {
                kind = .discovery
            } else if let year = pick.track.year, let newestYear, newestYear - year >= 15 {
                kind = .throwback
            }
            add(kind, fallback: .segue, track: next, placement: .trackStart, current: pick.track, previous: picks[next - 1].track)
            next += 2 + Int.random(in: 0...1, using: &rng)
        }
        add(.outro, fallback: nil, track: picks.count - 1, placement: .trackEnd, current: nil, previous: picks[picks.count - 1].track)
        return Script(locale: locale, mode: mode.rawValue, lines: lines)
    }

    /// Slot values from catalog facts, sanitised, each with its source.
    static func fills(current: Track?, previous: Track?) -> [SlotFill] {
        var fills = [SlotFill(slot: "station", value: "Segue", source: "station name")]
        func add(_ slot: String, _ value: String?) {
            guard let value else { return }
            let clean = SlotSanitizer.clean(value)
            if !clean.isEmpty { fills.append(SlotFill(slot: slot, value: clean, source: CommentarySlots.sources[slot] ?? slot)) }
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
        return fills
    }
}
