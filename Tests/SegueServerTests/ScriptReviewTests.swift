import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SegueSession
import Testing

@testable import SegueServer

/// Review before render: a script job plans and scripts only; a reviewer approves the stored script; only then is
/// it voiced and mixed, as it was approved.
@Suite(.serialized) struct ScriptReviewTests {
    /// A script made for review directly through the maker (plan and script stages only: quick).
    static func pendingScript(_ fixture: StudioFixture) async throws -> PendingScript {
        try await fixture.studio.maker.makeScript(
            id: UUID().uuidString.lowercased(), request: SessionRequest(listener: "ana", minutes: 1, seed: 5),
            owner: "rita", progress: { _, _ in })
    }

    @Test func anApprovedScriptIsRenderedAsApprovedAndNeverBefore() async throws {
        let fixture = try await StudioFixture()
        let rita = StudioFixture.adding(contentType: "application/json", to: try fixture.bearer("rita"))
        try await fixture.app.test(.router) { client in
            let job = try await client.execute(
                uri: "/api/scripts", method: .post, headers: rita,
                body: ByteBuffer(string: #"{"listener": "ana", "minutes": 1, "seed": 5}"#)
            ) { response in
                #expect(response.status == .accepted)
                return try response.body.decode(JobStatus.self)
            }
            #expect(job.kind == .script)
            let scripted = try await SessionJobTests.finished(job.id, client: client, headers: rita)
            #expect(scripted.stage == .done, "\(scripted.message ?? "")")
            #expect(scripted.session == nil)
            let id = try #require(scripted.script)

            let detail = try await client.execute(uri: "/api/scripts/\(id)", method: .get, headers: rita) {
                #expect($0.status == .ok)
                return try $0.body.decode(ScriptDetail.self)
            }
            #expect(detail.script.status == .pending)
            let stored = try fixture.studio.maker.storedScript(id)
            #expect(detail.review.lines.map(\.id) == stored.lines.map(\.id))
            let line = try #require(stored.lines.first { $0.isSpoken })

            // Not approved: no render, and nothing queued.
            try await client.execute(uri: "/api/scripts/\(id)/render", method: .post, headers: rita) {
                #expect($0.status == .conflict)
            }
            // Listeners and editors cannot approve.
            for name in ["ana", "ed"] {
                try await client.execute(
                    uri: "/api/scripts/\(id)/approve", method: .post, headers: try fixture.bearer(name)
                ) { #expect($0.status == .forbidden, "\(name)") }
            }
            // An open flag blocks approval until it is resolved.
            try await client.execute(
                uri: "/api/scripts/\(id)/flags", method: .post, headers: rita,
                body: ByteBuffer(string: #"{"line": "\#(line.id)", "reason": "untrue", "note": "check"}"#)
            ) { #expect($0.status == .created) }
            try await client.execute(uri: "/api/scripts/\(id)/approve", method: .post, headers: rita) {
                #expect($0.status == .conflict)
            }
            try await client.execute(
                uri: "/api/scripts/\(id)/flags/resolve", method: .post, headers: rita,
                body: ByteBuffer(string: #"{"line": "\#(line.id)"}"#)
            ) { response in
                #expect(response.status == .ok)
                let resolved = try response.body.decode(ScriptDetail.self)
                #expect(resolved.openFlags == 0)
            }
            let approved = try await client.execute(uri: "/api/scripts/\(id)/approve", method: .post, headers: rita) {
                #expect($0.status == .ok)
                return try $0.body.decode(PendingScript.self)
            }
            #expect(approved.status == .approved && approved.approvedBy == "rita")
            let audit = try fixture.studio.store.auditLog()
            #expect(audit.contains { $0.actor == "rita" && $0.action == "approve" && $0.target == "script:\(id)" })

            let render = try await client.execute(uri: "/api/scripts/\(id)/render", method: .post, headers: rita) {
                #expect($0.status == .accepted)
                return try $0.body.decode(JobStatus.self)
            }
            #expect(render.kind == .render && render.script == id)
            let done = try await SessionJobTests.finished(render.id, client: client, headers: rita)
            #expect(done.stage == .done, "\(done.message ?? "")")
            let sessionID = try #require(done.session)
            let session = try #require(try fixture.studio.store.session(id: sessionID))
            let document = try fixture.studio.document(of: session)
            // Spoken from the approved script, not a new one.
            #expect(document.lines.map(\.line.id) == stored.lines.map(\.id))
            #expect(document.lines.map(\.line.text) == stored.lines.map(\.text))
            try await client.execute(uri: "/api/sessions/\(sessionID)/audio", method: .get, headers: rita) {
                #expect($0.status == .ok)
                #expect(String(decoding: $0.body.readableBytesView.prefix(4), as: UTF8.self) == "RIFF")
            }
            #expect(try fixture.studio.store.script(id: id)?.status == .rendered)
            // Rendered once only.
            try await client.execute(uri: "/api/scripts/\(id)/render", method: .post, headers: rita) {
                #expect($0.status == .conflict)
            }
        }
    }

    @Test func aScriptChangedAfterApprovalIsNotRendered() async throws {
        let fixture = try await StudioFixture()
        let script = try await Self.pendingScript(fixture)
        let data = try fixture.studio.maker.scriptData(script.id)
        try fixture.studio.store.approveScript(id: script.id, digest: StudioStore.digest(data: data), by: "rita")
        var changed = data
        changed.append(contentsOf: Array(" ".utf8))
        try changed.write(to: fixture.studio.maker.scriptFolder(script.id).appendingPathComponent("script.json"))
        let maker = fixture.studio.maker
        do {
            _ = try await maker.renderApproved(
                scriptID: script.id, id: UUID().uuidString.lowercased(), owner: "rita", progress: { _, _ in })
            Issue.record("a script changed after approval was rendered")
        } catch let error as SegueServer.StudioError {
            #expect(error.code == .conflict)
        }
    }

    @Test func thePageShowsTheScriptAndItsFormsNeedTheCSRFToken() async throws {
        let fixture = try await StudioFixture()
        let script = try await Self.pendingScript(fixture)
        let browser = try fixture.browser("rita")
        let form = StudioFixture.adding(contentType: "application/x-www-form-urlencoded", to: browser.headers)
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/scripts/\(script.id)", method: .get, headers: browser.headers) {
                response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("action=\"/scripts/\(script.id)/approve\""))
                #expect(page.contains("name=\"csrf\" value=\"\(browser.csrf)\""))
                #expect(!page.contains("/render\""))
            }
            try await client.execute(
                uri: "/scripts/\(script.id)/approve", method: .post, headers: form, body: ByteBuffer(string: "")
            ) { #expect($0.status == .forbidden) }
            #expect(try fixture.studio.store.script(id: script.id)?.status == .pending)
            try await client.execute(
                uri: "/scripts/\(script.id)/approve", method: .post, headers: form,
                body: ByteBuffer(string: .form([("csrf", browser.csrf)]))
            ) { #expect($0.status == .seeOther) }
            #expect(try fixture.studio.store.script(id: script.id)?.approvedBy == "rita")
            try await client.execute(uri: "/scripts/\(script.id)", method: .get, headers: browser.headers) {
                #expect(String(buffer: $0.body).contains("action=\"/scripts/\(script.id)/render\""))
            }
            // Editors do not see the page.
            try await client.execute(
                uri: "/scripts/\(script.id)", method: .get, headers: try fixture.browser("ed").headers
            ) { #expect($0.status == .forbidden) }
        }
    }

    @Test func flagsAreRaisedAndResolvedThroughThePage() async throws {
        let fixture = try await StudioFixture()
        let script = try await Self.pendingScript(fixture)
        let line = try #require(try fixture.studio.maker.storedScript(script.id).lines.first)
        let browser = try fixture.browser("rita")
        let form = StudioFixture.adding(contentType: "application/x-www-form-urlencoded", to: browser.headers)
        try await fixture.app.test(.router) { client in
            try await client.execute(
                uri: "/scripts/\(script.id)/flags", method: .post, headers: form,
                body: ByteBuffer(
                    string: .form([
                        ("csrf", browser.csrf), ("line", line.id), ("reason", "mispronounced"), ("note", "say it"),
                    ]))
            ) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/scripts/\(script.id)", method: .get, headers: browser.headers) {
                let page = String(buffer: $0.body)
                #expect(page.contains("1 open flags"))
                #expect(page.contains("action=\"/scripts/\(script.id)/resolve\""))
                #expect(!page.contains("action=\"/scripts/\(script.id)/approve\""))
            }
            try await client.execute(uri: "/flags", method: .get, headers: browser.headers) {
                #expect(String(buffer: $0.body).contains("href=\"/scripts/\(script.id)#line-"))
            }
            try await client.execute(
                uri: "/scripts/\(script.id)/resolve", method: .post, headers: form,
                body: ByteBuffer(string: .form([("csrf", browser.csrf), ("line", line.id)]))
            ) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/scripts/\(script.id)", method: .get, headers: browser.headers) {
                let page = String(buffer: $0.body)
                #expect(page.contains("resolved by rita"))
                #expect(page.contains("action=\"/scripts/\(script.id)/approve\""))
            }
        }
        let actions = try fixture.studio.store.auditLog().map(\.action)
        #expect(actions == ["resolve", "flag"])
    }
}
