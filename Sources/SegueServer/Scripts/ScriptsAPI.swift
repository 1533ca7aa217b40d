import Foundation
import Hummingbird
import SegueSession

/// `/api/scripts` (role reviewer or above): review before render. A session is planned and scripted only, its
/// script is flagged and approved by a reviewer, and only an approved script is voiced and mixed, as it was stored.
struct ScriptsAPI: Sendable {
    let studio: Studio

    /// The body of `POST /api/scripts/{id}/flags/resolve`.
    struct Resolve: Codable {
        var line: String
    }

    func addRoutes(to router: some RouterMethods<StudioContext>) {
        let api = router.group("api")
        api.post("scripts") { request, context in
            let account = try context.require(.reviewer)
            let body = try await request.decode(as: SessionsAPI.CreateSession.self, context: context)
            let status = try await start(body, by: account)
            return try EditedResponse(
                status: .accepted, headers: [.location: "/api/jobs/\(status.id)"], response: status
            )
            .response(from: request, context: context)
        }
        api.get("scripts") { _, context -> [PendingScript] in
            _ = try context.require(.reviewer)
            return try studio.store.scripts()
        }
        api.get("scripts/:id") { _, context -> ScriptDetail in
            _ = try context.require(.reviewer)
            return try detail(context.parameters.require("id"))
        }
        api.post("scripts/:id/flags") { request, context in
            let account = try context.require(.reviewer)
            let body = try await request.decode(as: ReviewAPI.Flag.self, context: context)
            let created = try flag(
                context.parameters.require("id"), line: body.line, reason: body.reason, note: body.note ?? "",
                by: account)
            return try EditedResponse(status: .created, response: created).response(from: request, context: context)
        }
        api.post("scripts/:id/flags/resolve") { request, context -> ScriptDetail in
            let account = try context.require(.reviewer)
            let body = try await request.decode(as: Resolve.self, context: context)
            return try resolve(context.parameters.require("id"), line: body.line, by: account)
        }
        api.post("scripts/:id/approve") { _, context -> PendingScript in
            let account = try context.require(.reviewer)
            return try approve(context.parameters.require("id"), by: account)
        }
        api.post("scripts/:id/render") { request, context in
            let account = try context.require(.reviewer)
            let status = try await render(context.parameters.require("id"), by: account)
            return try EditedResponse(
                status: .accepted, headers: [.location: "/api/jobs/\(status.id)"], response: status
            )
            .response(from: request, context: context)
        }
    }

    /// Queues a plan-and-script job. - Throws: 400/404 for the request, 429 when the queue is full.
    func start(_ body: SessionsAPI.CreateSession, by account: Account) async throws -> JobStatus {
        let listener = try studio.listenerID(for: account, asked: body.listener)
        let request = try SessionRequest(
            listener: listener, minutes: body.minutes ?? 10, discovery: body.discovery ?? 0.2, arc: body.arc ?? .peak,
            seed: body.seed ?? UInt64.random(in: 1...999_999)
        ).validated()
        return try await studio.jobs.submitScript(request, owner: account.name)
    }

    /// The script `id`. - Throws: 404 for a malformed or unknown id.
    func pending(_ id: String) throws -> PendingScript {
        guard Studio.isSessionID(id), let script = try studio.store.script(id: id) else {
            throw StudioError.notFoundHere
        }
        return script
    }

    /// The script `id` with its review: its lines as `segue script` documents them, with findings and flags.
    func detail(_ id: String) throws -> ScriptDetail {
        let script = try pending(id)
        let stored = try studio.maker.storedScript(id)
        let document: SessionDocument
        do { document = try studio.engine.review(stored) } catch {
            throw StudioError(.internalError, message: "the script cannot be reviewed")
        }
        let flags = try studio.store.flags(session: id)
        return ScriptDetail(
            script: script, review: ScriptReview(id: id, listener: script.listener, document: document, flags: flags),
            openFlags: flags.filter { $0.resolvedBy == nil }.count)
    }

    /// Flags `line` of the script `id`, written to the audit log. - Throws: 404 for an unknown line, 409 once
    /// the script is rendered.
    func flag(_ id: String, line: String, reason: FlagReason, note: String, by account: Account) throws -> LineFlag {
        let detail = try detail(id)
        guard detail.script.status != .rendered else {
            throw StudioError(.conflict, message: "the script is rendered already; flag the session instead")
        }
        guard detail.review.lines.contains(where: { $0.id == line }) else {
            throw StudioError(.notFound, message: "the script has no line \(line)")
        }
        return try studio.store.flag(
            id, target: "script:\(id)", line: line, reason: reason, note: note, by: account.name)
    }

    /// Resolves the open flags on `line` of the script `id`. - Throws: 404 when none is open there.
    func resolve(_ id: String, line: String, by account: Account) throws -> ScriptDetail {
        _ = try pending(id)
        try studio.store.resolve(id, target: "script:\(id)", line: line, by: account.name)
        return try detail(id)
    }

    /// Approves the script `id` as stored now, written to the audit log with the approver.
    /// - Throws: 409 when it is not pending or a flag on it is open.
    func approve(_ id: String, by account: Account) throws -> PendingScript {
        _ = try pending(id)
        let digest = StudioStore.digest(data: try studio.maker.scriptData(id))
        try studio.store.approveScript(id: id, digest: digest, by: account.name)
        try studio.store.audit(
            AuditEntry(actor: account.name, action: "approve", target: "script:\(id)", detail: "sha256 \(digest)"))
        return try pending(id)
    }

    /// Queues the render of the approved script `id`. - Throws: 409 when it is not approved (or rendered already).
    func render(_ id: String, by account: Account) async throws -> JobStatus {
        let script = try pending(id)
        guard script.status == .approved else {
            throw StudioError(
                .conflict,
                message: script.status == .rendered
                    ? "the script is rendered already" : "a reviewer must approve the script before it is rendered")
        }
        let status = try await studio.jobs.submitRender(of: script, owner: account.name)
        try studio.store.audit(AuditEntry(actor: account.name, action: "render", target: "script:\(id)"))
        return status
    }
}
