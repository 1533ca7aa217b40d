import Foundation
import Mustache

/// A line of commentary an editor wrote: front matter plus a logic-less Mustache body.
///
/// File format (`prompts/<id>.mustache`):
/// ```
/// ---
/// id: segue-up-next
/// kind: segue
/// locale: en-US
/// author: a.editor
/// status: approved
/// ---
/// That was {{previous_title}} by {{previous_artist}}. Next, {{title}} by {{artist}}.
/// ```
public struct CommentaryTemplate: Sendable, Equatable, Identifiable {
    /// Where in a session a template may speak.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case intro, segue, discovery, throwback
        /// An artist the listener plays a lot.
        case spotlight
        /// A clear change of energy between two tracks.
        case energy
        /// Voices the sequencer's reason for the pick ("because you played ...").
        case reason
        case outro
    }

    /// When a line is said, relative to the track it introduces; its grammar must fit ("Coming up" only before the
    /// track plays, "This is" only once it does).
    public enum Moment: String, Sendable, Codable, CaseIterable {
        /// Over the outgoing track's ending, before the next one starts: "Coming up, …", "Next, …".
        case before
        /// Across the crossfade, from the outgoing track into the incoming one: "That was X … here's Y".
        case transition
        /// Over the incoming track's intro, once it plays: "This is Y".
        case playing
    }

    /// Editorial state, as the front matter caches it; the approval log decides what speaks in production.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case draft, inReview = "in_review", approved, retired
    }

    public var id: String
    public var kind: Kind
    public var locale: String
    public var author: String
    public var status: Status
    /// The voice of the line, e.g. `warm`, `playful` (free text for editors).
    public var tone: String?
    /// When the line may be said (`moment:` in the front matter). Intros speak over the first track and outros over
    /// the last, so theirs is fixed; any other kind without one is said once its track plays.
    public var moment: Moment?
    /// A cache of the approval log (`ApprovalLedger`, the authority): who approved it, when, and which revision.
    public var approvedBy: String?
    public var approvedAt: String?
    public var revision: String?
    /// The Mustache body, without front matter.
    public var body: String
    /// The file it was loaded from, for messages.
    public var path: String

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.fileText == rhs.fileText && lhs.path == rhs.path
    }

    /// Parses a template file's text.
    /// - Throws: `TemplateError` naming the file and line.
    public init(text: String, path: String) throws {
        let lines = text.components(separatedBy: "\n")
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
            let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
        else {
            throw TemplateError(
                path: path, line: 1, message: "missing front matter: the file must start with a '---' block")
        }
        var fields: [String: String] = [:]
        for (offset, line) in lines[1..<end].enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw TemplateError(path: path, line: offset + 2, message: "front matter line is not 'key: value'")
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            fields[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        func field(_ name: String) throws -> String {
            guard let value = fields[name], !value.isEmpty else {
                throw TemplateError(path: path, line: 1, message: "front matter lacks '\(name)'")
            }
            return value
        }
        id = try field("id")
        guard let kind = Kind(rawValue: try field("kind")) else {
            throw TemplateError(
                path: path, line: 1,
                message:
                    "unknown kind '\(fields["kind"] ?? "")' (kinds: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        self.kind = kind
        locale = try field("locale")
        author = try field("author")
        guard let status = Status(rawValue: try field("status")) else {
            throw TemplateError(
                path: path, line: 1,
                message:
                    "unknown status '\(fields["status"] ?? "")' (statuses: \(Status.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        self.status = status
        body = lines[(end + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        self.path = path
        tone = fields["tone"].flatMap { $0.isEmpty ? nil : $0 }
        if let written = fields["moment"], !written.isEmpty {
            guard let moment = Moment(rawValue: written) else {
                throw TemplateError(
                    path: path, line: 1,
                    message:
                        "unknown moment '\(written)' (moments: \(Moment.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            self.moment = moment
        }
        approvedBy = fields["approved_by"].flatMap { $0.isEmpty ? nil : $0 }
        approvedAt = fields["approved_at"].flatMap { $0.isEmpty ? nil : $0 }
        revision = fields["revision"].flatMap { $0.isEmpty ? nil : $0 }
        for slot in try Self.slots(in: body, path: path, bodyLine: end + 2) where !CommentarySlots.all.contains(slot) {
            throw TemplateError(
                path: path, line: end + 2,
                message: "unknown slot '\(slot)' (slots: \(CommentarySlots.all.sorted().joined(separator: ", ")))")
        }
        _ = try compiled()
    }

    /// The slot names a body uses.
    static func slots(in body: String, path: String, bodyLine: Int) throws -> [String] {
        var slots: [String] = []
        var rest = body[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw TemplateError(path: path, line: bodyLine, message: "unclosed '{{'")
            }
            var tag = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if tag.hasPrefix("{") || tag.hasPrefix("&") || tag.hasPrefix(">") || tag.hasPrefix("=")
                || tag.hasPrefix("%")
            {
                throw TemplateError(
                    path: path, line: bodyLine, message: "'{{\(tag)}}' is not allowed: use plain {{slot}} tags only")
            }
            if tag.hasPrefix("!") {
                rest = rest[close.upperBound...]
                continue
            }
            if let first = tag.first, "#^/".contains(first) { tag.removeFirst() }
            slots.append(tag.trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return slots
    }

    /// The revision as it is now: the SHA-256 of what the template says and how it is filed (id, kind, locale,
    /// author, tone, moment and body), not of its workflow fields. Editing any of them voids an approval of the old
    /// revision. (A template without a moment hashes as it did before moments existed.)
    public var currentRevision: String {
        var fields = [
            "segue-template-1", "id: \(id)", "kind: \(kind.rawValue)", "locale: \(locale)", "author: \(author)",
            "tone: \(tone ?? "")",
        ]
        if let moment { fields.append("moment: \(moment.rawValue)") }
        let canonical = (fields + ["---", body]).joined(separator: "\n")
        return ApprovalLedger.hash(Data(canonical.utf8))
    }

    /// The file as it should be written: front matter, then the body.
    public var fileText: String {
        var lines = ["---", "id: \(id)", "kind: \(kind.rawValue)", "locale: \(locale)"]
        if let tone { lines.append("tone: \(tone)") }
        if let moment { lines.append("moment: \(moment.rawValue)") }
        lines += ["author: \(author)", "status: \(status.rawValue)"]
        if let approvedBy { lines.append("approved_by: \(approvedBy)") }
        if let approvedAt { lines.append("approved_at: \(approvedAt)") }
        if let revision { lines.append("revision: \(revision)") }
        return (lines + ["---", body]).joined(separator: "\n") + "\n"
    }

    /// When the line is said: `moment`, or the fixed moment of an intro (over the first track) and of any kind
    /// written without one.
    public var effectiveMoment: Moment { moment ?? .playing }

    /// The slot names a template's body uses.
    public static func slotsUsed(by template: CommentaryTemplate) -> Set<String> {
        Set((try? slots(in: template.body, path: template.path, bodyLine: 1)) ?? [])
    }

    /// Renders the body with already-sanitised slot values; missing slots render empty.
    public func render(_ values: [String: String]) -> String {
        let text = (try? compiled().render(values)) ?? body
        let folded = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return locale.lowercased().hasPrefix("en") ? TalkGrammar.agreeingArticles(folded) : folded
    }

    private func compiled() throws -> MustacheTemplate {
        do {
            // Plain text: values are sanitised before rendering, and nothing is HTML-escaped for speech.
            return try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + body)
        } catch {
            throw TemplateError(path: path, line: 1, message: "Mustache parse error: \(error)")
        }
    }
}
