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
    /// author, tone and body), not of its workflow fields. Editing any of them voids an approval of the old revision.
    public var currentRevision: String {
        let canonical = [
            "segue-template-1", "id: \(id)", "kind: \(kind.rawValue)", "locale: \(locale)", "author: \(author)",
            "tone: \(tone ?? "")", "---", body,
        ].joined(separator: "\n")
        return ApprovalLedger.hash(Data(canonical.utf8))
    }

    /// The file as it should be written: front matter, then the body.
    public var fileText: String {
        var lines = ["---", "id: \(id)", "kind: \(kind.rawValue)", "locale: \(locale)"]
        if let tone { lines.append("tone: \(tone)") }
        lines += ["author: \(author)", "status: \(status.rawValue)"]
        if let approvedBy { lines.append("approved_by: \(approvedBy)") }
        if let approvedAt { lines.append("approved_at: \(approvedAt)") }
        if let revision { lines.append("revision: \(revision)") }
        return (lines + ["---", body]).joined(separator: "\n") + "\n"
    }

    /// The slot names a template's body uses.
    public static func slotsUsed(by template: CommentaryTemplate) -> Set<String> {
        Set((try? slots(in: template.body, path: template.path, bodyLine: 1)) ?? [])
    }

    /// Renders the body with already-sanitised slot values; missing slots render empty.
    public func render(_ values: [String: String]) -> String {
        let text = (try? compiled().render(values)) ?? body
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
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
