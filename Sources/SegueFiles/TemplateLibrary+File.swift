import Foundation
import SegueCore

extension TemplateLibrary {
    /// Loads every `*.mustache` file in `folder`; a broken template stops the load (see `load(from:warnings:)`).
    /// - Throws: `FileError` for a missing folder; `TemplateError` for the first file that cannot be read or parsed,
    ///   or duplicate ids.
    public static func load(from folder: URL) throws -> TemplateLibrary {
        var warnings: [InputWarning]?
        return try load(from: folder, leavingOutBroken: &warnings)
    }

    /// Loads every `*.mustache` file in `folder`, leaving out a broken one that is not approved (a draft an editor
    /// is working on) with a warning, so one broken draft never stops every session. A broken file that says it is
    /// approved still stops the load: production would lose a line an editor signed off.
    /// - Throws: `FileError` for a missing folder; `TemplateError` for a broken approved template or duplicate ids.
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
        var templates: [CommentaryTemplate] = []
        var seen: [String: String] = [:]
        for url in try files(in: folder) {
            let template: CommentaryTemplate
            do {
                template = try CommentaryTemplate(text: try text(of: url), path: url.path)
            } catch let error as TemplateError where brokenDrafts != nil && !claimsApproval(url) {
                brokenDrafts?.append(
                    InputWarning(path: url.path, field: "", message: "left out, it does not parse (\(error.message))"))
                continue
            }
            if let other = seen[template.id] {
                throw TemplateError(
                    path: url.path, line: 1, message: "duplicate template id '\(template.id)' (also in \(other))")
            }
            seen[template.id] = url.path
            templates.append(template)
        }
        return TemplateLibrary(templates: templates)
    }

    /// Whether a file's front matter says `status: approved` (read without parsing the rest).
    private static func claimsApproval(_ url: URL) -> Bool {
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").prefix(20).contains { line in
            line.replacingOccurrences(of: " ", with: "").lowercased() == "status:approved"
        }
    }

    /// The `*.mustache` files in `folder`, by name.
    /// - Throws: `FileError` when the folder cannot be listed.
    public static func files(in folder: URL) throws -> [URL] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw FileError(.notFound, path: folder.path, message: "no templates folder here (give --prompts)")
        }
        return names.filter { $0.hasSuffix(".mustache") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// A template file's text.
    /// - Throws: `TemplateError` when it cannot be read as UTF-8 text.
    public static func text(of url: URL) throws -> String {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw TemplateError(path: url.path, line: 0, message: "cannot be read as UTF-8 text")
        }
        return text
    }
}
