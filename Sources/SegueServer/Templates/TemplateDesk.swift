import Foundation
import SegueCore
import SegueFiles
import SegueSession

/// The editors' desk over the studio's template folder: list templates by status, edit one as a new draft, lint,
/// submit, approve (never by the author), reject and preview. Every step goes through `TemplateStudio`, as
/// `segue templates` does, so the hash-chained approval log stays the authority, and is written to the audit log.
struct TemplateDesk: Sendable {
    let studio: Studio

    /// Where a template stands, as an editor reads it: the approval log's state of its current revision.
    enum Status: String, Sendable, Codable, CaseIterable {
        case draft, submitted, approved, rejected, retired
    }

    /// A template as the editor and the API show it.
    struct View: Sendable, Codable, Equatable {
        var id: String
        var kind: String
        var locale: String
        var author: String
        var status: Status
        var revision: String
        /// The whole file: front matter and body.
        var text: String
        var approvedBy: String?
    }

    /// A lint finding, its line and column in the template's file.
    struct Finding: Sendable, Codable, Equatable {
        var code: String
        var line: Int
        var column: Int
        var message: String
    }

    var folder: URL { studio.templatesFolder }

    var workflow: TemplateStudio {
        get throws {
            let policy: SafetyPolicy
            do { policy = try SafetyPolicy.shipped() } catch {
                throw StudioError(.internalError, message: "the safety policy cannot be read")
            }
            return TemplateStudio(folder: folder, linter: TemplateLinter(checker: SafetyChecker(policy: policy)))
        }
    }

    /// Every template, by id.
    func list() throws -> [View] {
        let ledger = try ledger()
        let urls: [URL]
        do { urls = try TemplateLibrary.files(in: folder) } catch {
            throw StudioError(.internalError, message: "the template folder cannot be read")
        }
        return urls.compactMap { url in
            (try? TemplateLibrary.text(of: url)).flatMap { text in
                (try? CommentaryTemplate(text: text, path: url.path)).map { view($0, text: text, ledger: ledger) }
            }
        }.sorted { $0.id < $1.id }
    }

    /// The template `id`. - Throws: 404 for an unknown or malformed id.
    func template(_ id: String) throws -> View {
        let (template, text) = try load(id)
        return view(template, text: text, ledger: try ledger())
    }

    /// Lint findings of `id`, with line and column, no server path.
    func lint(_ id: String) async throws -> [Finding] {
        _ = try load(id)
        do {
            return try await workflow.lint(ids: [id]).map {
                Finding(code: $0.code, line: $0.line, column: $0.column, message: clean($0.message))
            }
        } catch let error as StudioError { throw error } catch {
            throw StudioError(.internalError, message: "the template cannot be linted")
        }
    }

    /// Saves `text` as a new draft revision of `id` by `actor`, who becomes its author.
    /// - Throws: 400 when the text does not parse as a template (with the parse error's line and column).
    func edit(_ id: String, text: String, by actor: String) throws -> View {
        _ = try load(id)
        let url = try url(of: id)
        var template: CommentaryTemplate
        do { template = try CommentaryTemplate(text: text, path: url.path) } catch {
            throw StudioError(.badRequest, message: clean("\(error)"))
        }
        guard template.id == id else {
            throw StudioError(.badRequest, message: "the front matter's id must stay \(id)")
        }
        template.author = actor
        template.status = .draft
        template.approvedBy = nil
        template.approvedAt = nil
        template.revision = nil
        do { try AtomicFile.write(Data(template.fileText.utf8), to: url) } catch {
            throw StudioError(.internalError, message: "the template cannot be saved")
        }
        try studio.store.audit(
            AuditEntry(actor: actor, action: "edit", target: "template:\(id)", detail: template.currentRevision))
        return try self.template(id)
    }

    /// Sends the current revision to review.
    func submit(_ id: String, by actor: String) throws -> View {
        _ = try load(id)
        try step { try workflow.submit(id, by: actor, at: Self.now()) }
        try studio.store.audit(AuditEntry(actor: actor, action: "submit", target: "template:\(id)"))
        return try template(id)
    }

    /// Approves the submitted revision. - Throws: 403 when `actor` is its author; 409 when not approvable.
    func approve(_ id: String, by actor: String) async throws -> View {
        let (template, _) = try load(id)
        if case .submitted(_, let author) = try ledger().state(of: id), author == actor {
            throw StudioError(.forbidden, message: "\(actor) wrote this revision and cannot approve it")
        }
        guard template.author != actor else {
            throw StudioError(.forbidden, message: "\(actor) wrote this template and cannot approve it")
        }
        let workflow = try self.workflow
        do { try await workflow.approve(id, by: actor, at: Self.now()) } catch let error as SegueSession.StudioError {
            throw StudioError(.conflict, message: clean(error.description))
        }
        try studio.store.audit(AuditEntry(actor: actor, action: "approve", target: "template:\(id)"))
        try reloadEngine()
        return try self.template(id)
    }

    /// Sends a submitted or approved template back to draft, with the reason.
    func reject(_ id: String, by actor: String, reason: String) throws -> View {
        try decide(id, action: "reject", by: actor, reason: reason) { workflow, reason in
            try workflow.reject(id, by: actor, at: Self.now(), reason: reason)
        }
    }

    /// Takes a template out of production for good, with the reason: the approval log records it, and the next job
    /// speaks without it.
    func retire(_ id: String, by actor: String, reason: String) throws -> View {
        try decide(id, action: "retire", by: actor, reason: reason) { workflow, reason in
            try workflow.retire(id, by: actor, at: Self.now(), reason: reason)
        }
    }

    /// A decision that needs a reason (`action`: reject or retire): the step in the approval log, the audit entry,
    /// the engine reloaded. - Throws: 400 without a reason, 409 when the step does not apply.
    private func decide(
        _ id: String, action: String, by actor: String, reason: String,
        _ step: (TemplateStudio, String) throws -> Void
    ) throws -> View {
        _ = try load(id)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw StudioError(.badRequest, message: "say why (a reason is required)") }
        let workflow = try self.workflow
        try self.step { try step(workflow, reason) }
        try studio.store.audit(AuditEntry(actor: actor, action: action, target: "template:\(id)", detail: reason))
        try reloadEngine()
        return try template(id)
    }

    /// The next job speaks from the approved set as it is now: the studio's engine reloads the templates.
    func reloadEngine() throws {
        do { try studio.reloadTemplates() } catch {
            throw StudioError(
                .internalError, message: "the change is recorded, but the templates could not be reloaded")
        }
    }

    /// The template rendered with sample facts (a made-up track), as text.
    func preview(_ id: String) throws -> String {
        let (template, _) = try load(id)
        let slots = CommentaryTemplate.slotsUsed(by: template)
        let values = TemplateLinter.worstCaseValues.merging(Self.sampleFacts) { _, sample in sample }
        return template.render(values.filter { slots.contains($0.key) })
    }

    /// Short, plausible facts for a preview; slots not here take the linter's worst-case values.
    static let sampleFacts: [String: String] = [
        "title": "Harbour Lights", "artist": "The Lanterns", "album": "Long Way Home", "year": "1997",
        "decade": "1990s", "genre": "house", "genre_phrase": "some house", "bpm": "124",
        "previous_title": "Northern Sky", "previous_artist": "Midnight Orchestra", "previous_year": "1988",
        "reason": "you liked Midnight Orchestra", "energy_change": "things up a notch",
        "upcoming_artists": "Nils and The Lanterns", "played_artists": "Midnight Orchestra and Nils",
        "listener_name": "Ana", "station": "Segue",
    ]

    // MARK: - Helpers

    static func isTemplateID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 100
            && id.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) || "-_".unicodeScalars.contains($0)
            }
            && id.unicodeScalars.allSatisfy(\.isASCII)
    }

    func url(of id: String) throws -> URL {
        guard Self.isTemplateID(id) else { throw StudioError.notFoundHere }
        return folder.appendingPathComponent("\(id).mustache")
    }

    func load(_ id: String) throws -> (CommentaryTemplate, String) {
        let url = try url(of: id)
        guard FileManager.default.fileExists(atPath: url.path), let text = try? TemplateLibrary.text(of: url),
            let template = try? CommentaryTemplate(text: text, path: url.path)
        else { throw StudioError.notFoundHere }
        return (template, text)
    }

    func ledger() throws -> ApprovalLedger {
        do { return try TemplateLibrary.ledger(in: folder) } catch {
            throw StudioError(.internalError, message: "the approval log cannot be read")
        }
    }

    func view(_ template: CommentaryTemplate, text: String, ledger: ApprovalLedger) -> View {
        let revision = template.currentRevision
        let status: Status =
            switch ledger.state(of: template.id) {
            case .submitted(let submitted, _) where submitted == revision: .submitted
            case .approved(let approval) where approval.revision == revision: .approved
            case .rejected: .rejected
            case .retired: .retired
            default: .draft
            }
        return View(
            id: template.id, kind: template.kind.rawValue, locale: template.locale, author: template.author,
            status: status, revision: revision, text: text,
            approvedBy: status == .approved ? template.approvedBy : nil)
    }

    /// Runs a workflow step, its refusal a 409 whose message names no server path.
    func step(_ body: () throws -> Void) throws {
        do { try body() } catch let error as SegueSession.StudioError {
            throw StudioError(.conflict, message: clean(error.description))
        } catch let error as StudioError { throw error } catch {
            throw StudioError(.internalError, message: "the template step failed")
        }
    }

    /// `message` with the server's template folder taken out.
    func clean(_ message: String) -> String {
        message.replacingOccurrences(of: folder.path + "/", with: "").replacingOccurrences(of: folder.path, with: "")
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
}
