import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SegueServer

/// The real server: `buildApplication` on a port, its job queue running as a service beside it.
@Suite struct LiveServerTests {
    @Test func theServerAnswersAndItsShutdownStopsTheJobQueue() async throws {
        let fixture = try await StudioFixture()
        let app = buildApplication(fixture.studio, port: 0)
        let headers = try fixture.bearer("ed")
        try await app.test(.live) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/me", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
                let me = try response.body.decode(Me.self)
                #expect(me.name == "ed")
            }
            try await client.execute(uri: "/assets/studio.js", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/javascript") == true)
                #expect(String(buffer: response.body).contains("cuechange"))
            }
        }
        // The test framework shut the application down gracefully: the queue takes no more jobs.
        await #expect(throws: StudioError.self) {
            _ = try await fixture.studio.jobs.submit(SessionRequest(listener: "ana", minutes: 1), owner: "ed")
        }
    }
}
