import Foundation
import Hummingbird

/// `/review`, `/flags`, `/audit` (role reviewer or above): a session's script with its safety findings and fact
/// ledger and a form to flag each line with a reason code and a note; the flagged lines for trust and safety; the
/// audit log of every editorial and review action.
struct ReviewPage: Sendable {
    let studio: Studio

    /// The form that flags a line, on the review and scripts pages alike.
    struct FlagForm: Decodable {
        var line: String?
        var reason: String?
        var note: String?
    }

    func addRoutes(to router: some RouterMethods<StudioContext>) {
        let api = ReviewAPI(studio: studio)
        router.get("review") { _, context in
            let account = try context.require(.reviewer)
            return HTML.response(try sessions(account: account, csrf: context.csrf))
        }
        router.get("review/:id") { _, context in
            let account = try context.require(.reviewer)
            let review = try api.review(context.parameters.require("id"), account: account)
            return HTML.response(scriptPage(review, account: account, csrf: context.csrf))
        }
        router.post("review/:id/flags") { request, context in
            let account = try context.require(.reviewer)
            let id = try context.parameters.require("id")
            let form = try await request.decodeForm(as: FlagForm.self, context: context)
            guard let line = form.line, let reason = form.reason.flatMap(FlagReason.init(rawValue:))
            else { throw StudioError(.badRequest, message: "choose a line and a reason") }
            _ = try api.flag(session: id, line: line, reason: reason, note: form.note ?? "", by: account)
            return Response(status: .seeOther, headers: [.location: "/review/\(id)"])
        }
        router.post("review/:id/resolve") { request, context in
            let account = try context.require(.reviewer)
            let id = try context.parameters.require("id")
            let form = try await request.decodeForm(as: FlagForm.self, context: context)
            guard let line = form.line else { throw StudioError(.badRequest, message: "choose a line") }
            _ = try api.resolve(session: id, line: line, by: account)
            return Response(status: .seeOther, headers: [.location: "/review/\(id)#line-\(line)"])
        }
        router.get("flags") { _, context in
            let account = try context.require(.reviewer)
            return HTML.response(try flags(account: account, csrf: context.csrf))
        }
        router.get("audit") { _, context in
            let account = try context.require(.reviewer)
            return HTML.response(try audit(account: account, csrf: context.csrf))
        }
    }

    func sessions(account: Account, csrf: String?) throws -> String {
        let items = try studio.store.sessions(listener: nil).prefix(100).map { session in
            "<li><a href=\"/review/\(HTML.escape(session.id))\">\(HTML.escape(session.listener)), "
                + "\(ListenerPage.number(session.request.minutes)) min, \(session.request.arc.rawValue)</a></li>"
        }
        let body = """
            <p><a href="/scripts">Review before render</a> · <a href="/flags">Flagged lines</a> · \
            <a href="/audit">Audit log</a></p>
            <section class="card"><h2>Sessions to review</h2>
            \(items.isEmpty ? "<p>None yet.</p>" : "<ul>\(items.joined(separator: "\n"))</ul>")
            </section>
            """
        return HTML.page(title: "Review", account: account, csrf: csrf, body: body)
    }

    func scriptPage(_ script: ScriptReview, account: Account, csrf: String?) -> String {
        let lines = script.lines.map { line in
            let id = HTML.escape(line.id)
            let facts = line.facts.map {
                "<tr><td>\(HTML.escape($0.slot))</td><td>\(HTML.escape($0.value))</td>"
                    + "<td>\(HTML.escape($0.source))</td></tr>"
            }
            return """
                <li id="line-\(id)" class="card">
                <p><strong>\(id)</strong> (\(HTML.escape(line.templateID)), \(HTML.escape(line.verdict))): \
                \(HTML.escape(line.text.isEmpty ? "[blocked] " + line.originalText : line.text))</p>
                \(LineReviewHTML.findings(line))
                \(facts.isEmpty ? "" : """
                <table><caption>Facts of line \(id)</caption><thead><tr><th scope="col">Slot</th>\
                <th scope="col">Value</th><th scope="col">Source</th></tr></thead>
                <tbody>\(facts.joined(separator: "\n"))</tbody></table>
                """)
                \(LineReviewHTML.flags(line))
                \(LineReviewHTML.forms(line, base: "/review/\(script.session)", csrf: csrf))
                </li>
                """
        }
        let body = """
            <p><a href="/review">All sessions</a> · <a href="/flags">Flagged lines</a></p>
            <ol class="review">\(lines.joined(separator: "\n"))</ol>
            """
        return HTML.page(
            title: "Script for \(script.listener)", account: account, csrf: csrf, body: body)
    }

    func flags(account: Account, csrf: String?) throws -> String {
        let rows = try studio.store.flags().map { flag in
            // A flag on a script made for review links to that script's page.
            let page = try studio.store.script(id: flag.session) == nil ? "review" : "scripts"
            return """
                <tr><td><a href="/\(page)/\(HTML.escape(flag.session))#line-\(HTML.escape(flag.line))">\
                \(HTML.escape(flag.session))</a></td><td>\(HTML.escape(flag.line))</td>\
                <td>\(HTML.escape(flag.reason.rawValue))</td><td>\(HTML.escape(flag.note))</td>\
                <td>\(HTML.escape(flag.by))</td><td>\(Self.time(flag.at))</td></tr>
                """
        }
        return HTML.page(
            title: "Flagged lines", account: account, csrf: csrf,
            body: Self.table(
                caption: "Lines reviewers flagged, newest first",
                headers: ["Session", "Line", "Reason", "Note", "By", "When"], rows: rows))
    }

    func audit(account: Account, csrf: String?) throws -> String {
        let rows = try studio.store.auditLog().map { entry in
            "<tr><td>\(Self.time(entry.at))</td><td>\(HTML.escape(entry.actor))</td>"
                + "<td>\(HTML.escape(entry.action))</td><td>\(HTML.escape(entry.target))</td>"
                + "<td>\(HTML.escape(entry.detail))</td></tr>"
        }
        let chain = try studio.store.verifyAuditChain()
        let status =
            chain.intact
            ? "<p>The hash chain is intact over all \(chain.entries) entries; the newest ends in "
                + "<code>\(chain.head.prefix(16))</code>.</p>"
            : "<p class=\"error\" role=\"alert\">The hash chain breaks at entry \(chain.brokenAt ?? 0) of \(chain.entries) "
                + "(1 = oldest): that entry or one before it was changed outside the studio. Entries from there on "
                + "cannot be trusted.</p>"
        return HTML.page(
            title: "Audit log", account: account, csrf: csrf,
            body: status
                + Self.table(
                    caption: "Every editorial and review action, newest first",
                    headers: ["When", "Who", "What", "Target", "Detail"], rows: rows))
    }

    static func table(caption: String, headers: [String], rows: [String]) -> String {
        let head = headers.map { "<th scope=\"col\">\(HTML.escape($0))</th>" }.joined()
        return """
            <table><caption>\(HTML.escape(caption))</caption><thead><tr>\(head)</tr></thead>
            <tbody>\(rows.joined(separator: "\n"))</tbody></table>
            """
    }

    static func time(_ date: Date) -> String {
        let text = ISO8601DateFormatter().string(from: date)
        return "<time datetime=\"\(text)\">\(text)</time>"
    }
}
