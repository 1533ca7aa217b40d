import Foundation

/// One problem the linter found in a template file, at `path:line:column`.
public struct LintFinding: Sendable, Equatable, CustomStringConvertible {
    /// `L001` parse error, `L003` optional slot without fallback, `L004` digits or claims in template
    /// text, `L005` unsafe template text, `L006` dangling text when optional slots are empty.
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
    public static let optionalSlots: Set<String> = ["album", "year", "genre", "previous_year"]
    public var checker: SafetyChecker

    public init(checker: SafetyChecker = SafetyChecker()) { self.checker = checker }

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
        let bodyOffset = text.range(of: template.body).map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? 0
        func position(ofBodyOffset offset: Int) -> (Int, Int) {
            let prefix = text.prefix(bodyOffset + offset)
            let line = prefix.filter { $0 == "\n" }.count + 1
            let column = prefix.count - (prefix.lastIndex(of: "\n").map { prefix.distance(from: prefix.startIndex, to: $0) + 1 } ?? 0) + 1
            return (line, column)
        }
        var findings: [LintFinding] = []
        func add(_ code: String, at offset: Int, _ message: String) {
            let (line, column) = position(ofBodyOffset: offset)
            findings.append(LintFinding(code: code, path: path, line: line, column: column, message: message))
        }
        let body = template.body
        let slots = CommentaryTemplate.slotsUsed(by: template)
        for slot in slots.intersection(Self.optionalSlots).sorted() where !body.contains("{{^\(slot)}}") {
            let tag = "{{\(slot)}}"
            if let range = body.range(of: tag), !body.contains("{{#\(slot)}}") {
                add("L003", at: body.distance(from: body.startIndex, to: range.lowerBound),
                    "optional slot '\(slot)' has no {{^\(slot)}} fallback")
            }
        }
        // Template text, with every slot filled by a placeholder that is a fact.
        let placeholders = Dictionary(uniqueKeysWithValues: slots.map { ($0, "Placeholder") })
        let filled = template.render(placeholders)
        let report = checker.check(filled, facts: placeholders)
        for finding in report.findings where finding.slot == nil {
            let code = finding.category == .ungrounded ? "L004" : "L005"
            let offset = body.range(of: finding.evidence).map { body.distance(from: body.startIndex, to: $0.lowerBound) } ?? 0
            let what = code == "L004" ? "claims and numbers may only come from slots" : "unsafe template text (\(finding.category.rawValue))"
            add(code, at: offset, "“\(finding.evidence)”: \(what)")
        }
        // Dangling text when every optional slot is empty.
        // Only what the empty slots caused counts: patterns that the fully filled line does not have.
        let sparse = template.render(placeholders.filter { !Self.optionalSlots.contains($0.key) })
        let dangling = #"\s[,.;:!?]|\b(from|by|with|of|on|in)\s*[,.;:!?]|^\s*[,.;:]|,\s*,"#
        func count(_ text: String) -> Int {
            (try? NSRegularExpression(pattern: dangling))?.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text)) ?? 0
        }
        if count(sparse) > count(filled), let range = sparse.range(of: dangling, options: .regularExpression) {
            add("L006", at: 0, "dangling text when optional slots are empty: “…\(sparse[range])…” in “\(sparse)”")
        }
        return findings
    }
}
