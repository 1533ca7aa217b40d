import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SegueServer

@Suite struct AuthTests {
    /// Every API route with its parameters filled: an unknown session or job id, the sample listener ana.
    static func concrete(_ route: String) -> (HTTPRequest.Method, String) {
        let parts = route.split(separator: " ", maxSplits: 1)
        let path = String(parts[1])
            .replacingOccurrences(of: "/listeners/{id}", with: "/listeners/ana")
            .replacingOccurrences(of: "{id}", with: UUID().uuidString.lowercased())
        return (HTTPRequest.Method(String(parts[0])) ?? .get, path)
    }

    @Test func everyAPIRouteAnswers401WithoutSigningIn() async throws {
        let fixture = try await StudioFixture()
        let app = fixture.app
        try await app.test(.router) { client in
            let api = fixture.routes.routes.filter { $0.contains(" /api/") }
            #expect(api.count >= 10)
            for route in api {
                let (method, path) = Self.concrete(route)
                try await client.execute(uri: path, method: method, body: ByteBuffer(string: "{}")) { response in
                    #expect(response.status == .unauthorized, "\(route)")
                    #expect(response.headers[.contentType]?.hasPrefix("application/json") == true, "\(route)")
                }
            }
        }
    }

    @Test func aBadTokenIs401AndAPageSendsABrowserToSignIn() async throws {
        let fixture = try await StudioFixture()
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/api/me", method: .get, headers: [.authorization: "Bearer sgt_nope"]) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/signin")
            }
            try await client.execute(uri: "/signin", method: .get) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("<label for=\"name\">") && page.contains("<label for=\"password\">"))
            }
        }
    }

    @Test(arguments: [(Role.listener, false), (.editor, false), (.reviewer, false), (.admin, true)])
    func onlyAdminsListAccounts(role: Role, allowed: Bool) async throws {
        let fixture = try await StudioFixture()
        let headers = try fixture.bearer(StudioFixture.names[role] ?? "")
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/api/accounts", method: .get, headers: headers) { response in
                #expect(response.status == (allowed ? .ok : .forbidden))
                if allowed {
                    let accounts = try response.body.decode([Me].self)
                    #expect(accounts.map(\.name) == ["ada", "ana", "ben", "ed", "rita"])
                }
            }
        }
    }

    @Test(arguments: [(Role.listener, HTTPResponse.Status.forbidden), (.editor, .ok), (.reviewer, .ok), (.admin, .ok)])
    func onlyStaffUseAnotherListener(role: Role, status: HTTPResponse.Status) async throws {
        let fixture = try await StudioFixture()
        let headers = try fixture.bearer(StudioFixture.names[role] ?? "")
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/api/listeners/ben/lineup?minutes=3", method: .get, headers: headers) {
                #expect($0.status == status)
            }
            // Asking to render for another listener: refused before anything is queued.
            try await client.execute(
                uri: "/api/sessions", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"listener": "ben", "minutes": 0}"#)
            ) { response in
                // Staff pass the role check and meet the length check (400); a listener account gets 403.
                #expect(response.status == (status == .ok ? .badRequest : .forbidden))
            }
        }
    }

    @Test func aListenerAccountSeesItsOwnListenerOnly() async throws {
        let fixture = try await StudioFixture()
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/api/listeners", method: .get, headers: try fixture.bearer("ana")) {
                response in
                let decoded = try response.body.decode([String].self)
                #expect(decoded == ["ana"])
            }
            try await client.execute(uri: "/api/listeners", method: .get, headers: try fixture.bearer("ed")) {
                response in
                let decoded = try response.body.decode([String].self)
                #expect(decoded == ["ana", "ben", "cleo", "lucia"])
            }
            try await client.execute(uri: "/api/me", method: .get, headers: try fixture.bearer("ana")) { response in
                let decoded = try response.body.decode(Me.self)
                #expect(decoded == Me(name: "ana", role: .listener, listener: "ana"))
            }
        }
    }

    @Test func signingInSetsAStrictHttpOnlyCookieThatOpensThePage() async throws {
        let fixture = try await StudioFixture()
        try await fixture.app.test(.router) { client in
            let form = try await StudioFixture.signIn(client, name: "ana")
            let cookie = try await client.execute(
                uri: "/signin", method: .post, headers: form.headers, body: form.body
            ) { response in
                #expect(response.status == .seeOther)
                let setCookie = try #require(response.headers[.setCookie])
                #expect(setCookie.contains("HttpOnly"))
                #expect(setCookie.contains("SameSite=Strict"))
                #expect(!setCookie.contains("Secure"))
                return String(setCookie.split(separator: ";")[0])
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("name=\"csrf\""))
                #expect(page.contains("<label for=\"minutes\">"))
                #expect(page.contains("<label for=\"discovery\">"))
                #expect(page.contains("<label for=\"arc\">"))
                // A listener account does not pick a listener.
                #expect(!page.contains("<select id=\"listener\""))
            }
        }
    }

    @Test func aSignInWithoutTheFormsTokenIs403() async throws {
        let fixture = try await StudioFixture()
        try await fixture.app.test(.router) { client in
            let form = try await StudioFixture.signIn(client, name: "ana")
            let token = try #require(String(buffer: form.body).split(separator: "&").last)
            let plain = String.form([("name", "ana"), ("password", StudioFixture.password)])
            // No token, no cookie, a cookie without its token, a token without its cookie, another token.
            let attempts: [(HTTPFields, String)] = [
                ([.contentType: "application/x-www-form-urlencoded"], plain),
                (form.headers, plain),
                ([.contentType: "application/x-www-form-urlencoded"], plain + "&" + token),
                (form.headers, plain + "&csrf=9999999999.forged"),
            ]
            for (headers, body) in attempts {
                try await client.execute(
                    uri: "/signin", method: .post, headers: headers, body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .forbidden)
                    #expect(!response.headers[values: .setCookie].contains { $0.hasPrefix("segue_session=") })
                }
            }
            // An expired form is refused even with its own cookie.
            let expired = "1.\(UUID().uuidString)"
            try await client.execute(
                uri: "/signin", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "segue_presession=\(expired)"],
                body: ByteBuffer(string: plain + "&csrf=" + expired)
            ) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/signin", method: .post, headers: form.headers, body: form.body) {
                #expect($0.status == .seeOther)
            }
        }
    }

    @Test func behindTLSTheCookieIsSecure() async throws {
        let fixture = try await StudioFixture(secureCookies: true)
        try await fixture.app.test(.router) { client in
            let form = try await StudioFixture.signIn(client, name: "ed")
            try await client.execute(uri: "/signin", method: .post, headers: form.headers, body: form.body) {
                response in
                #expect(response.headers[.setCookie]?.contains("Secure") == true)
            }
        }
    }

    @Test func sixthFailedSignInIs429EvenWithTheRightPassword() async throws {
        let fixture = try await StudioFixture()
        try await fixture.app.test(.router) { client in
            for _ in 0..<5 {
                let form = try await StudioFixture.signIn(client, name: "ana", password: "wrong-password")
                try await client.execute(uri: "/signin", method: .post, headers: form.headers, body: form.body) {
                    #expect($0.status == .unauthorized)
                }
            }
            let form = try await StudioFixture.signIn(client, name: "ana")
            try await client.execute(uri: "/signin", method: .post, headers: form.headers, body: form.body) {
                response in
                #expect(response.status == .tooManyRequests)
                #expect(!response.headers[values: .setCookie].contains { $0.hasPrefix("segue_session=") })
                #expect(response.headers[.retryAfter] != nil)
            }
            // Another name from the same client is locked out too (the per-client limit).
            let other = try await StudioFixture.signIn(client, name: "ed")
            try await client.execute(uri: "/signin", method: .post, headers: other.headers, body: other.body) {
                #expect($0.status == .tooManyRequests)
            }
        }
    }

    @Test func formPostsWithoutTheRightCSRFTokenAre403() async throws {
        let fixture = try await StudioFixture()
        let browser = try fixture.browser("ed")
        try await fixture.app.test(.router) { client in
            for body in ["", "csrf=wrong", "csrf=\(browser.csrf)x"] {
                try await client.execute(
                    uri: "/signout", method: .post, headers: browser.headers, body: ByteBuffer(string: body)
                ) { #expect($0.status == .forbidden, "\(body)") }
            }
            // The JSON API from a browser session needs the token too, as a header.
            try await client.execute(
                uri: "/api/sessions", method: .post, headers: browser.headers,
                body: ByteBuffer(string: #"{"listener": "ana", "minutes": 0}"#)
            ) { #expect($0.status == .forbidden) }
            var withHeader = browser.headers
            withHeader[.csrfToken] = browser.csrf
            try await client.execute(
                uri: "/api/sessions", method: .post, headers: withHeader,
                body: ByteBuffer(string: #"{"listener": "ana", "minutes": 0}"#)
            ) { #expect($0.status == .badRequest) }
            // A bearer token needs none.
            try await client.execute(
                uri: "/api/sessions", method: .post, headers: try fixture.bearer("ed"),
                body: ByteBuffer(string: #"{"listener": "ana", "minutes": 0}"#)
            ) { #expect($0.status == .badRequest) }
            try await client.execute(
                uri: "/signout", method: .post, headers: browser.headers,
                body: ByteBuffer(string: "csrf=\(browser.csrf)")
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/signin")
            }
            // Signed out: the cookie opens nothing any more.
            try await client.execute(uri: "/api/me", method: .get, headers: browser.headers) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    @Test func aBodyOverTheLimitIs413() async throws {
        let fixture = try await StudioFixture()
        try await fixture.app.test(.router) { client in
            let big = ByteBuffer(string: "{\"listener\": \"" + String(repeating: "a", count: 100_000) + "\"}")
            try await client.execute(
                uri: "/api/sessions", method: .post, headers: try fixture.bearer("ed"), body: big
            ) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }
}
