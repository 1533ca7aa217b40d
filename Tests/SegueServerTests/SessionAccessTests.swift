import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SegueServer

@Suite struct SessionAccessTests {
    static let audio = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }

    @Test(arguments: [
        "/api/sessions/..%2f..%2fetc%2fpasswd/audio",
        "/api/sessions/%2e%2e%2f%2e%2e%2fetc%2fpasswd/audio",
        "/api/sessions/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd/captions.vtt",
        "/api/sessions/../../etc/passwd",
        "/api/sessions/..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/sessions/%2Fetc%2Fpasswd/audio",
        "/api/sessions//etc/passwd/audio",
        "/api/sessions/etc/passwd/audio",
        "/etc/passwd",
        "//etc/passwd",
        "/api/sessions/..%00/audio",
    ])
    func pathTraversalIs404WithoutAPath(uri: String) async throws {
        let fixture = try await StudioFixture()
        let headers = try fixture.bearer("ada")
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: uri, method: .get, headers: headers) { response in
                #expect(response.status == .notFound)
                let body = String(buffer: response.body)
                #expect(!body.contains("root:"))
                #expect(!body.contains(fixture.folder.path))
            }
        }
    }

    @Test func aListenerNeverSeesAnotherListenersSession() async throws {
        let fixture = try await StudioFixture()
        let bens = try fixture.fakeSession(listener: "ben", audio: Self.audio)
        let anas = try fixture.fakeSession(listener: "ana", audio: Self.audio)
        let ana = try fixture.bearer("ana")
        try await fixture.app.test(.router) { client in
            for suffix in ["", "/audio", "/captions.vtt"] {
                try await client.execute(uri: "/api/sessions/\(bens)\(suffix)", method: .get, headers: ana) {
                    #expect($0.status == .notFound, "\(suffix)")
                }
            }
            try await client.execute(uri: "/api/sessions/\(anas)/audio", method: .get, headers: ana) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/sessions", method: .get, headers: ana) { response in
                let decoded = try response.body.decode([SessionSummary].self)
                #expect(decoded.map(\.id) == [anas])
            }
            try await client.execute(uri: "/api/sessions", method: .get, headers: try fixture.bearer("ed")) {
                response in
                let decoded = try response.body.decode([SessionSummary].self)
                #expect(Set(decoded.map(\.id)) == [anas, bens])
            }
            try await client.execute(uri: "/api/sessions/\(bens)/audio", method: .get, headers: fixture.bearer("rita"))
            {
                #expect($0.status == .ok)
            }
            // The page does not show it either.
            try await client.execute(
                uri: "/?session=\(bens)", method: .get, headers: try fixture.browser("ana").headers
            ) { response in
                #expect(response.status == .ok)
                #expect(!String(buffer: response.body).contains(bens))
            }
        }
    }

    @Test func audioIsServedWholeWithItsTypeAndAcceptRanges() async throws {
        let fixture = try await StudioFixture()
        let id = try fixture.fakeSession(listener: "ana", audio: Self.audio)
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/api/sessions/\(id)/audio", method: .get, headers: try fixture.bearer("ana"))
            { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "audio/wav")
                #expect(response.headers[.acceptRanges] == "bytes")
                #expect(Array(response.body.readableBytesView) == Self.audio)
            }
            try await client.execute(
                uri: "/api/sessions/\(id)/captions.vtt", method: .get, headers: try fixture.bearer("ana")
            ) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/vtt") == true)
                #expect(String(buffer: response.body).hasPrefix("WEBVTT"))
            }
        }
    }

    @Test(arguments: [("bytes=0-99", 0...99), ("bytes=900-", 900...999), ("bytes=-10", 990...999)])
    func aRangeIs206WithItsBytes(range: String, expected: ClosedRange<Int>) async throws {
        let fixture = try await StudioFixture()
        let id = try fixture.fakeSession(listener: "ana", audio: Self.audio)
        var headers = try fixture.bearer("ana")
        headers[.range] = range
        let request = headers
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/api/sessions/\(id)/audio", method: .get, headers: request) { response in
                #expect(response.status == .partialContent)
                #expect(response.headers[.contentRange] == "bytes \(expected.lowerBound)-\(expected.upperBound)/1000")
                #expect(response.headers[.contentType] == "audio/wav")
                #expect(Array(response.body.readableBytesView) == Array(Self.audio[expected]))
            }
        }
    }

    @Test(arguments: ["bytes=1000-", "bytes=2000-3000"])
    func aRangeBeyondTheEndIs416(range: String) async throws {
        let fixture = try await StudioFixture()
        let id = try fixture.fakeSession(listener: "ana", audio: Self.audio)
        var headers = try fixture.bearer("ana")
        headers[.range] = range
        let request = headers
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/api/sessions/\(id)/audio", method: .get, headers: request) { response in
                #expect(response.status == .rangeNotSatisfiable)
                #expect(response.headers[.contentRange] == "bytes */1000")
            }
        }
    }

    @Test func aBrokenSessionIs500WithoutAPathOrTrace() async throws {
        let fixture = try await StudioFixture()
        // A session whose script.json is missing: its detail cannot be read.
        let id = try fixture.fakeSession(listener: "ana", audio: Self.audio)
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/api/sessions/\(id)", method: .get, headers: try fixture.bearer("ana")) {
                response in
                #expect(response.status == .internalServerError)
                let body = String(buffer: response.body)
                #expect(!body.contains("/"))
                #expect(!body.contains("Error("))
            }
        }
    }

    @Test func theOpenAPIDocumentDescribesEveryAPIRoute() async throws {
        let fixture = try await StudioFixture()
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let document = try #require(
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                #expect((document["openapi"] as? String)?.hasPrefix("3.0") == true)
                let paths = try #require(document["paths"] as? [String: [String: Any]])
                let api = fixture.routes.routes.filter { $0.contains(" /api/") || $0.hasSuffix(" /openapi.json") }
                #expect(api.count >= 11)
                for route in api {
                    let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
                    #expect(paths[parts[1]]?[parts[0].lowercased()] != nil, "\(route) is not in openapi.json")
                }
            }
        }
    }

    @Test func theLineupEndpointGivesPicksWithReasons() async throws {
        let fixture = try await StudioFixture()
        try await fixture.app.test(.router) { client in
            try await client.execute(
                uri: "/api/listeners/ana/lineup?minutes=4&discovery=0.5&arc=warmup&seed=3", method: .get,
                headers: try fixture.bearer("ana")
            ) { response in
                #expect(response.status == .ok)
                let lineup = try response.body.decode(LineupView.self)
                #expect(lineup.listener == "ana")
                #expect(lineup.seed == 3)
                #expect(lineup.picks.count >= 3)
                #expect(lineup.picks.allSatisfy { !$0.reasons.isEmpty })
            }
            try await client.execute(
                uri: "/api/listeners/nobody/lineup", method: .get, headers: try fixture.bearer("ed")
            ) { #expect($0.status == .notFound) }
            try await client.execute(
                uri: "/api/listeners/ana/lineup?minutes=9999", method: .get, headers: try fixture.bearer("ed")
            ) { #expect($0.status == .badRequest) }
        }
    }
}
