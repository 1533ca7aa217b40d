import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SegueSession
import Testing

@testable import SegueServer

@Suite struct TemplateReloadTests {
    /// The engine's approved version of the template `id`, if it may speak.
    static func spoken(_ id: String, in engine: SegueEngine) -> String? {
        engine.templates.templates.first { $0.id == id && engine.templates.isApproved($0) }?.body
    }

    @Test func anApprovalReachesTheNextJobWithoutARestart() async throws {
        let fixture = try await StudioFixture()
        try fixture.copyTemplates()
        let id = EditorTests.id
        let before = try #require(Self.spoken(id, in: fixture.studio.engine))
        #expect(before != EditorTests.cleanBody)
        let editor = try fixture.bearer("ed")
        let json = StudioFixture.adding(contentType: "application/json", to: editor)
        try await fixture.app.test(.router) { client in
            try await client.execute(
                uri: "/api/templates/\(id)", method: .put, headers: json,
                body: try EditorTests.json(["text": EditorTests.file(body: EditorTests.cleanBody)])
            ) { #expect($0.status == .ok) }
            // A draft is not spoken: the engine still has the approved revision.
            #expect(Self.spoken(id, in: fixture.studio.engine) == before)
            try await client.execute(uri: "/api/templates/\(id)/submit", method: .post, headers: editor) {
                #expect($0.status == .ok)
            }
            try await client.execute(
                uri: "/api/templates/\(id)/approve", method: .post, headers: try fixture.bearer("rita")
            ) { #expect($0.status == .ok) }
        }
        // The library the next job uses has the new approved revision.
        #expect(Self.spoken(id, in: fixture.studio.engine) == EditorTests.cleanBody)
        #expect(Self.spoken(id, in: fixture.studio.maker.engine) == EditorTests.cleanBody)
        // A script made now may speak it: the template is among the candidates its writer is given.
        let script = try await fixture.studio.maker.planAndScript(
            SessionRequest(listener: "ana", minutes: 6, seed: 3), progress: { _, _ in })
        #expect(!script.lines.isEmpty)
        #expect(
            fixture.studio.engine.templates.candidates(kind: .discovery, locale: "en-US", mode: .production)
                .contains { $0.id == id && $0.body == EditorTests.cleanBody })
    }
}
