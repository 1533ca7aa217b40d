import Foundation
import SegueCore
import SegueFiles

/// The editorial workflow on `prompts/`: submit, approve and reject templates, each step recorded in
/// the append-only `approvals.jsonl`.
public struct TemplateStudio: Sendable {
    public var folder: URL
    public var linter: TemplateLinter
    /// Times the worst case of each template (`L002`); nil skips that check.
    public var speech: (synthesizer: any SpeechSynthesizing, voices: URL)?

    public init(
        folder: URL, linter: TemplateLinter = TemplateLinter(),
        speech: (synthesizer: any SpeechSynthesizing, voices: URL)? = nil
    ) {
        self.folder = folder
        self.linter = linter
        self.speech = speech
    }

    /// The hash-chained log of every workflow step: the authority on what speaks in production.
    public var logURL: URL { folder.appendingPathComponent(TemplateLibrary.logName) }

    /// Lints every template file (or those named), with file:line:column findings.
    public func lint(ids: [String] = []) async throws -> [LintFinding] {
        let files = try templateFiles().filter {
            ids.isEmpty || ids.contains($0.deletingPathExtension().lastPathComponent)
        }
        var findings: [LintFinding] = []
        for url in files {
            let text = try TemplateLibrary.text(of: url)
            findings += linter.lint(text: text, path: url.path)
            if let template = try? CommentaryTemplate(text: text, path: url.path) {
                findings += try await lengthFindings(template)
            }
        }
        let all = try templateFiles().compactMap { url in
            (try? TemplateLibrary.text(of: url)).flatMap {
                try? CommentaryTemplate(text: $0, path: url.path)
            }
        }
        findings += linter.nearDuplicates(all).filter { finding in
            ids.isEmpty || ids.contains { finding.path.hasSuffix("/\($0).mustache") }
        }
        if ids.isEmpty { findings += try phraseFindings() }
        return findings
    }

    /// The editors' phrase tables linted as template text is, line by line.
    private func phraseFindings() throws -> [LintFinding] {
        var findings: [LintFinding] = []
        for name in [TalkPhrases.genresName, TalkPhrases.reasonsName] {
            let url = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            for (index, line) in try InputFile.text(url).components(separatedBy: "\n").enumerated()
            where !line.hasPrefix("#") {
                let fields = line.components(separatedBy: "\t")
                guard fields.count == 3 else { continue }
                findings += linter.phrase(fields[2], path: url.path, line: index + 1)
            }
        }
        return findings
    }

    /// `L002`: the worst case synthesised with the voice of the template's language.
    private func lengthFindings(_ template: CommentaryTemplate) async throws -> [LintFinding] {
        guard let speech else { return [] }
        let voices = try VoiceProfile.loadAll(from: speech.voices).values.sorted { $0.name < $1.name }
        let language = template.locale.lowercased()
        guard
            let voice = voices.first(where: { $0.language.lowercased() == language })
                ?? voices.first(where: { $0.language.lowercased().prefix(2) == language.prefix(2) })
        else { return [] }
        let clip = try await speech.synthesizer.synthesize(TemplateLinter.worstCase(template), voice: voice)
        return linter.spokenLength(template, seconds: clip.duration).map { [$0] } ?? []
    }
    /// Sends the template's current revision to review.
    public func submit(_ id: String, by editor: String, at time: String) throws {
        var template = try load(id)
        let revision = template.currentRevision
        try record { ledger in
            switch ledger.state(of: id) {
            case .submitted(let submitted, _) where submitted == revision:
                throw StudioError("\(template.path): this revision is already in review")
            case .approved(let approval) where approval.revision == revision:
                throw StudioError("\(template.path): this revision is already approved (by \(approval.approver))")
            case .retired:
                throw StudioError("\(template.path): a retired template cannot be submitted")
            default:
                return ApprovalEntry(
                    template: id, revision: revision, action: .submit, by: editor, at: time, author: template.author)
            }
        }
        template.status = .inReview
        try save(template)
    }

    /// Approves the submitted revision for production: never by its author, only after a submit of exactly this
    /// revision, and only when the linter is clean.
    public func approve(_ id: String, by approver: String, at time: String) async throws {
        var template = try load(id)
        let revision = template.currentRevision
        guard approver != template.author else {
            throw StudioError("\(template.path): \(approver) wrote this template and cannot approve it")
        }
        let findings = try await lint(ids: [id])
        guard findings.isEmpty else {
            throw StudioError(
                "\(template.path): lint must be clean to approve:\n"
                    + findings.map(\.description).joined(separator: "\n"))
        }
        try record { ledger in
            switch ledger.state(of: id) {
            case .submitted(let submitted, let author) where submitted == revision:
                guard approver != author else {
                    throw StudioError("\(template.path): \(approver) submitted it as its author and cannot approve it")
                }
                return ApprovalEntry(
                    template: id, revision: revision, action: .approve, by: approver, at: time, lint: "clean",
                    author: author)
            case .submitted:
                throw StudioError(
                    "\(template.path): it changed since it was submitted; submit this revision (\(revision)) first")
            case .approved(let approval) where approval.revision == revision:
                throw StudioError("\(template.path): this revision is already approved (by \(approval.approver))")
            case .retired:
                throw StudioError("\(template.path): a retired template cannot be approved")
            default:
                throw StudioError(
                    "\(template.path): only a submitted revision can be approved; submit it first "
                        + "(segue templates submit \(id) --by EDITOR)")
            }
        }
        template.status = .approved
        template.approvedBy = approver
        template.approvedAt = time
        template.revision = revision
        try save(template)
    }

    /// Sends a template in review, or approved, back to draft, with the reason.
    public func reject(_ id: String, by editor: String, at time: String, reason: String) throws {
        var template = try load(id)
        try record { ledger in
            switch ledger.state(of: id) {
            case .submitted, .approved:
                return ApprovalEntry(
                    template: id, revision: template.currentRevision, action: .reject, by: editor, at: time,
                    author: template.author, reason: reason)
            default:
                throw StudioError("\(template.path): only a template in review or approved can be rejected")
            }
        }
        template.status = .draft
        template.approvedBy = nil
        template.approvedAt = nil
        template.revision = nil
        try save(template)
    }

    /// Takes a template out of production for good, with the reason.
    public func retire(_ id: String, by editor: String, at time: String, reason: String) throws {
        var template = try load(id)
        try record { ledger in
            guard ledger.state(of: id) != .retired else { throw StudioError("\(template.path): already retired") }
            return ApprovalEntry(
                template: id, revision: template.currentRevision, action: .retire, by: editor, at: time,
                author: template.author, reason: reason)
        }
        template.status = .retired
        try save(template)
    }

    /// The log replayed, as production reads it.
    public func ledger() throws -> ApprovalLedger { try TemplateLibrary.ledger(in: folder) }

    private func templateFiles() throws -> [URL] {
        try TemplateLibrary.files(in: folder)
    }

    func load(_ id: String) throws -> CommentaryTemplate {
        let url = folder.appendingPathComponent("\(id).mustache")
        guard FileManager.default.fileExists(atPath: url.path) else {
            let known = (try? templateFiles().map { $0.deletingPathExtension().lastPathComponent }) ?? []
            throw StudioError("\(url.path): no such template (templates: \(known.joined(separator: ", ")))")
        }
        return try CommentaryTemplate(text: try TemplateLibrary.text(of: url), path: url.path)
    }

    func save(_ template: CommentaryTemplate) throws {
        try AtomicFile.write(Data(template.fileText.utf8), to: URL(fileURLWithPath: template.path))
    }

    /// Adds the step `make` returns at the end of the log, chained to the last line. One editor at a time (the
    /// folder is locked): the log is read, the step checked against it, and the log replaced atomically, so a crash
    /// leaves the old log or the new one, and two editors at once both keep their entries. A last line without its
    /// newline is closed first, never merged with the new entry. A log whose chain is broken takes no more steps.
    private func record(_ make: (ApprovalLedger) throws -> ApprovalEntry) throws {
        try AtomicFile.withLock(on: logURL.deletingLastPathComponent()) {
            var log = FileManager.default.fileExists(atPath: logURL.path) ? try InputFile.read(logURL) : Data()
            let ledger = ApprovalLedger(log: log)
            if let line = ledger.breakLine, let problem = ledger.problems.last {
                throw StudioError(
                    "\(logURL.path):\(line): \(problem.message). Restore the log from version control "
                        + "(git checkout -- \(logURL.lastPathComponent)) before taking another step")
            }
            let entry = try make(ledger)
            if let last = log.last, last != UInt8(ascii: "\n") { log.append(UInt8(ascii: "\n")) }
            log.append(ledger.sealed(entry))
            log.append(UInt8(ascii: "\n"))
            try AtomicFile.write(log, to: logURL)
        }
    }
}

/// A workflow step that cannot be taken.
public struct StudioError: SegueError {
    public var description: String
    public init(_ description: String) { self.description = description }
}
