import Foundation

/// The commentary templates in a `prompts/` folder.
public struct TemplateLibrary: Sendable, Equatable {
    /// Which templates may speak.
    public enum Mode: String, Sendable {
        /// Approved templates only.
        case production
        /// Drafts and templates in review too, for editors listening to their work.
        case preview
    }

    public var templates: [CommentaryTemplate]

    public init(templates: [CommentaryTemplate]) { self.templates = templates.sorted { $0.id < $1.id } }

    /// Loads every `*.mustache` file in `folder`.
    /// - Throws: `TemplateError` for the first file that does not parse, or duplicate ids.
    public static func load(from folder: URL) throws -> TemplateLibrary {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw TemplateError(path: folder.path, line: 0, message: "cannot list the templates folder (\(error.localizedDescription))")
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
                throw TemplateError(path: url.path, line: 1, message: "duplicate template id '\(template.id)' (also in \(other))")
            }
            seen[template.id] = url.path
            templates.append(template)
        }
        return TemplateLibrary(templates: templates)
    }

    /// Templates marked approved that are refused at run time, with the reason (edited since approval, ...).
    public var refused: [(template: CommentaryTemplate, reason: String)] {
        templates.compactMap { template in template.approvalProblem.map { (template, $0) } }
    }

    /// Templates of `kind` that may speak in `mode` for `locale` (exact locale first, then same language).
    public func candidates(kind: CommentaryTemplate.Kind, locale: String, mode: Mode) -> [CommentaryTemplate] {
        let allowed = templates.filter { template in
            template.kind == kind
                && (template.hasValidApproval || (mode == .preview && template.status != .retired))
        }
        let exact = allowed.filter { $0.locale.caseInsensitiveCompare(locale) == .orderedSame }
        if !exact.isEmpty { return exact }
        let language = locale.prefix { $0 != "-" && $0 != "_" }.lowercased()
        return allowed.filter { $0.locale.lowercased().hasPrefix(language) }
    }
}
