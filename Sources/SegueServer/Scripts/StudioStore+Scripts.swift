import Foundation
import GRDB
import SegueCore

extension StudioStore {
    // MARK: - Scripts waiting for review

    /// Registers a script made for review.
    public func addScript(_ script: PendingScript) throws {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO pending_script (id, owner, created_at, status, listener, minutes, discovery, arc, seed)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: StatementArguments(
                    [script.id, script.owner, script.created.timeIntervalSince1970, script.status.rawValue]
                        + Self.columns(of: script.request)))
        }
    }

    /// The script with `id`.
    public func script(id: String) throws -> PendingScript? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM pending_script WHERE id = ?", arguments: [id]).map(Self.script)
        }
    }

    /// Every script made for review, newest first.
    public func scripts() throws -> [PendingScript] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM pending_script ORDER BY created_at DESC").map(Self.script)
        }
    }

    /// Approves a pending script whose `script.json` has `digest`, by `reviewer`, when no flag on it is open.
    /// - Throws: `StudioError.conflict` when it is not pending or a flag is open.
    public func approveScript(id: String, digest: String, by reviewer: String) throws {
        try write { db in
            let open =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM line_flag WHERE session = ? AND resolved_by IS NULL",
                    arguments: [id]) ?? 0
            guard open == 0 else {
                throw StudioError(.conflict, message: "\(open) flagged lines are not resolved yet")
            }
            try db.execute(
                sql: """
                    UPDATE pending_script SET status = 'approved', approved_by = ?, approved_digest = ?
                    WHERE id = ? AND status = 'pending'
                    """,
                arguments: [reviewer, digest, id])
            guard db.changesCount == 1 else { throw StudioError(.conflict, message: "the script is not pending") }
        }
    }

    /// Marks an approved script rendered as `session`. - Throws: `StudioError.conflict` when it is not approved.
    public func markScriptRendered(id: String, session: String) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE pending_script SET status = 'rendered', session = ? WHERE id = ? AND status = 'approved'",
                arguments: [session, id])
            guard db.changesCount == 1 else { throw StudioError(.conflict, message: "the script is not approved") }
        }
    }

    /// Resolves the open flags on `line` of `session` (a session's or a script's id); returns how many.
    public func resolveFlags(session: String, line: String, by reviewer: String) throws -> Int {
        try write { db in
            try db.execute(
                sql: "UPDATE line_flag SET resolved_by = ? WHERE session = ? AND line = ? AND resolved_by IS NULL",
                arguments: [reviewer, session, line])
            return db.changesCount
        }
    }

    /// The hex SHA-256 of a file's bytes.
    static func digest(data: Data) -> String {
        ContentHash.sha256Hex(data)
    }

    static func script(_ row: Row) -> PendingScript {
        PendingScript(
            id: row["id"],
            request: request(row),
            owner: row["owner"], created: Date(timeIntervalSince1970: row["created_at"]),
            status: PendingScript.Status(rawValue: row["status"]) ?? .pending, approvedBy: row["approved_by"],
            approvedDigest: row["approved_digest"], session: row["session"])
    }
}
