import Foundation
import SegueCore

extension TemplateLibrary {
    /// The approval log's file name in a templates folder.
    public static let logName = "approvals.jsonl"

    /// Reads the approval log in `folder`; a missing log approves nothing.
    /// - Throws: `FileError` when the log exists but cannot be read.
    public static func ledger(in folder: URL) throws -> ApprovalLedger {
        let url = folder.appendingPathComponent(logName)
        guard FileManager.default.fileExists(atPath: url.path) else { return ApprovalLedger() }
        return ApprovalLedger(log: try InputFile.read(url))
    }

    /// Loads every `*.mustache` file in `folder`; a broken template stops the load (see `load(from:warnings:)`).
    /// - Throws: `FileError` for a missing folder; `TemplateError` for the first file that cannot be read or parsed,
    ///   or an id that differs from its file name.
    public static func load(from folder: URL) throws -> TemplateLibrary {
        var warnings: [InputWarning]?
        return try load(from: folder, leavingOutBroken: &warnings)
    }

    /// Loads every `*.mustache` file in `folder` and its approval log, leaving out a broken template the log does
    /// not approve (a draft an editor is working on) with a warning, so one broken draft never stops every session.
    /// A broken file the log approves still stops the load: production would lose a line a reviewer signed off.
    /// What is wrong with the log (a broken hash chain, an approval without a submit) is warned about too.
    /// - Throws: `FileError` for a missing folder; `TemplateError` for a broken approved template or an id that differs from its file name.
    public static func load(from folder: URL, warnings: inout [InputWarning]) throws -> TemplateLibrary {
        var collected: [InputWarning]? = warnings
        defer { warnings = collected ?? [] }
        return try load(from: folder, leavingOutBroken: &collected)
    }

    /// Loads the folder; `brokenDrafts` nil stops at the first broken file, else collects the drafts left out.
    private static func load(
        from folder: URL, leavingOutBroken brokenDrafts: inout [InputWarning]?
    ) throws
        -> TemplateLibrary
    {
        let ledger = try ledger(in: folder)
        let logPath = folder.appendingPathComponent(logName).path
        brokenDrafts?.append(
            contentsOf: ledger.problems.map {
                InputWarning(path: logPath, field: "line \($0.line)", message: $0.message)
            })
        var templates: [CommentaryTemplate] = []
        for url in try files(in: folder) {
            let template: CommentaryTemplate
            do {
                template = try CommentaryTemplate(text: try text(of: url), path: url.path)
                let name = url.deletingPathExtension().lastPathComponent
                guard template.id == name else {
                    throw TemplateError(
                        path: url.path, line: 1,
                        message: "id '\(template.id)' differs from the file name: the id must be '\(name)'")
                }
            } catch let error as TemplateError
                where brokenDrafts != nil && !ledger.state(of: url.deletingPathExtension().lastPathComponent).isApproved
            {
                brokenDrafts?.append(
                    InputWarning(path: url.path, field: "", message: "left out, it does not parse (\(error.message))"))
                continue
            }
            templates.append(template)
        }
        return TemplateLibrary(templates: templates, ledger: ledger, phrases: try TalkPhrases.load(from: folder))
    }

    /// The `*.mustache` files in `folder`, by name.
    /// - Throws: `FileError` when the folder cannot be listed.
    public static func files(in folder: URL) throws -> [URL] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw FileError(.notFound, path: folder.path, message: "no templates folder here (give --prompts)")
        }
        return names.filter { $0.hasSuffix(".mustache") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// A template file's text; only a regular file is read (a pipe named `*.mustache` is refused, never waited on).
    /// - Throws: `TemplateError` when it cannot be read, or is not UTF-8 text.
    public static func text(of url: URL) throws -> String {
        let data: Data
        do { data = try InputFile.read(url) } catch let error as FileError {
            let cause = error.cause.map { " (\($0))" } ?? ""
            throw TemplateError(path: url.path, line: 0, message: error.message + cause)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TemplateError(path: url.path, line: 0, message: "cannot be read as UTF-8 text")
        }
        return text
    }
}
