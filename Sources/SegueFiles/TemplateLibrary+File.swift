import Foundation
import SegueCore

extension TemplateLibrary {
    /// Loads every `*.mustache` file in `folder`.
    /// - Throws: `FileError` for a missing folder; `TemplateError` for the first file that cannot be read or parsed,
    ///   or duplicate ids.
    public static func load(from folder: URL) throws -> TemplateLibrary {
        var templates: [CommentaryTemplate] = []
        var seen: [String: String] = [:]
        for url in try files(in: folder) {
            let template = try CommentaryTemplate(text: try text(of: url), path: url.path)
            if let other = seen[template.id] {
                throw TemplateError(
                    path: url.path, line: 1, message: "duplicate template id '\(template.id)' (also in \(other))")
            }
            seen[template.id] = url.path
            templates.append(template)
        }
        return TemplateLibrary(templates: templates)
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
