import Foundation
import GRDB
import SegueCore

/// The studio's accounts, browser sessions, API tokens, sign-in attempts and finished sessions (see `StudioSchema`).
/// Secrets are kept only as SHA-256 digests: a copy of the file signs no one in.
public final class StudioStore: Sendable {
    /// The database file.
    public let url: URL
    let pool: DatabasePool

    /// Opens (creating when needed) the store at `url` and brings its tables up to date.
    /// - Throws: `StudioError.internalError` naming no path when SQLite refuses.
    public init(url: URL) throws {
        self.url = url
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.label = "segue-studio"
            configuration.busyMode = .timeout(10)
            configuration.foreignKeysEnabled = true
            pool = try DatabasePool(path: url.path, configuration: configuration)
            try StudioSchema.migrator.migrate(pool)
        } catch {
            throw StudioError(.internalError, message: "cannot open the studio database \(url.path): \(error)")
        }
    }

    // MARK: - Accounts

    /// Adds an account. - Throws: `StudioError.conflict` when the name is taken.
    public func addAccount(_ account: Account, passwordHash: String) throws {
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM account WHERE name = ?", arguments: [account.name]) == true {
                throw StudioError(.conflict, message: "an account named '\(account.name)' exists already")
            }
            try db.execute(
                sql: "INSERT INTO account (name, role, listener, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    account.name, account.role.rawValue, account.listener, passwordHash,
                    account.created.timeIntervalSince1970,
                ])
        }
    }

    /// The account named `name` and its password hash.
    public func account(named name: String) throws -> (account: Account, passwordHash: String)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM account WHERE name = ?", arguments: [name]).flatMap { row in
                Self.account(row).map { ($0, row["password_hash"] as String) }
            }
        }
    }

    /// Every account, by name.
    public func accounts() throws -> [Account] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY name").compactMap(Self.account) }
    }

    /// How many accounts have `role`.
    public func count(role: Role) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account WHERE role = ?", arguments: [role.rawValue]) ?? 0
        }
    }

    static func account(_ row: Row) -> Account? {
        guard let role = Role(rawValue: row["role"]) else { return nil }
        return Account(
            name: row["name"], role: role, listener: row["listener"],
            created: Date(timeIntervalSince1970: row["created_at"]))
    }

    // MARK: - Browser sessions

    /// A new browser session for `name`, valid for `lifetime` seconds: the cookie's value and the CSRF token.
    public func startBrowserSession(
        for name: String, lifetime: TimeInterval, now: Date = Date()
    ) throws -> (
        id: String, csrf: String
    ) {
        let id = Self.randomToken(), csrf = Self.randomToken()
        try write { db in
            try db.execute(
                sql: "DELETE FROM browser_session WHERE expires_at < ?", arguments: [now.timeIntervalSince1970])
            try db.execute(
                sql: "INSERT INTO browser_session (id_hash, account, csrf, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [Self.digest(id), name, csrf, now.timeIntervalSince1970 + lifetime])
        }
        return (id, csrf)
    }

    /// The account and CSRF token of an unexpired browser session.
    public func browserSession(id: String, now: Date = Date()) throws -> (account: Account, csrf: String)? {
        try read { db in
            let sql = """
                SELECT account.*, browser_session.csrf AS csrf FROM browser_session
                JOIN account ON account.name = browser_session.account
                WHERE browser_session.id_hash = ? AND browser_session.expires_at >= ?
                """
            return try Row.fetchOne(db, sql: sql, arguments: [Self.digest(id), now.timeIntervalSince1970]).flatMap {
                row in Self.account(row).map { ($0, row["csrf"] as String) }
            }
        }
    }

    /// Ends a browser session (sign out).
    public func endBrowserSession(id: String) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM browser_session WHERE id_hash = ?", arguments: [Self.digest(id)])
        }
    }

    // MARK: - API tokens

    /// A new API token for `name`: returned once, kept only as its digest.
    public func issueToken(for name: String) throws -> String {
        let token = "sgt_" + Self.randomToken()
        try write { db in
            try db.execute(
                sql: "INSERT INTO api_token (hash, account, created_at) VALUES (?, ?, ?)",
                arguments: [Self.digest(token), name, Date().timeIntervalSince1970])
        }
        return token
    }

    /// The account a bearer token belongs to.
    public func account(forToken token: String) throws -> Account? {
        try read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT account.* FROM api_token JOIN account ON account.name = api_token.account WHERE hash = ?",
                arguments: [Self.digest(token)]
            ).flatMap(Self.account)
        }
    }

    // MARK: - Sign-in attempts

    /// Failed attempts under `key` since `since`.
    public func failedAttempts(key: String, since: Date) throws -> Int {
        try read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM signin_attempt WHERE key = ? AND at >= ?",
                arguments: [key, since.timeIntervalSince1970]) ?? 0
        }
    }

    /// Notes a failed attempt under each key, forgetting attempts older than `forgetBefore`.
    public func recordFailedAttempt(keys: [String], at now: Date, forgetBefore: Date) throws {
        try write { db in
            try db.execute(
                sql: "DELETE FROM signin_attempt WHERE at < ?", arguments: [forgetBefore.timeIntervalSince1970])
            for key in keys {
                try db.execute(
                    sql: "INSERT INTO signin_attempt (key, at) VALUES (?, ?)",
                    arguments: [key, now.timeIntervalSince1970])
            }
        }
    }

    // MARK: - Sessions

    /// Registers a finished session.
    public func addSession(_ session: StoredSession) throws {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO studio_session (id, owner, created_at, listener, minutes, discovery, arc, seed)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: StatementArguments(
                    [session.id, session.owner, session.created.timeIntervalSince1970]
                        + Self.columns(of: session.request)))
        }
    }

    /// The session with `id`.
    public func session(id: String) throws -> StoredSession? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM studio_session WHERE id = ?", arguments: [id]).map(Self.session)
        }
    }

    /// Sessions newest first: of `listener` only, or every one when nil.
    public func sessions(listener: String?) throws -> [StoredSession] {
        try read { db in
            if let listener {
                return try Row.fetchAll(
                    db, sql: "SELECT * FROM studio_session WHERE listener = ? ORDER BY created_at DESC",
                    arguments: [listener]
                ).map(Self.session)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM studio_session ORDER BY created_at DESC").map(Self.session)
        }
    }

    static func session(_ row: Row) -> StoredSession {
        StoredSession(
            id: row["id"], owner: row["owner"], created: Date(timeIntervalSince1970: row["created_at"]),
            request: request(row))
    }

    /// The request a session or script row was made for (its `listener`, `minutes`, `discovery`, `arc` and `seed`
    /// columns).
    static func request(_ row: Row) -> SessionRequest {
        SessionRequest(
            listener: row["listener"], minutes: row["minutes"], discovery: row["discovery"],
            arc: EnergyArc(rawValue: row["arc"]) ?? .peak, seed: UInt64(bitPattern: row["seed"] as Int64))
    }

    /// A request's column values, in the order `listener, minutes, discovery, arc, seed`.
    static func columns(of request: SessionRequest) -> [(any DatabaseValueConvertible)?] {
        [request.listener, request.minutes, request.discovery, request.arc.rawValue, Int64(bitPattern: request.seed)]
    }

    // MARK: - Helpers

    /// 32 random bytes from the system's CSPRNG, base64url without padding.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The hex SHA-256 of a secret, as it is kept at rest.
    static func digest(_ secret: String) -> String {
        ContentHash.sha256Hex(Data(secret.utf8))
    }

    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch let error as StudioError { throw error } catch {
            throw StudioError(.internalError, message: "the studio database failed")
        }
    }

    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch let error as StudioError { throw error } catch {
            throw StudioError(.internalError, message: "the studio database failed")
        }
    }
}
