import Foundation
import HTTPTypes
import SegueCore
import SegueFiles
import SegueSession
import SegueTestSupport

@testable import SegueServer

extension StudioFixture {
    /// `headers` with a `Content-Type`.
    static func adding(contentType: String, to headers: HTTPFields) -> HTTPFields {
        var headers = headers
        headers[.contentType] = contentType
        return headers
    }

    /// Copies the shipped templates and their approval log into the studio's own template folder, so that tests
    /// may edit and approve them.
    func copyTemplates() throws {
        try FileManager.default.copyItem(at: Fixtures.prompts, to: studio.templatesFolder)
    }

    /// A session planned and scripted (not rendered) for `listener`, registered with its `script.json`.
    func scriptedSession(listener: String = "ana") async throws -> (id: String, document: SessionDocument) {
        let engine = studio.engine
        let plan = try engine.plan(
            for: try studio.listeners.listener(id: listener),
            options: SessionOptions(lineup: LineupOptions(minutes: 6, seed: 3)))
        let document = try engine.review(try await engine.script(plan))
        let id = UUID().uuidString.lowercased()
        let sessionFolder = folder.appendingPathComponent("sessions/\(id)")
        try FileManager.default.createDirectory(at: sessionFolder, withIntermediateDirectories: true)
        try JSONFile.encode(document).write(to: sessionFolder.appendingPathComponent("script.json"))
        try studio.store.addSession(
            StoredSession(
                id: id, owner: listener, created: Date(),
                request: SessionRequest(listener: listener, minutes: 6, seed: 3)))
        return (id, document)
    }
}
