import Foundation
import GRDB

extension StudioStore {
    // MARK: - Jobs

    /// Writes a job's status (queued, or final): a job asked about after a restart is still known.
    public func saveJob(_ status: JobStatus) throws {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO job (id, kind, listener, owner, stage, fraction, session, script, message, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET stage = excluded.stage, fraction = excluded.fraction,
                        session = excluded.session, script = excluded.script, message = excluded.message,
                        updated_at = excluded.updated_at
                    """,
                arguments: [
                    status.id, status.kind.rawValue, status.listener, status.owner, status.stage.rawValue,
                    status.fraction, status.session, status.script, status.message, Date().timeIntervalSince1970,
                ])
        }
    }

    /// The job's last written status, nil for an unknown id.
    public func job(id: String) throws -> JobStatus? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM job WHERE id = ?", arguments: [id]).map { row in
                JobStatus(
                    id: row["id"], kind: JobStatus.Kind(rawValue: row["kind"]) ?? .session, listener: row["listener"],
                    owner: row["owner"], stage: JobStatus.Stage(rawValue: row["stage"]) ?? .failed,
                    fraction: row["fraction"], session: row["session"], script: row["script"], message: row["message"])
            }
        }
    }

    /// Marks the jobs a stopped studio left queued or running as failed, and says how many there were: their work
    /// is gone with the process (a render's staging folder is removed at start).
    @discardableResult
    public func failInterruptedJobs() throws -> Int {
        try write { db in
            try db.execute(
                sql: "UPDATE job SET stage = 'failed', message = ?, updated_at = ? "
                    + "WHERE stage NOT IN ('done', 'failed', 'cancelled')",
                arguments: [Self.interruptedMessage, Date().timeIntervalSince1970])
            return db.changesCount
        }
    }

    /// Forgets finished jobs last written more than `days` days before `now`, and says how many: their sessions and
    /// scripts stay, only the job records go.
    @discardableResult
    public func forgetJobs(olderThan days: Double = StudioStore.jobRetentionDays, now: Date = Date()) throws -> Int {
        try write { db in
            try db.execute(
                sql: "DELETE FROM job WHERE stage IN ('done', 'failed', 'cancelled') AND updated_at < ?",
                arguments: [now.timeIntervalSince1970 - days * 86_400])
            return db.changesCount
        }
    }

    /// How long a finished job's record is kept: long enough for any client still polling it.
    public static let jobRetentionDays = 30.0

    /// What an interrupted job says.
    static let interruptedMessage = "interrupted: the studio stopped before the job finished; start it again"
}
