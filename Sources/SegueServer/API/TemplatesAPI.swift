import Foundation
import Hummingbird

/// `/api/templates`: the editor's actions as JSON (role editor or above): list, read with lint findings, edit as a
/// new draft, submit, approve (never by the author), reject, preview with sample facts.
struct TemplatesAPI: Sendable {
    let studio: Studio

    /// A template with its lint findings.
    struct Detail: Codable, ResponseEncodable {
        var template: TemplateDesk.View
        var findings: [TemplateDesk.Finding]
    }

    /// The body of `PUT /api/templates/{id}`: the whole file, front matter and body.
    struct Edit: Codable {
        var text: String
    }

    /// The body of `POST /api/templates/{id}/reject` and `/retire`.
    struct Reason: Codable {
        var reason: String
    }

    /// The answer of `GET /api/templates/{id}/preview`.
    struct Preview: Codable, ResponseEncodable {
        var id: String
        var text: String
    }

    func addRoutes(to router: some RouterMethods<StudioContext>) {
        let api = router.group("api")
        let desk = TemplateDesk(studio: studio)
        api.get("templates") { _, context -> [TemplateDesk.View] in
            _ = try context.require(.editor)
            return try desk.list()
        }
        api.get("templates/:id") { _, context -> Detail in
            _ = try context.require(.editor)
            let id = try context.parameters.require("id")
            return Detail(template: try desk.template(id), findings: try await desk.lint(id))
        }
        api.put("templates/:id") { request, context -> Detail in
            let account = try context.require(.editor)
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: Edit.self, context: context)
            let view = try desk.edit(id, text: body.text, by: account.name)
            return Detail(template: view, findings: try await desk.lint(id))
        }
        api.post("templates/:id/submit") { _, context -> TemplateDesk.View in
            let account = try context.require(.editor)
            return try desk.submit(try context.parameters.require("id"), by: account.name)
        }
        api.post("templates/:id/approve") { _, context -> TemplateDesk.View in
            let account = try context.require(.editor)
            return try await desk.approve(try context.parameters.require("id"), by: account.name)
        }
        api.post("templates/:id/reject") { request, context -> TemplateDesk.View in
            let account = try context.require(.editor)
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: Reason.self, context: context)
            return try desk.reject(id, by: account.name, reason: body.reason)
        }
        api.post("templates/:id/retire") { request, context -> TemplateDesk.View in
            let account = try context.require(.editor)
            let id = try context.parameters.require("id")
            let body = try await request.decode(as: Reason.self, context: context)
            return try desk.retire(id, by: account.name, reason: body.reason)
        }
        api.get("templates/:id/preview") { _, context -> Preview in
            _ = try context.require(.editor)
            let id = try context.parameters.require("id")
            return Preview(id: id, text: try desk.preview(id))
        }
    }
}
