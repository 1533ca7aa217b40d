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

    /// The log of every workflow step.
    public var logURL: URL { folder.appendingPathComponent("approvals.jsonl") }

    /// One line of the approval log.
    public struct LogEntry: Codable, Equatable, Sendable {
        public var template: String
        public var revision: String
        public var action: String
        public var by: String
        public var at: String
        public var lint: String
        public var reason: String?
    }

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
            (try? String(contentsOf: url, encoding: .utf8)).flatMap {
                try? CommentaryTemplate(text: $0, path: url.path)
            }
        }
        findings += linter.nearDuplicates(all).filter { finding in
            ids.isEmpty || ids.contains { finding.path.hasSuffix("/\($0).mustache") }
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
    /// Marks a draft as ready for review.
    public func submit(_ id: String, by editor: String, at time: String) throws {
        var template = try load(id)
        guard template.status == .draft else {
            throw StudioError("\(template.path): only a draft can be submitted (it is \(template.status.rawValue))")
        }
        template.status = .inReview
        try save(template)
        try append(
            LogEntry(
                template: id, revision: template.currentRevision, action: "submit", by: editor, at: time, lint: "-"))
    }

    /// Approves a template for production: never by its author, only when the linter is clean.
    public func approve(_ id: String, by approver: String, at time: String) async throws {
        var template = try load(id)
        guard template.status != .retired else {
            throw StudioError("\(template.path): a retired template cannot be approved")
        }
        guard approver != template.author else {
            throw StudioError("\(template.path): \(approver) wrote this template and cannot approve it")
        }
        let findings = try await lint(ids: [id])
        guard findings.isEmpty else {
            throw StudioError(
                "\(template.path): lint must be clean to approve:\n"
                    + findings.map(\.description).joined(separator: "\n"))
        }
        template.status = .approved
        template.approvedBy = approver
        template.approvedAt = time
        template.revision = template.currentRevision
        try save(template)
        try append(
            LogEntry(
                template: id, revision: template.currentRevision, action: "approve", by: approver, at: time,
                lint: "clean"))
    }

    /// Sends a template back to draft, with the reason.
    public func reject(_ id: String, by editor: String, at time: String, reason: String) throws {
        var template = try load(id)
        template.status = .draft
        template.approvedBy = nil
        template.approvedAt = nil
        template.revision = nil
        try save(template)
        try append(
            LogEntry(
                template: id, revision: template.currentRevision, action: "reject", by: editor, at: time, lint: "-",
                reason: reason))
    }

    private func templateFiles() throws -> [URL] {
        try TemplateLibrary.files(in: folder)
    }

    private func load(_ id: String) throws -> CommentaryTemplate {
        let url = folder.appendingPathComponent("\(id).mustache")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            let known = (try? templateFiles().map { $0.deletingPathExtension().lastPathComponent }) ?? []
            throw StudioError("\(url.path): no such template (templates: \(known.joined(separator: ", ")))")
        }
        return try CommentaryTemplate(text: text, path: url.path)
    }

    private func save(_ template: CommentaryTemplate) throws {
        try AtomicFile.write(Data(template.fileText.utf8), to: URL(fileURLWithPath: template.path))
    }

    /// Adds one line at the end of the log; earlier lines are kept as they are.
    private func append(_ entry: LogEntry) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(entry)
        line.append(UInt8(ascii: "\n"))
        // Read, add, and replace atomically, one editor at a time (the folder is locked): a crash leaves the old log
        // or the new one, two editors at once both keep their entries, and a last line without its newline is
        // closed first, never merged with the new entry.
        try AtomicFile.withLock(on: logURL.deletingLastPathComponent()) {
            var log = FileManager.default.contents(atPath: logURL.path) ?? Data()
            if let last = log.last, last != UInt8(ascii: "\n") { log.append(UInt8(ascii: "\n")) }
            log.append(line)
            try AtomicFile.write(log, to: logURL)
        }
    }
}

/// A workflow step that cannot be taken.
public struct StudioError: SegueError {
    public var description: String
    public init(_ description: String) { self.description = description }
}
