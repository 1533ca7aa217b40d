import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SegueServer

/// Admins manage accounts on the web: add, change a role, delete; never the last admin; every change audited.
@Suite struct AccountsPageTests {
    @Test func anAdminAddsChangesAndDeletesAnAccountThroughTheAPI() async throws {
        let fixture = try await StudioFixture()
        let admin = StudioFixture.adding(contentType: "application/json", to: try fixture.bearer("ada"))
        try await fixture.app.test(.router) { client in
            try await client.execute(
                uri: "/api/accounts", method: .post, headers: admin,
                body: ByteBuffer(string: #"{"name": "zoe", "role": "listener", "password": "a first password"}"#)
            ) { #expect($0.status == .badRequest) }  // a listener account needs its listener
            try await client.execute(
                uri: "/api/accounts", method: .post, headers: admin,
                body: ByteBuffer(
                    string:
                        #"{"name": "zoe", "role": "listener", "listener": "nobody", "password": "a first password"}"#)
            ) { #expect($0.status == .badRequest) }  // one the studio knows
            try await client.execute(
                uri: "/api/accounts", method: .post, headers: admin,
                body: ByteBuffer(
                    string: #"{"name": "zoe", "role": "listener", "listener": "ben", "password": "a first password"}"#)
            ) { response in
                #expect(response.status == .created)
                let added = try response.body.decode(Me.self)
                #expect(added == Me(name: "zoe", role: .listener, listener: "ben"))
            }
            #expect(
                try fixture.studio.signIn.attempt(name: "zoe", password: "a first password", client: "t").name == "zoe")
            try await client.execute(
                uri: "/api/accounts", method: .post, headers: admin,
                body: ByteBuffer(string: #"{"name": "zoe", "role": "editor", "password": "a first password"}"#)
            ) { #expect($0.status == .conflict) }
            try await client.execute(
                uri: "/api/accounts/zoe", method: .patch, headers: admin,
                body: ByteBuffer(string: #"{"role": "reviewer"}"#)
            ) { response in
                let changed = try response.body.decode(Me.self)
                #expect(changed == Me(name: "zoe", role: .reviewer, listener: nil))
            }
            let token: HTTPFields = [.authorization: "Bearer \(try fixture.studio.store.issueToken(for: "zoe"))"]
            try await client.execute(uri: "/api/accounts/zoe", method: .delete, headers: admin) {
                #expect($0.status == .noContent)
            }
            // Its token went with it.
            try await client.execute(uri: "/api/me", method: .get, headers: token) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/api/accounts/zoe", method: .delete, headers: admin) {
                #expect($0.status == .notFound)
            }
        }
        let log = try fixture.studio.store.auditLog().filter { $0.action == "account" }.map(\.detail)
        #expect(log == ["deleted", "role listener → reviewer", "added as listener for listener ben"])
    }

    @Test func theLastAdminStaysAndOnlyAdminsManageAccounts() async throws {
        let fixture = try await StudioFixture()
        let admin = StudioFixture.adding(contentType: "application/json", to: try fixture.bearer("ada"))
        try await fixture.app.test(.router) { client in
            try await client.execute(
                uri: "/api/accounts/ada", method: .patch, headers: admin,
                body: ByteBuffer(string: #"{"role": "editor"}"#)
            ) { #expect($0.status == .conflict) }
            try await client.execute(uri: "/api/accounts/ada", method: .delete, headers: admin) {
                #expect($0.status == .conflict)
            }
            for name in ["ed", "rita", "ana"] {
                let headers = StudioFixture.adding(contentType: "application/json", to: try fixture.bearer(name))
                try await client.execute(uri: "/api/accounts/ben", method: .delete, headers: headers) {
                    #expect($0.status == .forbidden)
                }
                try await client.execute(uri: "/accounts", method: .get, headers: try fixture.browser(name).headers) {
                    #expect($0.status == .forbidden)
                }
            }
            // With a second admin, the first may step down.
            try await client.execute(
                uri: "/api/accounts/rita", method: .patch, headers: admin,
                body: ByteBuffer(string: #"{"role": "admin"}"#)
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/api/accounts/ada", method: .patch, headers: admin,
                body: ByteBuffer(string: #"{"role": "editor"}"#)
            ) { #expect($0.status == .ok) }
        }
        #expect(try fixture.studio.store.count(role: .admin) == 1)
    }

    @Test func thePageAddsAnAccountWithItsCSRFToken() async throws {
        let fixture = try await StudioFixture()
        let browser = try fixture.browser("ada")
        let form = StudioFixture.adding(contentType: "application/x-www-form-urlencoded", to: browser.headers)
        let fields = [("name", "<b>x</b>"), ("role", "editor"), ("password", "a first password")]
        try await fixture.app.test(.router) { client in
            try await client.execute(
                uri: "/accounts", method: .post, headers: form, body: ByteBuffer(string: .form(fields))
            ) { #expect($0.status == .forbidden) }
            // A name with markup is refused by the name rule.
            try await client.execute(
                uri: "/accounts", method: .post, headers: form,
                body: ByteBuffer(string: .form(fields + [("csrf", browser.csrf)]))
            ) { #expect($0.status == .badRequest) }
            try await client.execute(
                uri: "/accounts", method: .post, headers: form,
                body: ByteBuffer(string: .form([("name", "ned")] + fields.dropFirst() + [("csrf", browser.csrf)]))
            ) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/accounts", method: .get, headers: browser.headers) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<td>ned</td><td>editor</td>"))
                #expect(page.contains("Delete ned"))
            }
        }
    }
}
