import Foundation
import Hummingbird

/// `/api/review`, `/api/flags`, `/api/audit` (role reviewer or above): a session's script with its safety findings
/// and fact ledger, flagging a line with a reason code and a note and resolving its flags, the flagged lines, and the
/// audit log with its hash chain.
struct ReviewAPI: Sendable {
    let studio: Studio

    /// The body of `POST /api/review/sessions/{id}/flags`.
    struct Flag: Codable {
        var line: String
        var reason: FlagReason
        var note: String?
    }

    func addRoutes(to router: some RouterMethods<StudioContext>) {
        let api = router.group("api")
        api.get("review/sessions/:id") { _, context -> ScriptReview in
            let account = try context.require(.reviewer)
            return try review(context.parameters.require("id"), account: account)
        }
        api.post("review/sessions/:id/flags") { request, context in
            let account = try context.require(.reviewer)
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: Flag.self, context: context)
            let created = try flag(
                session: id, line: body.line, reason: body.reason, note: body.note ?? "", by: account)
            return try EditedResponse(status: .created, response: created).response(from: request, context: context)
        }
        api.post("review/sessions/:id/flags/resolve") { request, context -> ScriptReview in
            let account = try context.require(.reviewer)
            let body = try await request.decode(as: ScriptsAPI.Resolve.self, context: context)
            return try resolve(session: context.parameters.require("id"), line: body.line, by: account)
        }
        api.get("flags") { _, context -> [LineFlag] in
            _ = try context.require(.reviewer)
            return try studio.store.flags()
        }
        api.get("audit") { _, context -> [AuditEntry] in
            _ = try context.require(.reviewer)
            return try studio.store.auditLog()
        }
        api.get("audit/chain") { _, context -> AuditChainCheck in
            _ = try context.require(.reviewer)
            return try studio.store.verifyAuditChain()
        }
    }

    /// The script of session `id` for review. - Throws: 404 for an unknown session.
    func review(_ id: String, account: Account) throws -> ScriptReview {
        let session = try studio.visibleSession(id, to: account)
        return ScriptReview(
            session: session, document: try studio.document(of: session), flags: try studio.store.flags(session: id))
    }

    /// Flags `line` of session `id`, and writes it to the audit log. - Throws: 404 for an unknown session or line.
    func flag(
        session id: String, line: String, reason: FlagReason, note: String, by account: Account
    ) throws
        -> LineFlag
    {
        let script = try review(id, account: account)
        guard script.lines.contains(where: { $0.id == line }) else {
            throw StudioError(.notFound, message: "the session has no line \(line)")
        }
        return try studio.store.flag(
            id, target: "session:\(id)", line: line, reason: reason, note: note, by: account.name)
    }

    /// Resolves the open flags on `line` of session `id`, written to the audit log.
    /// - Throws: 404 for an unknown session, or when no flag is open on the line.
    func resolve(session id: String, line: String, by account: Account) throws -> ScriptReview {
        _ = try studio.visibleSession(id, to: account)
        try studio.store.resolve(id, target: "session:\(id)", line: line, by: account.name)
        return try review(id, account: account)
    }
}
