import Foundation
import SegueCore

extension TemplateLibrary {
    /// Loads every `*.mustache` file in `folder`.
    /// - Throws: `TemplateError` for the first file that does not parse, or duplicate ids.
    public static func load(from folder: URL) throws -> TemplateLibrary {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw FileError(.notFound, path: folder.path, message: "no templates folder here (give --prompts)")
        }
        var templates: [CommentaryTemplate] = []
        var seen: [String: String] = [:]
        for name in names.sorted() where name.hasSuffix(".mustache") {
            let url = folder.appendingPathComponent(name)
            let text: String
            do {
                text = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw TemplateError(path: url.path, line: 0, message: "cannot be read as UTF-8 text")
            }
            let template = try CommentaryTemplate(text: text, path: url.path)
            if let other = seen[template.id] {
                throw TemplateError(
                    path: url.path, line: 1, message: "duplicate template id '\(template.id)' (also in \(other))")
            }
            seen[template.id] = url.path
            templates.append(template)
        }
        return TemplateLibrary(templates: templates)
    }
}
