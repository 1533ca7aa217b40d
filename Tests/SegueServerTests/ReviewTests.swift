import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SegueServer

@Suite struct ReviewTests {
    @Test func editorsAndListenersAreRefusedAndSignedOutIs401() async throws {
        let fixture = try await StudioFixture()
        let session = try await fixture.scriptedSession()
        let editor = try fixture.bearer("ed")
        let listener = try fixture.bearer("ana")
        let browser = try fixture.browser("ed")
        try await fixture.app.test(.router) { client in
            for uri in ["/api/review/sessions/\(session.id)", "/api/flags", "/api/audit"] {
                for headers in [editor, listener] {
                    try await client.execute(uri: uri, method: .get, headers: headers) {
                        #expect($0.status == .forbidden, "\(uri)")
                    }
                }
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .unauthorized, "\(uri)") }
            }
            for uri in ["/review", "/review/\(session.id)", "/flags", "/audit"] {
                try await client.execute(uri: uri, method: .get, headers: browser.headers) {
                    #expect($0.status == .forbidden, "\(uri)")
                }
            }
            let json = StudioFixture.adding(contentType: "application/json", to: editor)
            try await client.execute(
                uri: "/api/review/sessions/\(session.id)/flags", method: .post, headers: json,
                body: ByteBuffer(string: #"{"line": "x", "reason": "unsafe"}"#)
            ) { #expect($0.status == .forbidden) }
        }
        #expect(try fixture.studio.store.flags().isEmpty)
    }

    @Test func theScriptShowsFindingsAndFacts() async throws {
        let fixture = try await StudioFixture()
        let session = try await fixture.scriptedSession()
        let line = try #require(session.document.lines.first { !$0.line.slots.isEmpty })
        let reviewer = try fixture.bearer("rita")
        let browser = try fixture.browser("rita")
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/api/review/sessions/\(session.id)", method: .get, headers: reviewer) {
                response in
                #expect(response.status == .ok)
                let review = try response.body.decode(ScriptReview.self)
                #expect(review.lines.map(\.id) == session.document.lines.map(\.line.id))
                let shown = try #require(review.lines.first { $0.id == line.line.id })
                #expect(shown.facts.map(\.source) == line.line.slots.map(\.source))
                #expect(shown.verdict == line.line.safety.verdict.rawValue)
            }
            try await client.execute(uri: "/review/\(session.id)", method: .get, headers: browser.headers) {
                response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains(HTML.escape(line.line.slots[0].source)))
                #expect(page.contains("name=\"csrf\" value=\"\(browser.csrf)\""))
                #expect(page.contains("<option value=\"mispronounced\">"))
            }
        }
    }

    @Test func aFlagNeedsTheCSRFTokenThenAppearsInTheFlaggedListAndTheAuditLog() async throws {
        let fixture = try await StudioFixture()
        let session = try await fixture.scriptedSession()
        let line = try #require(session.document.lines.first).line.id
        let browser = try fixture.browser("rita")
        let headers = StudioFixture.adding(contentType: "application/x-www-form-urlencoded", to: browser.headers)
        let note = "<script>alert(1)</script> says the year wrong"
        let form = String.form([("line", line), ("reason", "untrue"), ("note", note)])
        try await fixture.app.test(.router) { client in
            try await client.execute(
                uri: "/review/\(session.id)/flags", method: .post, headers: headers, body: ByteBuffer(string: form)
            ) { #expect($0.status == .forbidden) }
            #expect(try fixture.studio.store.flags().isEmpty)
            try await client.execute(
                uri: "/review/\(session.id)/flags", method: .post, headers: headers,
                body: ByteBuffer(string: form + "&" + .form([("csrf", browser.csrf)]))
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/review/\(session.id)")
            }
            try await client.execute(uri: "/api/flags", method: .get, headers: browser.headers) { response in
                #expect(response.status == .ok)
                let flags = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                let first = try #require((flags as? [[String: Any]])?.first)
                #expect(first["line"] as? String == line)
                #expect(first["reason"] as? String == "untrue")
                #expect(first["by"] as? String == "rita")
                #expect(first["session"] as? String == session.id)
            }
            try await client.execute(uri: "/flags", method: .get, headers: browser.headers) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; says the year wrong"))
                #expect(!page.contains("<script>alert(1)"))
            }
            try await client.execute(uri: "/audit", method: .get, headers: browser.headers) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("<td>rita</td><td>flag</td><td>session:\(session.id)/\(HTML.escape(line))</td>"))
            }
            // An unknown line is not flagged.
            try await client.execute(
                uri: "/review/\(session.id)/flags", method: .post, headers: headers,
                body: ByteBuffer(
                    string: .form([("line", "no-such-line"), ("reason", "other"), ("csrf", browser.csrf)]))
            ) { #expect($0.status == .notFound) }
        }
        let log = try fixture.studio.store.auditLog()
        #expect(log.count == 1)
        #expect(log.first?.actor == "rita")
        #expect(log.first?.action == "flag")
        #expect(log.first?.detail == "untrue: \(note)")
        #expect(try fixture.studio.store.flags(session: session.id).count == 1)
    }

    /// A flag on a rendered session's line is resolved through the page's form (with its CSRF token) or the API; the
    /// audit log records who resolved it; a line with no open flag answers 404.
    @Test func aFlagOnASessionIsResolvedThroughThePageAndTheAPI() async throws {
        let fixture = try await StudioFixture()
        let session = try await fixture.scriptedSession()
        let lines = session.document.lines.map(\.line.id)
        let browser = try fixture.browser("rita")
        let form = StudioFixture.adding(contentType: "application/x-www-form-urlencoded", to: browser.headers)
        let json = StudioFixture.adding(contentType: "application/json", to: try fixture.bearer("rita"))
        try await fixture.app.test(.router) { client in
            for line in lines.prefix(2) {
                try await client.execute(
                    uri: "/api/review/sessions/\(session.id)/flags", method: .post, headers: json,
                    body: ByteBuffer(string: #"{"line": "\#(line)", "reason": "untrue"}"#)
                ) { #expect($0.status == .created) }
            }
            try await client.execute(uri: "/review/\(session.id)", method: .get, headers: browser.headers) {
                #expect(String(buffer: $0.body).contains("Resolve the flags on \(lines[0])"))
            }
            try await client.execute(
                uri: "/review/\(session.id)/resolve", method: .post, headers: form,
                body: ByteBuffer(string: .form([("line", lines[0])]))
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/review/\(session.id)/resolve", method: .post, headers: form,
                body: ByteBuffer(string: .form([("line", lines[0]), ("csrf", browser.csrf)]))
            ) { #expect($0.status == .seeOther) }
            let review = try await client.execute(
                uri: "/api/review/sessions/\(session.id)/flags/resolve", method: .post, headers: json,
                body: ByteBuffer(string: #"{"line": "\#(lines[1])"}"#)
            ) { try $0.body.decode(ScriptReview.self) }
            #expect(review.lines.flatMap(\.flags).allSatisfy { $0.resolvedBy == "rita" })
            try await client.execute(
                uri: "/api/review/sessions/\(session.id)/flags/resolve", method: .post, headers: json,
                body: ByteBuffer(string: #"{"line": "\#(lines[1])"}"#)
            ) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/review/\(session.id)", method: .get, headers: browser.headers) {
                #expect(!String(buffer: $0.body).contains("Resolve the flags on"))
            }
        }
        let resolved = try fixture.studio.store.auditLog().filter { $0.action == "resolve" }.map(\.target)
        #expect(Set(resolved) == Set(lines.prefix(2).map { "session:\(session.id)/\($0)" }))
    }
}
