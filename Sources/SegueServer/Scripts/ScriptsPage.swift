import Foundation
import Hummingbird

/// `/scripts` (role reviewer or above): review before render in the browser. Ask for a script for a listener, read
/// it with its safety findings and fact ledger, flag and resolve lines, approve it, then render it.
struct ScriptsPage: Sendable {
    let studio: Studio

    struct ScriptForm: Decodable {
        var listener: String?
        var minutes: Double?
        var seed: UInt64?
    }

    func addRoutes(to router: some RouterMethods<StudioContext>) {
        let api = ScriptsAPI(studio: studio)
        router.get("scripts") { _, context in
            let account = try context.require(.reviewer)
            return HTML.response(try list(account: account, csrf: context.csrf))
        }
        router.post("scripts") { request, context in
            let account = try context.require(.reviewer)
            let form = try await request.decodeForm(as: ScriptForm.self, context: context)
            let status = try await api.start(
                SessionsAPI.CreateSession(listener: form.listener, minutes: form.minutes ?? 6, seed: form.seed),
                by: account)
            return Response(status: .seeOther, headers: [.location: "/scripts?job=\(status.id)"])
        }
        router.get("scripts/:id") { _, context in
            let account = try context.require(.reviewer)
            let detail = try api.detail(context.parameters.require("id"))
            return HTML.response(page(detail, account: account, csrf: context.csrf))
        }
        router.post("scripts/:id/flags") { request, context in
            let account = try context.require(.reviewer)
            let id = try context.parameters.require("id")
            let form = try await request.decodeForm(as: ReviewPage.FlagForm.self, context: context)
            guard let line = form.line, let reason = form.reason.flatMap(FlagReason.init(rawValue:)) else {
                throw StudioError(.badRequest, message: "choose a line and a reason")
            }
            _ = try api.flag(id, line: line, reason: reason, note: form.note ?? "", by: account)
            return Response(status: .seeOther, headers: [.location: "/scripts/\(id)"])
        }
        router.post("scripts/:id/resolve") { request, context in
            let account = try context.require(.reviewer)
            let id = try context.parameters.require("id")
            let form = try await request.decodeForm(as: ReviewPage.FlagForm.self, context: context)
            guard let line = form.line else { throw StudioError(.badRequest, message: "choose a line") }
            _ = try api.resolve(id, line: line, by: account)
            return Response(status: .seeOther, headers: [.location: "/scripts/\(id)"])
        }
        router.post("scripts/:id/approve") { _, context in
            let account = try context.require(.reviewer)
            let id = try context.parameters.require("id")
            _ = try api.approve(id, by: account)
            return Response(status: .seeOther, headers: [.location: "/scripts/\(id)"])
        }
        router.post("scripts/:id/render") { _, context in
            let account = try context.require(.reviewer)
            let id = try context.parameters.require("id")
            let status = try await api.render(id, by: account)
            return Response(status: .seeOther, headers: [.location: "/scripts?job=\(status.id)"])
        }
    }

    func list(account: Account, csrf: String?) throws -> String {
        let options = try studio.listeners.ids().map {
            "<option value=\"\(HTML.escape($0))\">\(HTML.escape($0))</option>"
        }
        let items = try studio.store.scripts().prefix(100).map { script in
            "<li><a href=\"/scripts/\(HTML.escape(script.id))\">\(HTML.escape(script.listener)), "
                + "\(ListenerPage.number(script.minutes)) min, \(HTML.escape(script.arc))</a>: "
                + "\(HTML.escape(script.status.rawValue))"
                + (script.approvedBy.map { " by \(HTML.escape($0))" } ?? "")
                + (script.session.map { " · <a href=\"/review/\(HTML.escape($0))\">session</a>" } ?? "") + "</li>"
        }
        let body = """
            <p><a href="/review">Sessions</a> · <a href="/flags">Flagged lines</a> · <a href="/audit">Audit log</a></p>
            <section class="card"><h2>Script a session for review</h2>
            <form method="post" action="/scripts">\(HTML.csrfField(csrf))
            <label for="listener">Listener</label> <select id="listener" name="listener">\(options.joined())</select>
            <label for="minutes">Minutes</label> <input id="minutes" name="minutes" type="number" min="1" max="120" \
            value="6">
            <button type="submit">Plan and script</button>
            </form><p>The script appears below when its job is done (reload).</p></section>
            <section class="card"><h2>Scripts</h2>
            \(items.isEmpty ? "<p>None yet.</p>" : "<ul>\(items.joined(separator: "\n"))</ul>")
            </section>
            """
        return HTML.page(title: "Review before render", account: account, csrf: csrf, body: body)
    }

    func page(_ detail: ScriptDetail, account: Account, csrf: String?) -> String {
        let id = HTML.escape(detail.script.id)
        let editable = detail.script.status != .rendered
        let lines = detail.review.lines.map { line in
            let lineID = HTML.escape(line.id)
            let facts = line.facts.map {
                "<li>\(HTML.escape($0.slot)) = \(HTML.escape($0.value)) (\(HTML.escape($0.source)))</li>"
            }
            let forms = editable ? LineReviewHTML.forms(line, base: "/scripts/\(detail.script.id)", csrf: csrf) : ""
            return """
                <li id="line-\(lineID)" class="card">
                <p><strong>\(lineID)</strong> (\(HTML.escape(line.templateID)), \(HTML.escape(line.verdict))): \
                \(HTML.escape(line.text.isEmpty ? "[blocked] " + line.originalText : line.text))</p>
                \(LineReviewHTML.findings(line))
                \(facts.isEmpty ? "" : "<ul class=\"facts\">\(facts.joined())</ul>")
                \(LineReviewHTML.flags(line))
                \(forms)
                </li>
                """
        }
        let action: String
        switch detail.script.status {
        case .pending:
            action =
                detail.openFlags > 0
                ? "<p>\(detail.openFlags) open flags: resolve them before approving.</p>"
                : """
                <form method="post" action="/scripts/\(id)/approve">\(HTML.csrfField(csrf))
                <button type="submit">Approve script</button></form>
                """
        case .approved:
            action = """
                <p>Approved by \(HTML.escape(detail.script.approvedBy ?? "?")).</p>
                <form method="post" action="/scripts/\(id)/render">\(HTML.csrfField(csrf))
                <button type="submit">Render approved script</button></form>
                """
        case .rendered:
            action = "<p>Rendered: <a href=\"/review/\(HTML.escape(detail.script.session ?? ""))\">session</a>.</p>"
        }
        let body = """
            <p><a href="/scripts">All scripts</a></p>
            <section class="card"><h2>Status: \(HTML.escape(detail.script.status.rawValue))</h2>\(action)</section>
            <ol class="review">\(lines.joined(separator: "\n"))</ol>
            """
        return HTML.page(
            title: "Script for \(detail.script.listener)", account: account, csrf: csrf, body: body)
    }
}
