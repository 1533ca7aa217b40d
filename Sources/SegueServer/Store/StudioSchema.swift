import GRDB

/// The studio's own tables, in its own SQLite file (`studio.db` in the server's data folder) so that a library
/// database shared with the command line keeps its schema and migrations as they are.
///
/// - `account`: sign-in name, role, the listener a listener account is, the Argon2id encoded hash.
/// - `browser_session`: a signed-in browser, by the SHA-256 of its cookie's random id, with its CSRF token and expiry.
/// - `api_token`: a script's bearer token, by its SHA-256; the token itself is shown once.
/// - `signin_attempt`: failed sign-ins by key (`name:...`, `client:...`) and time, for the attempt limit.
/// - `studio_session`: a rendered session by id, the listener it is for and the account that asked for it.
/// - `audit_log` (v2): every editorial and review action: who, what, when, on which target, with a detail.
/// - `line_flag` (v2): a script line flagged by a reviewer, with a reason code and a note; v3 adds who resolved it.
/// - `pending_script` (v3): a session scripted for review before render, its status and approver.
/// - `job` (v5): each session, script or render job's last written status (queued, then final), so a job is known
///   after a restart; a job a stopped studio left unfinished is marked failed at start.
/// - v4 chains the audit log: each entry's `hash` follows from the one before (see `AuditEntry.chainHash`); the
///   entries already there are chained in their order.
enum StudioSchema {
    /// Marks a studio store among SQLite files (`PRAGMA application_id`): "SGST".
    static let applicationID: Int32 = 0x5347_5354

    /// The columns a session and a script made for review share: the id, whose it is, when, and the request
    /// (`StudioStore.request(_:)` reads them back).
    static func requestColumns(_ t: TableDefinition) {
        t.primaryKey("id", .text)
        t.column("listener", .text).notNull()
        t.column("owner", .text).notNull()
        t.column("created_at", .double).notNull()
        t.column("minutes", .double).notNull()
        t.column("discovery", .double).notNull()
        t.column("arc", .text).notNull()
        t.column("seed", .integer).notNull()
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("studio-v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.create(table: "account") { t in
                t.primaryKey("name", .text)
                t.column("role", .text).notNull().check { ["listener", "editor", "reviewer", "admin"].contains($0) }
                t.column("listener", .text)
                t.column("password_hash", .text).notNull()
                t.column("created_at", .double).notNull()
            }
            try db.create(table: "browser_session") { t in
                t.primaryKey("id_hash", .text)
                t.column("account", .text).notNull().references("account", onDelete: .cascade)
                t.column("csrf", .text).notNull()
                t.column("expires_at", .double).notNull()
            }
            try db.create(table: "api_token") { t in
                t.primaryKey("hash", .text)
                t.column("account", .text).notNull().references("account", onDelete: .cascade)
                t.column("created_at", .double).notNull()
            }
            try db.create(table: "signin_attempt") { t in
                t.column("key", .text).notNull()
                t.column("at", .double).notNull()
            }
            try db.create(index: "signin_attempt_by_key", on: "signin_attempt", columns: ["key", "at"])
            try db.create(table: "studio_session") { t in requestColumns(t) }
            try db.create(index: "studio_session_by_listener", on: "studio_session", columns: ["listener"])
        }
        migrator.registerMigration("studio-v2-review") { db in
            try db.create(table: "audit_log") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .double).notNull()
                t.column("actor", .text).notNull()
                t.column("action", .text).notNull()
                t.column("target", .text).notNull()
                t.column("detail", .text).notNull().defaults(to: "")
            }
            try db.create(table: "line_flag") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("session", .text).notNull()
                t.column("line", .text).notNull()
                t.column("reason", .text).notNull()
                t.column("note", .text).notNull().defaults(to: "")
                t.column("flagged_by", .text).notNull()
                t.column("at", .double).notNull()
            }
        }
        migrator.registerMigration("studio-v3-scripts") { db in
            try db.alter(table: "line_flag") { t in t.add(column: "resolved_by", .text) }
            try db.create(table: "pending_script") { t in
                requestColumns(t)
                t.column("status", .text).notNull().check { ["pending", "approved", "rendered"].contains($0) }
                t.column("approved_by", .text)
                t.column("approved_digest", .text)
                t.column("session", .text)
            }
        }
        migrator.registerMigration("studio-v4-audit-chain") { db in
            try db.alter(table: "audit_log") { t in t.add(column: "hash", .text).notNull().defaults(to: "") }
            var previous = ""
            for row in try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id") {
                let hash = StudioStore.auditEntry(row).chainHash(after: previous)
                try db.execute(
                    sql: "UPDATE audit_log SET hash = ? WHERE id = ?", arguments: [hash, row["id"] as Int64])
                previous = hash
            }
        }
        migrator.registerMigration("studio-v5-jobs") { db in
            try db.create(table: "job") { t in
                t.primaryKey("id", .text)
                t.column("kind", .text).notNull()
                t.column("listener", .text).notNull()
                t.column("owner", .text).notNull()
                t.column("stage", .text).notNull()
                t.column("fraction", .double).notNull()
                t.column("session", .text)
                t.column("script", .text)
                t.column("message", .text)
                t.column("updated_at", .double).notNull()
            }
        }
        return migrator
    }
}
