import Foundation
import GRDB

extension StudioStore {
    /// Creates an account after checking its name, password and listener, with the password hashed.
    /// - Throws: `StudioError.badRequest` for a bad name, a password under 8 characters or a listener account
    ///   without a listener; `.conflict` for a taken name.
    public func addAccount(_ account: Account, password: String, hasher: PasswordHasher) throws {
        guard !account.name.isEmpty, account.name.count <= 64,
            account.name.allSatisfy({ ($0.isLetter || $0.isNumber) && $0.isASCII || "._-@".contains($0) })
        else {
            throw StudioError(.badRequest, message: "a name is 1 to 64 letters, digits, '.', '_', '-' or '@'")
        }
        guard password.count >= 8 else {
            throw StudioError(.badRequest, message: "a password has 8 characters or more")
        }
        if account.role == .listener, account.listener?.isEmpty ?? true {
            throw StudioError(.badRequest, message: "a listener account needs a listener id (--listener ID)")
        }
        try addAccount(account, passwordHash: hasher.hash(password))
    }
}

extension StudioStore {
    /// Replaces `name`'s password hash and signs out every browser session of the account but `keeping` (the
    /// cookie value of the session that changed it; nil signs them all out). API tokens stay: revoke them apart.
    public func setPassword(of name: String, to password: String, hasher: PasswordHasher, keeping: String?) throws {
        guard password.count >= 8 else {
            throw StudioError(.badRequest, message: "a password has 8 characters or more")
        }
        let hash = try hasher.hash(password)
        let kept = keeping.map(Self.digest) ?? ""
        try write { db in
            try db.execute(sql: "UPDATE account SET password_hash = ? WHERE name = ?", arguments: [hash, name])
            try db.execute(
                sql: "DELETE FROM browser_session WHERE account = ? AND id_hash != ?", arguments: [name, kept])
        }
    }

    /// `name`'s API tokens, newest first, each by a short id (the start of its digest; the token itself is not kept).
    public func tokens(of name: String) throws -> [APIToken] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT hash, created_at FROM api_token WHERE account = ? ORDER BY created_at DESC",
                arguments: [name]
            ).map { row in
                APIToken(
                    id: String((row["hash"] as String).prefix(APIToken.idLength)),
                    created: Date(timeIntervalSince1970: row["created_at"]))
            }
        }
    }

    /// Revokes `name`'s token with short id `id`. - Throws: 404 when `name` has no such token.
    public func revokeToken(_ id: String, of name: String) throws {
        guard id.count == APIToken.idLength, id.allSatisfy(\.isHexDigit) else {
            throw StudioError(.notFound, message: "no such token")
        }
        let removed = try write { db in
            try db.execute(
                sql: "DELETE FROM api_token WHERE account = ? AND substr(hash, 1, ?) = ?",
                arguments: [name, APIToken.idLength, id.lowercased()])
            return db.changesCount
        }
        guard removed > 0 else { throw StudioError(.notFound, message: "no such token") }
    }
}

extension StudioStore {
    /// Gives `name` a new role (and listener, for a listener account).
    /// - Throws: 404 for an unknown name; 400 for a listener account without a listener; 409 when it would leave the
    ///   studio without an admin.
    public func setRole(of name: String, to role: Role, listener: String?) throws {
        let listener = role == .listener ? listener?.trimmingCharacters(in: .whitespaces) : nil
        if role == .listener, listener?.isEmpty ?? true {
            throw StudioError(.badRequest, message: "a listener account needs a listener id")
        }
        try write { db in
            guard
                let current = try String.fetchOne(db, sql: "SELECT role FROM account WHERE name = ?", arguments: [name])
            else { throw StudioError(.notFound, message: "no account '\(name)'") }
            if current == Role.admin.rawValue, role != .admin, try Self.admins(db) <= 1 {
                throw StudioError(.conflict, message: "'\(name)' is the last admin; make another admin first")
            }
            try db.execute(
                sql: "UPDATE account SET role = ?, listener = ? WHERE name = ?",
                arguments: [role.rawValue, listener, name])
        }
    }

    /// Deletes `name`'s account with its browser sessions and API tokens; the sessions it made stay.
    /// - Throws: 404 for an unknown name; 409 for the last admin.
    public func deleteAccount(_ name: String) throws {
        try write { db in
            guard let role = try String.fetchOne(db, sql: "SELECT role FROM account WHERE name = ?", arguments: [name])
            else { throw StudioError(.notFound, message: "no account '\(name)'") }
            if role == Role.admin.rawValue, try Self.admins(db) <= 1 {
                throw StudioError(.conflict, message: "'\(name)' is the last admin; make another admin first")
            }
            try db.execute(sql: "DELETE FROM account WHERE name = ?", arguments: [name])
        }
    }

    private static func admins(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account WHERE role = 'admin'") ?? 0
    }
}
