import Foundation

/// The commentary templates in a `prompts/` folder.
public struct TemplateLibrary: Sendable, Equatable {
    /// Which templates may speak.
    public enum Mode: String, Sendable, Codable {
        /// Approved templates only.
        case production
        /// Drafts and templates in review too, for editors listening to their work.
        case preview
    }

    public var templates: [CommentaryTemplate]

    public init(templates: [CommentaryTemplate]) { self.templates = templates.sorted { $0.id < $1.id } }

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
