import Foundation
import Hummingbird

/// `/accounts` and `/api/accounts` (admin only): every account; add one with a first password, change an account's
/// role, delete an account. The last admin can be neither demoted nor deleted. Each change is in the audit log.
struct AccountsPage: Sendable {
    let studio: Studio

    /// The body of `POST /api/accounts` and the add form.
    struct NewAccount: Codable {
        var name: String?
        var role: Role?
        var listener: String?
        var password: String?
    }

    /// The body of `PATCH /api/accounts/{name}` and the role form.
    struct RoleChange: Codable {
        var role: Role?
        var listener: String?
    }

    func addRoutes(to router: some RouterMethods<StudioContext>) {
        router.get("accounts") { _, context in
            let admin = try context.require(.admin)
            return HTML.response(try page(account: admin, csrf: context.csrf))
        }
        router.post("accounts") { request, context in
            let admin = try context.require(.admin)
            try add(try await request.decodeForm(as: NewAccount.self, context: context), by: admin)
            return Response(status: .seeOther, headers: [.location: "/accounts"])
        }
        router.post("accounts/:name/role") { request, context in
            let admin = try context.require(.admin)
            let change = try await request.decodeForm(as: RoleChange.self, context: context)
            try setRole(of: context.parameters.require("name"), change, by: admin)
            return Response(status: .seeOther, headers: [.location: "/accounts"])
        }
        router.post("accounts/:name/delete") { _, context in
            let admin = try context.require(.admin)
            try delete(context.parameters.require("name"), by: admin)
            return Response(status: .seeOther, headers: [.location: "/accounts"])
        }
        let api = router.group("api")
        api.get("accounts") { _, context -> [Me] in
            _ = try context.require(.admin)
            return try studio.store.accounts().map(Me.init)
        }
        api.post("accounts") { request, context -> Response in
            let admin = try context.require(.admin)
            let account = try add(try await request.decode(as: NewAccount.self, context: context), by: admin)
            return try EditedResponse(status: .created, response: Me(account)).response(from: request, context: context)
        }
        api.patch("accounts/:name") { request, context -> Me in
            let admin = try context.require(.admin)
            let name = try context.parameters.require("name")
            try setRole(of: name, try await request.decode(as: RoleChange.self, context: context), by: admin)
            return try Me(account(name))
        }
        api.delete("accounts/:name") { _, context -> Response in
            try delete(context.parameters.require("name"), by: context.require(.admin))
            return Response(status: .noContent)
        }
    }

    @discardableResult
    func add(_ new: NewAccount, by admin: Account) throws -> Account {
        guard let name = new.name, let role = new.role, let password = new.password else {
            throw StudioError(.badRequest, message: "give a name, a role and a first password")
        }
        let listener = role == .listener ? new.listener?.trimmingCharacters(in: .whitespaces) : nil
        try checkListener(listener)
        try studio.addAccount(Account(name: name, role: role, listener: listener), password: password)
        try studio.store.audit(
            AuditEntry(
                actor: admin.name, action: "account", target: "account:\(name)",
                detail: "added as \(role.rawValue)" + (listener.map { " for listener \($0)" } ?? "")))
        return try account(name)
    }

    func setRole(of name: String, _ change: RoleChange, by admin: Account) throws {
        guard let role = change.role else { throw StudioError(.badRequest, message: "choose a role") }
        let before = try account(name)
        if role == .listener { try checkListener(change.listener?.trimmingCharacters(in: .whitespaces)) }
        try studio.store.setRole(of: name, to: role, listener: change.listener)
        let after = try account(name)
        try studio.store.audit(
            AuditEntry(
                actor: admin.name, action: "account", target: "account:\(name)",
                detail: "role \(before.role.rawValue) → \(after.role.rawValue)"
                    + (after.listener.map { " for listener \($0)" } ?? "")))
    }

    func delete(_ name: String, by admin: Account) throws {
        try studio.store.deleteAccount(name)
        try studio.store.audit(
            AuditEntry(actor: admin.name, action: "account", target: "account:\(name)", detail: "deleted"))
    }

    /// - Throws: 400 when `listener` is given and the studio has no such listener.
    func checkListener(_ listener: String?) throws {
        guard let listener, !listener.isEmpty else { return }
        guard try studio.listeners.ids().contains(listener) else {
            throw StudioError(.badRequest, message: "no listener '\(listener)'")
        }
    }

    func account(_ name: String) throws -> Account {
        guard let found = try studio.store.account(named: name)?.account else {
            throw StudioError(.notFound, message: "no account '\(name)'")
        }
        return found
    }

    func page(account: Account, csrf: String?) throws -> String {
        let roles = { (selected: Role?) in
            Role.allCases.map {
                "<option value=\"\($0.rawValue)\"\($0 == selected ? " selected" : "")>\($0.rawValue)</option>"
            }.joined()
        }
        let rows = try studio.store.accounts().enumerated().map { index, other in
            let name = HTML.escape(other.name)
            let field = "account-\(index)"
            return """
                <tr><td>\(name)</td><td>\(HTML.escape(other.role.rawValue))</td>\
                <td>\(other.listener.map(HTML.escape) ?? "")</td><td>\(ReviewPage.time(other.created))</td><td>\
                <form method="post" action="/accounts/\(name)/role" class="inline">\(HTML.csrfField(csrf))\
                <label for="\(field)-role">Role of \(name)</label> \
                <select id="\(field)-role" name="role">\(roles(other.role))</select> \
                <label for="\(field)-listener">Listener id</label> \
                <input id="\(field)-listener" name="listener" type="text" value="\(other.listener.map(HTML.escape) ?? "")"> \
                <button type="submit">Change role of \(name)</button></form> \
                <form method="post" action="/accounts/\(name)/delete" class="inline">\(HTML.csrfField(csrf))\
                <button type="submit">Delete \(name)</button></form></td></tr>
                """
        }
        let body = """
            <section class="card"><h2>Add an account</h2>
            <form method="post" action="/accounts">\(HTML.csrfField(csrf))
            <p><label for="new-name">Name</label> <input id="new-name" name="name" type="text" required maxlength="64"></p>
            <p><label for="new-role">Role</label> <select id="new-role" name="role">\(roles(.listener))</select></p>
            <p><label for="new-listener">Listener id (listener accounts)</label> \
            <input id="new-listener" name="listener" type="text"></p>
            <p><label for="new-password">First password (8 characters or more; they change it on their account page)\
            </label> <input id="new-password" name="password" type="password" autocomplete="new-password" minlength="8" \
            required></p>
            <p><button type="submit">Add account</button></p>
            </form></section>
            <section class="card"><h2>Accounts</h2>
            \(ReviewPage.table(
                caption: "Every account, by name", headers: ["Name", "Role", "Listener", "Since", "Change"], rows: rows))
            </section>
            """
        return HTML.page(title: "Accounts", account: account, csrf: csrf, body: body)
    }
}
