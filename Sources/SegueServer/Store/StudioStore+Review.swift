import Foundation
import GRDB

extension StudioStore {
    // MARK: - Audit log

    /// Appends an action to the audit log: who took it, what it was, on what, when.
    public func audit(_ entry: AuditEntry) throws {
        try write { db in
            try db.execute(
                sql: "INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                arguments: [entry.at.timeIntervalSince1970, entry.actor, entry.action, entry.target, entry.detail])
        }
    }

    /// The audit log, newest first, at most `limit` entries.
    public func auditLog(limit: Int = 500) throws -> [AuditEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                row in
                AuditEntry(
                    actor: row["actor"], action: row["action"], target: row["target"], detail: row["detail"],
                    at: Date(timeIntervalSince1970: row["at"]))
            }
        }
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
