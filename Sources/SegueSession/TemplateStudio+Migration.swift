import Foundation
import SegueCore
import SegueFiles

extension TemplateStudio {
    /// The name the unchained log keeps after `migrateUnchainedLog`, as the record of what came before.
    public static let unchainedLogName = "approvals-unchained.jsonl"

    /// An entry of the log as it was written before the hash chain (no `prev`, no `author`, FNV-1a revisions).
    private struct UnchainedEntry: Decodable {
        var template: String
        var revision: String
        var action: String
        var by: String
        var at: String
    }

    /// Carries an unchained log over to a hash-chained one, once.
    ///
    /// The old log is kept as `approvals-unchained.jsonl`. A template keeps its approval only when the old log's last
    /// step on it approved exactly its current body (the old FNV-1a revision), by someone other than its author, and
    /// it lints clean today; it is then written to the new log as a submit (by `migrator`) and an approval (by its
    /// old approver, at the old time), both saying which old line they carry over. Nothing else is carried: the
    /// rest go back to draft.
    /// - Returns: one line per template saying what happened to it.
    /// - Throws: `StudioError` when the log is already chained or empty, or a kept copy exists.
    public func migrateUnchainedLog(by migrator: String, at time: String) async throws -> [String] {
        let kept = folder.appendingPathComponent(Self.unchainedLogName)
        guard !FileManager.default.fileExists(atPath: kept.path) else {
            throw StudioError("\(kept.path): already exists; the log was migrated before")
        }
        guard FileManager.default.fileExists(atPath: logURL.path) else {
            throw StudioError("\(logURL.path): no log to migrate")
        }
        let old = try InputFile.read(logURL)
        guard ApprovalLedger(log: old).count == 0, !old.isEmpty else {
            throw StudioError("\(logURL.path): already hash-chained (or empty); nothing to migrate")
        }
        var last: [String: (entry: UnchainedEntry, line: Int)] = [:]
        for (index, line) in old.split(separator: UInt8(ascii: "\n")).enumerated() {
            guard let entry = try? JSONDecoder().decode(UnchainedEntry.self, from: Data(line)) else {
                throw StudioError("\(logURL.path):\(index + 1): not a log entry; fix or remove the line first")
            }
            last[entry.template] = (entry, index + 1)
        }
        var report: [String] = []
        var carried: [(template: CommentaryTemplate, entry: UnchainedEntry, line: Int)] = []
        for url in try TemplateLibrary.files(in: folder) {
            let id = url.deletingPathExtension().lastPathComponent
            guard let template = try? load(id) else {
                report.append("\(id): does not parse; not carried over")
                continue
            }
            guard let (entry, line) = last[id], entry.action == "approve" else {
                report.append("\(id): not approved in the old log; stays \(template.status.rawValue)")
                continue
            }
            guard entry.revision == Self.unchainedRevision(template.body), entry.by != template.author else {
                report.append("\(id): its approval (line \(line)) does not hold for its current text; back to draft")
                continue
            }
            let findings = try await lint(ids: [id])
            guard findings.isEmpty else {
                report.append("\(id): lint is not clean today (\(findings.map(\.code).joined(separator: ", "))); draft")
                continue
            }
            carried.append((template, entry, line))
            report.append("\(id): approval by \(entry.by) at \(entry.at) carried over (line \(line))")
        }
        try AtomicFile.withLock(on: folder) {
            var ledger = ApprovalLedger()
            var log = Data()
            func add(_ entry: ApprovalEntry) {
                let line = ledger.sealed(entry)
                log.append(line)
                log.append(UInt8(ascii: "\n"))
                ledger = ApprovalLedger(log: log)
            }
            for (template, entry, line) in carried {
                let revision = template.currentRevision
                let reason = "carried over from \(Self.unchainedLogName) line \(line)"
                add(
                    ApprovalEntry(
                        template: template.id, revision: revision, action: .submit, by: migrator, at: time,
                        author: template.author, reason: reason))
                add(
                    ApprovalEntry(
                        template: template.id, revision: revision, action: .approve, by: entry.by, at: entry.at,
                        lint: "clean", author: template.author, reason: reason))
            }
            try AtomicFile.write(old, to: kept)
            try AtomicFile.write(log, to: logURL)
        }
        // The front matter caches the new log.
        for url in try TemplateLibrary.files(in: folder) {
            guard var template = try? load(url.deletingPathExtension().lastPathComponent) else { continue }
            if let carriedOver = carried.first(where: { $0.template.id == template.id }) {
                template.status = .approved
                template.approvedBy = carriedOver.entry.by
                template.approvedAt = carriedOver.entry.at
                template.revision = template.currentRevision
            } else if template.status == .approved || template.status == .inReview {
                template.status = .draft
                template.approvedBy = nil
                template.approvedAt = nil
                template.revision = nil
            } else {
                continue
            }
            try save(template)
        }
        return report
    }

    /// The revision the unchained log recorded: FNV-1a 64 of the body, 16 hex digits.
    public static func unchainedRevision(_ body: String) -> String {
        let hex = String(FNV1a.hash64(body), radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
