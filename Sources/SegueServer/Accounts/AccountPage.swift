import Foundation
import Hummingbird

/// `/account` and `/api/me/...`: any signed-in account changes its own password (the current one is checked under
/// the sign-in attempt limit; every other browser session is signed out) and makes, lists and revokes its own API
/// tokens.
struct AccountPage: Sendable {
    let studio: Studio

    /// The body of `PUT /api/me/password` and the password form.
    struct PasswordChange: Codable {
        var current: String?
        var new: String?
        var confirm: String?
    }

    /// The answer of `POST /api/me/tokens`: the token, shown this once.
    struct NewToken: Codable, ResponseEncodable {
        var token: String
        var id: String
    }

    func addRoutes(to router: some RouterMethods<StudioContext>) {
        router.get("account") { request, context in
            let account = try context.requireAccount()
            let changed = request.uri.queryParameters.get("changed") != nil
            return HTML.response(try page(account: account, csrf: context.csrf, changed: changed))
        }
        router.post("account/password") { request, context in
            let form = try await request.decodeForm(as: PasswordChange.self, context: context)
            try changePassword(form, context: context)
            return Response(status: .seeOther, headers: [.location: "/account?changed=1"])
        }
        router.post("account/tokens") { _, context in
            let account = try context.requireAccount()
            let token = try studio.store.issueToken(for: account.name)
            return HTML.response(try page(account: account, csrf: context.csrf, newToken: token))
        }
        router.post("account/tokens/:id/revoke") { _, context in
            let account = try context.requireAccount()
            try studio.store.revokeToken(context.parameters.require("id"), of: account.name)
            return Response(status: .seeOther, headers: [.location: "/account"])
        }
        let api = router.group("api/me")
        api.put("password") { request, context -> Response in
            try changePassword(try await request.decode(as: PasswordChange.self, context: context), context: context)
            return Response(status: .noContent)
        }
        api.get("tokens") { _, context -> [APIToken] in
            try studio.store.tokens(of: context.requireAccount().name)
        }
        api.post("tokens") { request, context -> Response in
            let account = try context.requireAccount()
            let token = try studio.store.issueToken(for: account.name)
            return try EditedResponse(status: .created, response: NewToken(token: token, id: APIToken.id(of: token)))
                .response(from: request, context: context)
        }
        api.delete("tokens/:id") { _, context -> Response in
            try studio.store.revokeToken(context.parameters.require("id"), of: context.requireAccount().name)
            return Response(status: .noContent)
        }
    }

    /// Checks the current password (counted as a sign-in attempt) and sets the new one.
    /// - Throws: 400 when the new password is short or the confirmation differs, 401 for a wrong current password,
    ///   429 past the attempt limit.
    func changePassword(_ change: PasswordChange, context: StudioContext) throws {
        let account = try context.requireAccount()
        guard let current = change.current, let new = change.new else {
            throw StudioError(.badRequest, message: "give the current password and the new one")
        }
        if let confirm = change.confirm, confirm != new {
            throw StudioError(.badRequest, message: "the new password and its confirmation differ")
        }
        _ = try studio.signIn.attempt(name: account.name, password: current, client: context.client)
        try studio.store.setPassword(
            of: account.name, to: new, hasher: studio.configuration.hasher, keeping: context.browserSession)
    }

    func page(account: Account, csrf: String?, changed: Bool = false, newToken: String? = nil) throws -> String {
        let tokens = try studio.store.tokens(of: account.name).map { token in
            """
            <tr><td><code>\(HTML.escape(token.id))</code></td><td>\(ReviewPage.time(token.created))</td><td>\
            <form method="post" action="/account/tokens/\(HTML.escape(token.id))/revoke" class="inline">\
            \(HTML.csrfField(csrf))<button type="submit">Revoke token \(HTML.escape(token.id))</button></form></td></tr>
            """
        }
        let shown =
            newToken.map {
                """
                <p role="status">Your new API token, shown this once: <code>\(HTML.escape($0))</code>. Send it as \
                <code>Authorization: Bearer</code>.</p>
                """
            } ?? ""
        let body = """
            \(changed ? "<p role=\"status\">Your password is changed; your other browsers are signed out.</p>" : "")
            <section class="card"><h2>Your account</h2>
            <p>\(HTML.escape(account.name)), \(HTML.escape(account.role.rawValue))\
            \(account.listener.map { ", listener \(HTML.escape($0))" } ?? "")</p></section>
            <section class="card"><h2>Change your password</h2>
            <form method="post" action="/account/password">\(HTML.csrfField(csrf))
            <p><label for="current">Current password</label>
            <input id="current" name="current" type="password" autocomplete="current-password" required></p>
            <p><label for="new">New password (8 characters or more)</label>
            <input id="new" name="new" type="password" autocomplete="new-password" minlength="8" required></p>
            <p><label for="confirm">New password again</label>
            <input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength="8" required></p>
            <button type="submit">Change password</button>
            </form></section>
            <section class="card"><h2>API tokens</h2>
            \(shown)
            \(tokens.isEmpty ? "<p>No tokens.</p>" : ReviewPage.table(
                caption: "Your API tokens, newest first", headers: ["Token", "Made", "Revoke"], rows: tokens))
            <form method="post" action="/account/tokens">\(HTML.csrfField(csrf))
            <button type="submit">Make a new token</button></form></section>
            """
        return HTML.page(title: "Account", account: account, csrf: csrf, body: body)
    }
}
