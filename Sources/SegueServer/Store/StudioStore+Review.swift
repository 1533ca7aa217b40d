import Foundation
import GRDB

extension StudioStore {
    // MARK: - Audit log

    /// Appends an action to the audit log: who took it, what it was, on what, when; chained to the entry before it
    /// in the same transaction.
    public func audit(_ entry: AuditEntry) throws {
        try write { db in try Self.append(entry, to: db) }
    }

    /// Appends `entry` with its chain hash, in the caller's transaction.
    static func append(_ entry: AuditEntry, to db: Database) throws {
        let previous = try String.fetchOne(db, sql: "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1") ?? ""
        try db.execute(
            sql: "INSERT INTO audit_log (at, actor, action, target, detail, hash) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                entry.at.timeIntervalSince1970, entry.actor, entry.action, entry.target, entry.detail,
                entry.chainHash(after: previous),
            ])
    }

    /// The audit log, newest first, at most `limit` entries.
    public func auditLog(limit: Int = 500) throws -> [AuditEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [limit]).map(
                Self.auditEntry)
        }
    }

    /// Replays the audit log's hash chain from the oldest entry (see `AuditChainCheck`).
    public func verifyAuditChain() throws -> AuditChainCheck {
        try read { db in
            var previous = "", position = 0, brokenAt: Int?
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM audit_log ORDER BY id")
            while let row = try rows.next() {
                position += 1
                let entry = Self.auditEntry(row)
                if brokenAt == nil, entry.hash != entry.chainHash(after: previous) { brokenAt = position }
                previous = entry.hash
            }
            return AuditChainCheck(entries: position, intact: brokenAt == nil, brokenAt: brokenAt, head: previous)
        }
    }

    static func auditEntry(_ row: Row) -> AuditEntry {
        var entry = AuditEntry(
            actor: row["actor"], action: row["action"], target: row["target"], detail: row["detail"],
            at: Date(timeIntervalSince1970: row["at"]))
        entry.hash = row["hash"]
        return entry
    }

    // MARK: - Flagged lines

    /// Flags `line` of `target` (`session:ID` or `script:ID`) for `id`, and writes the audit entry; the note is trimmed
    /// and at most 2000 characters. - Throws: 400 for a longer note.
    func flag(
        _ id: String, target: String, line: String, reason: FlagReason, note: String, by actor: String
    ) throws -> LineFlag {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= 2000 else { throw StudioError(.badRequest, message: "the note is too long") }
        let flag = LineFlag(session: id, line: line, reason: reason, note: note, by: actor)
        try addFlag(flag)
        try audit(
            AuditEntry(
                actor: actor, action: "flag", target: "\(target)/\(line)",
                detail: reason.rawValue + (note.isEmpty ? "" : ": \(note)")))
        return flag
    }

    /// Resolves the open flags on `line` of `target` (`session:ID` or `script:ID`) for `id`, and writes the audit
    /// entry. - Throws: 404 when no flag is open there.
    func resolve(_ id: String, target: String, line: String, by actor: String) throws {
        guard try resolveFlags(session: id, line: line, by: actor) > 0 else {
            throw StudioError(.notFound, message: "no open flag on line \(line)")
        }
        try audit(AuditEntry(actor: actor, action: "resolve", target: "\(target)/\(line)"))
    }

    /// Records a flag on a script line.
    public func addFlag(_ flag: LineFlag) throws {
        try write { db in
            try db.execute(
                sql: "INSERT INTO line_flag (session, line, reason, note, flagged_by, at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    flag.session, flag.line, flag.reason.rawValue, flag.note, flag.by, flag.at.timeIntervalSince1970,
                ])
        }
    }

    /// Flagged lines, newest first: of `session` only, or every one when nil.
    public func flags(session: String? = nil) throws -> [LineFlag] {
        try read { db in
            let rows =
                if let session {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM line_flag WHERE session = ? ORDER BY id DESC", arguments: [session])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM line_flag ORDER BY id DESC")
                }
            return rows.compactMap { row in
                FlagReason(rawValue: row["reason"]).map {
                    LineFlag(
                        session: row["session"], line: row["line"], reason: $0, note: row["note"],
                        by: row["flagged_by"], at: Date(timeIntervalSince1970: row["at"]),
                        resolvedBy: row["resolved_by"])
                }
            }
        }
    }
}
