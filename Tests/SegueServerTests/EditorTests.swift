import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SegueServer

@Suite struct EditorTests {
    static let id = "discovery-after-this"

    /// The template's file with `body`: nine lines of front matter, so the body is line 10.
    static func file(body: String) -> String {
        """
        ---
        id: \(id)
        kind: discovery
        locale: en-US
        tone: warm
        moment: before
        author: someone
        status: draft
        ---
        \(body)
        """
    }

    static let cleanBody =
        "{{#genre_phrase}}Coming after this: {{genre_phrase}} by an artist new to you, {{title}}.{{/genre_phrase}}"
        + "{{^genre_phrase}}Coming after this: an artist new to you, {{title}}.{{/genre_phrase}}"

    static func json(_ value: some Encodable) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONEncoder().encode(value))
    }

    @Test func listenersAreRefusedAndSignedOutIs401() async throws {
        let fixture = try await StudioFixture()
        try fixture.copyTemplates()
        let listener = try fixture.bearer("ana")
        let browser = try fixture.browser("ana")
        try await fixture.app.test(.router) { client in
            for uri in ["/api/templates", "/api/templates/\(Self.id)", "/api/templates/\(Self.id)/preview"] {
                try await client.execute(uri: uri, method: .get, headers: listener) {
                    #expect($0.status == .forbidden, "\(uri)")
                }
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .unauthorized, "\(uri)") }
            }
            try await client.execute(uri: "/api/templates/\(Self.id)/submit", method: .post, headers: listener) {
                #expect($0.status == .forbidden)
            }
            for uri in ["/editor", "/editor/\(Self.id)"] {
                try await client.execute(uri: uri, method: .get, headers: browser.headers) {
                    #expect($0.status == .forbidden, "\(uri)")
                }
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .seeOther)
                    #expect(response.headers[.location] == "/signin")
                }
            }
            try await client.execute(uri: "/editor/\(Self.id)/submit", method: .post) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    @Test func theEditorFormsNeedTheCSRFToken() async throws {
        let fixture = try await StudioFixture()
        try fixture.copyTemplates()
        let browser = try fixture.browser("ed")
        let headers = StudioFixture.adding(contentType: "application/x-www-form-urlencoded", to: browser.headers)
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/editor/\(Self.id)", method: .get, headers: browser.headers) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("name=\"csrf\" value=\"\(browser.csrf)\""))
                #expect(page.contains("action=\"/editor/\(Self.id)/approve\""))
            }
            let text = String.form([("text", Self.file(body: Self.cleanBody))])
            try await client.execute(
                uri: "/editor/\(Self.id)", method: .post, headers: headers, body: ByteBuffer(string: text)
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/editor/\(Self.id)/submit", method: .post, headers: headers,
                body: ByteBuffer(string: .form([("csrf", "not-the-token")]))
            ) { #expect($0.status == .forbidden) }
            // Refused: the file is as it was, and nothing is in the audit log.
            #expect(try fixture.studio.store.auditLog().isEmpty)
            try await client.execute(
                uri: "/editor/\(Self.id)", method: .post, headers: headers,
                body: ByteBuffer(string: text + "&" + .form([("csrf", browser.csrf)]))
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/editor/\(Self.id)")
            }
            #expect(try fixture.studio.store.auditLog().map(\.action) == ["edit"])
        }
    }

    @Test func theAuthorCannotApproveTheirOwnTemplate() async throws {
        let fixture = try await StudioFixture()
        try fixture.copyTemplates()
        let editor = try fixture.bearer("ed")
        let reviewer = try fixture.bearer("rita")
        let json = StudioFixture.adding(contentType: "application/json", to: editor)
        try await fixture.app.test(.router) { client in
            try await client.execute(
                uri: "/api/templates/\(Self.id)", method: .put, headers: json,
                body: try Self.json(["text": Self.file(body: Self.cleanBody)])
            ) { response in
                #expect(response.status == .ok)
                let detail = try response.body.decode(TemplatesAPI.Detail.self)
                #expect(detail.template.author == "ed")
                #expect(detail.template.status == .draft)
                #expect(detail.findings.isEmpty, "\(detail.findings)")
            }
            try await client.execute(uri: "/api/templates/\(Self.id)/submit", method: .post, headers: editor) {
                response in
                #expect(response.status == .ok)
                let view = try response.body.decode(TemplateDesk.View.self)
                #expect(view.status == .submitted)
            }
            try await client.execute(uri: "/api/templates/\(Self.id)/approve", method: .post, headers: editor) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/templates/\(Self.id)", method: .get, headers: editor) { response in
                let detail = try response.body.decode(TemplatesAPI.Detail.self)
                #expect(detail.template.status == .submitted)
            }
            try await client.execute(uri: "/api/templates/\(Self.id)/approve", method: .post, headers: reviewer) {
                response in
                #expect(response.status == .ok)
                let view = try response.body.decode(TemplateDesk.View.self)
                #expect(view.status == .approved)
                #expect(view.approvedBy == "rita")
            }
            try await client.execute(uri: "/api/templates", method: .get, headers: editor) { response in
                let views = try response.body.decode([TemplateDesk.View].self)
                #expect(views.first { $0.id == Self.id }?.status == .approved)
            }
        }
        let log = try fixture.studio.store.auditLog()
        #expect(log.map(\.action) == ["approve", "submit", "edit"])
        #expect(log.map(\.actor) == ["rita", "ed", "ed"])
        #expect(log.allSatisfy { $0.target == "template:\(Self.id)" })
    }

    @Test func aRejectionNeedsAReasonAndIsAudited() async throws {
        let fixture = try await StudioFixture()
        try fixture.copyTemplates()
        let editor = try fixture.bearer("ed")
        let json = StudioFixture.adding(contentType: "application/json", to: try fixture.bearer("rita"))
        try await fixture.app.test(.router) { client in
            try await client.execute(
                uri: "/api/templates/\(Self.id)", method: .put,
                headers: StudioFixture.adding(contentType: "application/json", to: editor),
                body: try Self.json(["text": Self.file(body: Self.cleanBody)])
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/templates/\(Self.id)/submit", method: .post, headers: editor) {
                #expect($0.status == .ok)
            }
            try await client.execute(
                uri: "/api/templates/\(Self.id)/reject", method: .post, headers: json,
                body: try Self.json(["reason": "  "])
            ) { #expect($0.status == .badRequest) }
            try await client.execute(
                uri: "/api/templates/\(Self.id)/reject", method: .post, headers: json,
                body: try Self.json(["reason": "the tense is off"])
            ) { response in
                #expect(response.status == .ok)
                let view = try response.body.decode(TemplateDesk.View.self)
                #expect(view.status == .rejected)
            }
        }
        let last = try #require(try fixture.studio.store.auditLog().first)
        #expect(last.action == "reject")
        #expect(last.actor == "rita")
        #expect(last.detail == "the tense is off")
    }

    /// A retired template leaves production at once (the next job's engine no longer speaks it), the approval log
    /// and the audit log record it, and it cannot be retired twice or without a reason.
    @Test func aRetiredTemplateStopsSpeakingAndIsAudited() async throws {
        let fixture = try await StudioFixture()
        try fixture.copyTemplates()
        #expect(TemplateReloadTests.spoken(Self.id, in: fixture.studio.engine) != nil)
        let browser = try fixture.browser("ed")
        let form = StudioFixture.adding(contentType: "application/x-www-form-urlencoded", to: browser.headers)
        let json = StudioFixture.adding(contentType: "application/json", to: try fixture.bearer("ed"))
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/editor/\(Self.id)", method: .get, headers: browser.headers) {
                #expect(String(buffer: $0.body).contains("action=\"/editor/\(Self.id)/retire\""))
            }
            try await client.execute(
                uri: "/api/templates/\(Self.id)/retire", method: .post, headers: json,
                body: try Self.json(["reason": ""])
            ) { #expect($0.status == .badRequest) }
            try await client.execute(
                uri: "/editor/\(Self.id)/retire", method: .post, headers: form,
                body: ByteBuffer(string: .form([("reason", "the show dropped this segment"), ("csrf", browser.csrf)]))
            ) { #expect($0.status == .seeOther) }
            let detail = try await client.execute(uri: "/api/templates/\(Self.id)", method: .get, headers: json) {
                try $0.body.decode(TemplatesAPI.Detail.self)
            }
            #expect(detail.template.status == .retired)
            try await client.execute(
                uri: "/api/templates/\(Self.id)/retire", method: .post, headers: json,
                body: try Self.json(["reason": "again"])
            ) { #expect($0.status == .conflict) }
        }
        #expect(TemplateReloadTests.spoken(Self.id, in: fixture.studio.engine) == nil)
        let last = try #require(try fixture.studio.store.auditLog().first)
        #expect(last.action == "retire" && last.actor == "ed" && last.detail == "the show dropped this segment")
    }

    @Test func lintFindingsCarryLineAndColumn() async throws {
        let fixture = try await StudioFixture()
        try fixture.copyTemplates()
        let browser = try fixture.browser("ed")
        let json = StudioFixture.adding(contentType: "application/json", to: try fixture.bearer("ed"))
        let body = "Winner of 3 Grammy awards: {{title}}."
        try await fixture.app.test(.router) { client in
            try await client.execute(
                uri: "/api/templates/\(Self.id)", method: .put, headers: json,
                body: try Self.json(["text": Self.file(body: body)])
            ) { response in
                #expect(response.status == .ok)
                let findings = try response.body.decode(TemplatesAPI.Detail.self).findings
                #expect(!findings.isEmpty)
                #expect(findings.contains { $0.line == 10 && $0.column >= 1 }, "\(findings)")
                #expect(findings.allSatisfy { !$0.message.contains(fixture.folder.path) })
            }
            try await client.execute(uri: "/editor/\(Self.id)", method: .get, headers: browser.headers) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<li class=\"finding\">line 10, column "))
            }
            try await client.execute(uri: "/api/templates/\(Self.id)/preview", method: .get, headers: json) {
                response in
                let preview = try response.body.decode(TemplatesAPI.Preview.self)
                #expect(preview.text == "Winner of 3 Grammy awards: Harbour Lights.")
            }
        }
    }
}
