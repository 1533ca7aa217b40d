import Foundation
import Hummingbird

/// `/editor`: the template editor (role editor or above). Templates listed by status; a template's file edited as a
/// new draft, its lint findings shown with line and column, a preview with sample facts, and the submit, approve
/// (never by its author) and reject buttons. Each form carries the CSRF token.
struct EditorPage: Sendable {
    let studio: Studio

    struct EditForm: Decodable {
        var text: String?
    }

    struct ReasonForm: Decodable {
        var reason: String?
    }

    func addRoutes(to router: some RouterMethods<StudioContext>) {
        let desk = TemplateDesk(studio: studio)
        router.get("editor") { _, context in
            let account = try context.require(.editor)
            return HTML.response(try list(desk: desk, account: account, csrf: context.csrf))
        }
        router.get("editor/:id") { _, context in
            let account = try context.require(.editor)
            let id = try context.parameters.require("id")
            return HTML.response(try await detail(id, desk: desk, account: account, csrf: context.csrf))
        }
        router.get("speech/:id") { _, context in
            _ = try context.require(.editor)
            guard let wav = await studio.spokenPreviews.wav(id: try context.parameters.require("id")) else {
                throw StudioError.notFoundHere
            }
            return Response(
                status: .ok, headers: [.contentType: "audio/wav", .cacheControl: "private, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(bytes: wav)))
        }
        router.post("editor/:id") { request, context in
            try await act(request, context: context, desk: desk) { id, account, text in
                guard let form = try? URLEncodedFormDecoder().decode(EditForm.self, from: text) else {
                    throw StudioError(.badRequest, message: "the form is incomplete")
                }
                _ = try desk.edit(id, text: (form.text ?? "").replacingOccurrences(of: "\r\n", with: "\n"), by: account)
            }
        }
        router.post("editor/:id/submit") { request, context in
            try await act(request, context: context, desk: desk) { id, account, _ in
                _ = try desk.submit(id, by: account)
            }
        }
        router.post("editor/:id/approve") { request, context in
            try await act(request, context: context, desk: desk) { id, account, _ in
                _ = try await desk.approve(id, by: account)
            }
        }
        // The two decisions that need a reason: the same form, a different step.
        let decisions: [(String, @Sendable (String, String, String) throws -> TemplateDesk.View)] = [
            ("reject", desk.reject), ("retire", desk.retire),
        ]
        for (action, decide) in decisions {
            router.post("editor/:id/\(action)") { request, context in
                try await act(request, context: context, desk: desk) { id, account, text in
                    guard let form = try? URLEncodedFormDecoder().decode(ReasonForm.self, from: text) else {
                        throw StudioError(.badRequest, message: "the form is incomplete")
                    }
                    _ = try decide(id, account, form.reason ?? "")
                }
            }
        }
    }

    /// Runs a form's action, then back to the template; a refusal shows the template with the reason.
    func act(
        _ request: Request, context: StudioContext, desk: TemplateDesk,
        _ action: (String, String, String) async throws -> Void
    ) async throws -> Response {
        let account = try context.require(.editor)
        let id = try context.parameters.require("id")
        var request = request
        let text = String(buffer: try await request.collectBody(upTo: context.maxUploadSize))
        do {
            try await action(id, account.name, text)
            return Response(status: .seeOther, headers: [.location: "/editor/\(id)"])
        } catch let error as StudioError where error.code != .unauthorized && error.code != .notFound {
            return HTML.response(
                try await detail(id, desk: desk, account: account, csrf: context.csrf, alert: error.message),
                status: error.status)
        }
    }

    /// Every template, grouped by status.
    func list(desk: TemplateDesk, account: Account, csrf: String?) throws -> String {
        let templates = try desk.list()
        var body = ""
        for status in TemplateDesk.Status.allCases {
            let items = templates.filter { $0.status == status }.map { view in
                "<li><a href=\"/editor/\(HTML.escape(view.id))\">\(HTML.escape(view.id))</a> "
                    + "\(HTML.escape(view.kind)), \(HTML.escape(view.locale)), by \(HTML.escape(view.author))</li>"
            }
            body += """
                <section aria-labelledby="status-\(status.rawValue)" class="card">
                <h2 id="status-\(status.rawValue)">\(status.rawValue.capitalized) (\(items.count))</h2>
                \(items.isEmpty ? "<p>None.</p>" : "<ul>\(items.joined(separator: "\n"))</ul>")
                </section>

                """
        }
        return HTML.page(title: "Templates", account: account, csrf: csrf, body: body)
    }

    /// One template: its status, the edit form, lint findings with line and column, the preview, the workflow forms.
    func detail(
        _ id: String, desk: TemplateDesk, account: Account, csrf: String?, alert: String? = nil
    ) async throws -> String {
        let view = try desk.template(id)
        let findings = try await desk.lint(id)
        let preview = try desk.preview(id)
        let speech = try await studio.spokenPreviews.speak(preview, locale: view.locale, engine: studio.engine)
        let path = "/editor/\(HTML.escape(view.id))"
        var body = alert.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>\n" } ?? ""
        let items = findings.map { finding in
            "<li class=\"finding\">line \(finding.line), column \(finding.column): "
                + "<strong>\(HTML.escape(finding.code))</strong> \(HTML.escape(finding.message))</li>"
        }
        let approver = view.approvedBy.map { ", approved by \(HTML.escape($0))" } ?? ""
        body += """
            <p><a href="/editor">All templates</a></p>
            <p>Status: <strong id="status">\(view.status.rawValue)</strong>; author \(HTML.escape(view.author))\
            \(approver); revision <code>\(HTML.escape(view.revision))</code></p>
            <section aria-labelledby="lint-title" class="card">
            <h2 id="lint-title">Lint</h2>
            \(items.isEmpty ? "<p>Lint clean.</p>" : "<ul id=\"findings\">\(items.joined(separator: "\n"))</ul>")
            </section>
            <section aria-labelledby="edit-title" class="card">
            <h2 id="edit-title">Edit</h2>
            <form method="post" action="\(path)">
            \(HTML.csrfField(csrf))
            <p><label for="text">Template file (saving makes a new draft revision with you as its author)</label>
            <textarea id="text" name="text" rows="14" cols="80" required>\(HTML.escape(view.text))</textarea></p>
            <p><button type="submit">Save draft</button></p>
            </form>
            </section>
            <section aria-labelledby="preview-title" class="card">
            <h2 id="preview-title">Preview with sample facts</h2>
            <blockquote id="preview">\(HTML.escape(preview))</blockquote>
            <p><audio id="spoken-preview" controls preload="none" src="/speech/\(HTML.escape(speech))">\
            The preview spoken.</audio></p>
            </section>
            <section aria-labelledby="workflow-title" class="card">
            <h2 id="workflow-title">Review</h2>
            <form method="post" action="\(path)/submit" class="inline">\(HTML.csrfField(csrf))\
            <button type="submit">Submit for review</button></form>
            <form method="post" action="\(path)/approve" class="inline">\(HTML.csrfField(csrf))\
            <button type="submit">Approve</button></form>
            <form method="post" action="\(path)/reject">\(HTML.csrfField(csrf))
            <p><label for="reason">Reason for rejecting</label>
            <input id="reason" name="reason" type="text" required></p>
            <p><button type="submit">Reject</button></p>
            </form>
            <form method="post" action="\(path)/retire">\(HTML.csrfField(csrf))
            <p><label for="retire-reason">Reason for retiring (it never speaks again)</label>
            <input id="retire-reason" name="reason" type="text" required></p>
            <p><button type="submit">Retire</button></p>
            </form>
            </section>

            """
        return HTML.page(title: "Template \(view.id)", account: account, csrf: csrf, body: body)
    }
}
