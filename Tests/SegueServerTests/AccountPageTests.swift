import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SegueServer

/// An account's own password and API tokens, through the account page and the API.
@Suite struct AccountPageTests {
    @Test func aPasswordChangeNeedsTheCurrentOneAndSignsOutTheOtherBrowsers() async throws {
        let fixture = try await StudioFixture()
        let here = try fixture.browser("ed"), elsewhere = try fixture.browser("ed")
        let form = StudioFixture.adding(contentType: "application/x-www-form-urlencoded", to: here.headers)
        let newPassword = "a new long password"
        try await fixture.app.test(.router) { client in
            // No CSRF token, then a wrong current password, then a confirmation that differs: nothing changes.
            for (fields, status) in [
                ([("current", StudioFixture.password), ("new", newPassword)], HTTPResponse.Status.forbidden),
                ([("current", "wrong password"), ("new", newPassword), ("csrf", here.csrf)], .unauthorized),
                (
                    [
                        ("current", StudioFixture.password), ("new", newPassword), ("confirm", "other"),
                        ("csrf", here.csrf),
                    ],
                    .badRequest
                ),
                ([("current", StudioFixture.password), ("new", "short"), ("csrf", here.csrf)], .badRequest),
            ] {
                try await client.execute(
                    uri: "/account/password", method: .post, headers: form, body: ByteBuffer(string: .form(fields))
                ) { #expect($0.status == status) }
            }
            try await client.execute(uri: "/api/me", method: .get, headers: elsewhere.headers) {
                #expect($0.status == .ok)
            }
            try await client.execute(
                uri: "/account/password", method: .post, headers: form,
                body: ByteBuffer(
                    string: .form([
                        ("current", StudioFixture.password), ("new", newPassword), ("confirm", newPassword),
                        ("csrf", here.csrf),
                    ]))
            ) { #expect($0.headers[.location] == "/account?changed=1") }
            // This browser stays signed in; the other is signed out.
            try await client.execute(uri: "/account?changed=1", method: .get, headers: here.headers) {
                #expect(String(buffer: $0.body).contains("Your password is changed"))
            }
            try await client.execute(uri: "/api/me", method: .get, headers: elsewhere.headers) {
                #expect($0.status == .unauthorized)
            }
        }
        #expect(throws: StudioError.self) {
            try fixture.studio.signIn.attempt(name: "ed", password: StudioFixture.password, client: "test")
        }
        #expect(try fixture.studio.signIn.attempt(name: "ed", password: newPassword, client: "test").name == "ed")
    }

    @Test func anAccountMakesListsAndRevokesItsOwnTokens() async throws {
        let fixture = try await StudioFixture()
        let ana = try fixture.bearer("ana"), ben = try fixture.bearer("ben")
        try await fixture.app.test(.router) { client in
            let made = try await client.execute(uri: "/api/me/tokens", method: .post, headers: ana) { response in
                #expect(response.status == .created)
                return try response.body.decode(AccountPage.NewToken.self)
            }
            let token: HTTPFields = [.authorization: "Bearer \(made.token)"]
            try await client.execute(uri: "/api/me", method: .get, headers: token) { #expect($0.status == .ok) }
            let listed = try await client.execute(uri: "/api/me/tokens", method: .get, headers: ana) {
                try $0.body.decode([APIToken].self)
            }
            #expect(listed.count == 2 && listed.contains { $0.id == made.id })
            #expect(!listed.contains { made.token.contains($0.id) })
            // Another account cannot revoke it.
            try await client.execute(uri: "/api/me/tokens/\(made.id)", method: .delete, headers: ben) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/api/me/tokens/\(made.id)", method: .delete, headers: ana) {
                #expect($0.status == .noContent)
            }
            try await client.execute(uri: "/api/me", method: .get, headers: token) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/api/me/tokens/zz", method: .delete, headers: ana) {
                #expect($0.status == .notFound)
            }
        }
    }

    @Test func thePageShowsANewTokenOnceAndRevokesIt() async throws {
        let fixture = try await StudioFixture()
        let browser = try fixture.browser("rita")
        let form = StudioFixture.adding(contentType: "application/x-www-form-urlencoded", to: browser.headers)
        try await fixture.app.test(.router) { client in
            let token = try await client.execute(
                uri: "/account/tokens", method: .post, headers: form,
                body: ByteBuffer(string: .form([("csrf", browser.csrf)]))
            ) { response in
                let page = String(buffer: response.body)
                return try #require(page.firstMatch(of: /shown this once: <code>(sgt_[A-Za-z0-9_-]+)<\/code>/)?.1)
            }
            let id = APIToken.id(of: String(token))
            try await client.execute(uri: "/account", method: .get, headers: browser.headers) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("Revoke token \(id)"))
                #expect(!page.contains(String(token)))
            }
            try await client.execute(
                uri: "/account/tokens/\(id)/revoke", method: .post, headers: form,
                body: ByteBuffer(string: .form([("csrf", browser.csrf)]))
            ) { #expect($0.status == .seeOther) }
        }
        #expect(try fixture.studio.store.tokens(of: "rita").isEmpty)
    }
}
