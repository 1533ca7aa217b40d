import Foundation

/// One problem the linter found in a template file, at `path:line:column`.
public struct LintFinding: Sendable, Equatable, CustomStringConvertible {
    /// `L001` parse error, `L002` spoken length over the kind's budget, `L003` optional slot without
    /// fallback, `L004` digits or claims in template text, `L005` unsafe template text, `L006` dangling
    /// text when optional slots are empty, `L007` near-duplicate of another template, `L008` wording whose tense
    /// contradicts the template's moment ("Up next" in a line said once the track plays).
    public var code: String
    public var path: String
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "\(path):\(line):\(column): \(code) \(message)" }
}

/// Checks templates before an editor may approve them.
public struct TemplateLinter: Sendable {
    /// Slots a catalog may leave empty; a template using one needs a `{{^slot}}` fallback.
    public static let optionalSlots: Set<String> = [
        "album", "year", "genre", "genre_phrase", "previous_year", "upcoming_artists", "upcoming_many", "played_many",
        "listener_name",
    ]
    public var checker: SafetyChecker

    public init(checker: SafetyChecker) { self.checker = checker }

    /// Seconds a line of each kind may take to say, measured on its worst case.
    public static let spokenBudget: [CommentaryTemplate.Kind: Double] = [
        .intro: 11, .segue: 9.5, .discovery: 10, .throwback: 10, .spotlight: 10, .energy: 9, .reason: 11, .outro: 11,
    ]

    /// The longest plausible value of every slot: the worst case a template is timed with.
    public static let worstCaseValues: [String: String] = [
        "title": "The Night We Danced Across the Harbour Lights",
        "artist": "Alexandra Montgomery and the Silver Lanterns",
        "album": "Songs from the Long Way Home, Deluxe Edition", "year": "1997", "decade": "1990s",
        "genre": "progressive electronic", "genre_phrase": "some progressive electronic", "bpm": "128",
        "previous_title": "Everything Under the Northern Sky Tonight",
        "previous_artist": "The Extraordinary Midnight Orchestra", "previous_year": "1988",
        "reason": "you've spent some time with The Extraordinary Midnight Orchestra before",
        "energy_change": "things down a notch",
        "upcoming_artists":
            "The Extraordinary Midnight Orchestra, Alexandra Montgomery and the Silver Lanterns and Nils",
        "upcoming_many": "yes", "played_many": "yes",
        "played_artists": "The Extraordinary Midnight Orchestra, Alexandra Montgomery and the Silver Lanterns and Nils",
        "listener_name": "Alexandra", "station": "Segue",
    ]

    /// The worst-case line of a template: every slot filled with its longest plausible value.
    public static func worstCase(_ template: CommentaryTemplate) -> String {
        template.render(worstCaseValues.filter { CommentaryTemplate.slotsUsed(by: template).contains($0.key) })
    }

    /// `L002` when the worst case takes longer than the kind's budget, given its spoken length in seconds.
    public func spokenLength(_ template: CommentaryTemplate, seconds: Double) -> LintFinding? {
        let budget = Self.spokenBudget[template.kind] ?? 8
        guard seconds > budget else { return nil }
        return LintFinding(
            code: "L002", path: template.path, line: 1, column: 1,
            message: String(
                format: "worst case takes %.1f s to say; %@ lines may take %.1f s", seconds,
                template.kind.rawValue, budget))
    }

    /// `L004`/`L005` for what the editors wrote in `text` (not what `facts` filled): claims and numbers, unsafe words.
    func editorial(_ text: String, facts: [String: String]) -> [(code: String, evidence: String, message: String)] {
        checker.check(text, facts: facts).findings.filter { $0.slot == nil }.map { finding in
            let code = finding.category == .ungrounded ? "L004" : "L005"
            let what =
                code == "L004"
                ? "claims and numbers may only come from slots" : "unsafe template text (\(finding.category.rawValue))"
            return (code, finding.evidence, "“\(finding.evidence)”: \(what)")
        }
    }

    /// Lints one phrase of the editors' tables (`genres.tsv`, `reasons.tsv`), with `{artist}` and `{genre}` as facts:
    /// the phrase is spoken as template text is.
    public func phrase(_ phrase: String, path: String, line: Int) -> [LintFinding] {
        var text = phrase
        var facts: [String: String] = [:]
        for (placeholder, slot) in [("{artist}", "artist"), ("{genre}", "genre")] where text.contains(placeholder) {
            text = text.replacing(placeholder, with: "Placeholder")
            facts[slot] = "Placeholder"
        }
        return editorial(text, facts: facts).map {
            LintFinding(code: $0.code, path: path, line: line, column: 1, message: $0.message)
        }
    }

    /// Wording that says when a line is spoken, by language, and the moments it cannot be said at.
    static let tenseWords: [String: [(phrase: String, wrongAt: Set<CommentaryTemplate.Moment>)]] = [
        "en": [
            ("up next", [.playing]), ("coming up", [.playing]), ("next up", [.playing]), ("coming next", [.playing]),
            ("about to hear", [.playing]), ("in a moment", [.playing]), ("this is", [.before]),
            ("here's", [.before]), ("here is", [.before]), ("now playing", [.before]), ("playing now", [.before]),
            ("you're hearing", [.before]), ("you're listening to", [.before]), ("on now", [.before]),
        ],
        "es": [
            ("a continuación", [.playing]), ("ahora viene", [.playing]), ("lo próximo", [.playing]),
            ("en un momento", [.playing]), ("enseguida", [.playing]), ("ya viene", [.playing]),
            ("esto es", [.before]), ("está sonando", [.before]), ("suena ahora", [.before]), ("aquí está", [.before]),
            ("aquí tienes", [.before]), ("estás escuchando", [.before]),
        ],
    ]

    /// `L008` where the template's wording says a different moment than the one it is filed for.
    public func tense(_ template: CommentaryTemplate) -> [LintFinding] {
        let language = TemplateLibrary.language(of: template.locale)
        // An intro speaks once the first track plays; an outro over the last track's ending, with nothing to come.
        let moment = template.kind == .intro || template.kind == .outro ? .playing : template.effectiveMoment
        let text = " " + SafetyText.words(in: template.body).map(\.text).joined(separator: " ") + " "
        return (Self.tenseWords[language] ?? []).compactMap { phrase, wrongAt in
            let words = SafetyText.words(in: phrase).map(\.text).joined(separator: " ")
            guard wrongAt.contains(moment), text.contains(" \(words) ") else { return nil }
            return LintFinding(
                code: "L008", path: template.path, line: 1, column: 1,
                message:
                    "“\(phrase)” does not fit a line said \(Self.describe(moment, kind: template.kind)); set `moment:` to when it is said"
            )
        }
    }

    static func describe(_ moment: CommentaryTemplate.Moment, kind: CommentaryTemplate.Kind) -> String {
        if kind == .outro { return "over the last track's ending" }
        switch moment {
        case .before: return "before its track plays (moment: before)"
        case .transition: return "across the crossfade (moment: transition)"
        case .playing: return "once its track plays (moment: playing\(kind == .intro ? ", as every intro" : ""))"
        }
    }

    /// `L007` for each template whose words nearly repeat an earlier one of the same kind and locale.
    public func nearDuplicates(_ templates: [CommentaryTemplate], threshold: Double = 0.75) -> [LintFinding] {
        func words(_ template: CommentaryTemplate) -> Set<String> {
            let text = template.body.replacingOccurrences(of: #"\{\{[^}]*\}\}"#, with: " ", options: .regularExpression)
            return Set(SafetyText.words(in: text).map(\.text))
        }
        var findings: [LintFinding] = []
        let sorted = templates.sorted { $0.id < $1.id }
        for (index, template) in sorted.enumerated() {
            let mine = words(template)
            for other in sorted[..<index] where other.kind == template.kind && other.locale == template.locale {
                let theirs = words(other)
                let union = mine.union(theirs).count
                guard union > 0 else { continue }
                let similarity = Double(mine.intersection(theirs).count) / Double(union)
                if similarity >= threshold {
                    findings.append(
                        LintFinding(
                            code: "L007", path: template.path, line: 1, column: 1,
                            message: String(format: "%.0f %% the same words as %@", similarity * 100, other.id)))
                }
            }
        }
        return findings
    }

    /// Lints a template file's text.
    public func lint(text: String, path: String) -> [LintFinding] {
        let template: CommentaryTemplate
        do {
            template = try CommentaryTemplate(text: text, path: path)
        } catch let error as TemplateError {
            return [LintFinding(code: "L001", path: path, line: max(error.line, 1), column: 1, message: error.message)]
        } catch {
            return [LintFinding(code: "L001", path: path, line: 1, column: 1, message: "\(error)")]
        }
        let bodyOffset =
            text.range(of: template.body).map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? 0
        func position(ofBodyOffset offset: Int) -> (Int, Int) {
            let prefix = text.prefix(bodyOffset + offset)
            let line = prefix.filter { $0 == "\n" }.count + 1
            let column =
                prefix.count
                - (prefix.lastIndex(of: "\n").map { prefix.distance(from: prefix.startIndex, to: $0) + 1 } ?? 0) + 1
            return (line, column)
        }
        var findings = tense(template)
        func add(_ code: String, at offset: Int, _ message: String) {
            let (line, column) = position(ofBodyOffset: offset)
            findings.append(LintFinding(code: code, path: path, line: line, column: column, message: message))
        }
        let body = template.body
        let slots = CommentaryTemplate.slotsUsed(by: template)
        for slot in slots.intersection(Self.optionalSlots).sorted() where !body.contains("{{^\(slot)}}") {
            let tag = "{{\(slot)}}"
            if let range = body.range(of: tag), !body.contains("{{#\(slot)}}") {
                add(
                    "L003", at: body.distance(from: body.startIndex, to: range.lowerBound),
                    "optional slot '\(slot)' has no {{^\(slot)}} fallback")
            }
        }
        // Template text, with every slot filled by a placeholder that is a fact.
        let placeholders = Dictionary(uniqueKeysWithValues: slots.map { ($0, "Placeholder") })
        let filled = template.render(placeholders)
        for (code, evidence, message) in editorial(filled, facts: placeholders) {
            let offset = body.range(of: evidence).map { body.distance(from: body.startIndex, to: $0.lowerBound) } ?? 0
            add(code, at: offset, message)
        }
        // Dangling text when every optional slot is empty.
        // Only what the empty slots caused counts: patterns that the fully filled line does not have.
        let sparse = template.render(placeholders.filter { !Self.optionalSlots.contains($0.key) })
        let dangling = #"\s[,.;:!?]|\b(from|by|with|of|on|in)\s*[,.;:!?]|^\s*[,.;:]|,\s*,"#
        func count(_ text: String) -> Int {
            (try? NSRegularExpression(pattern: dangling))?.numberOfMatches(
                in: text, range: NSRange(text.startIndex..., in: text)) ?? 0
        }
        if count(sparse) > count(filled), let range = sparse.range(of: dangling, options: .regularExpression) {
            add("L006", at: 0, "dangling text when optional slots are empty: “…\(sparse[range])…” in “\(sparse)”")
        }
        return findings
    }
}
