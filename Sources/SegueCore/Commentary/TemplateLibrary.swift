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
    /// The approval log: the authority on what speaks in production.
    public var ledger: ApprovalLedger
    /// The editors' genre and reason phrases beside the templates.
    public var phrases: TalkPhrases

    public init(templates: [CommentaryTemplate], ledger: ApprovalLedger, phrases: TalkPhrases = TalkPhrases()) {
        self.templates = templates.sorted { $0.id < $1.id }
        self.ledger = ledger
        self.phrases = phrases
    }

    /// Whether `template` may speak in production: the log approves exactly its current revision.
    public func isApproved(_ template: CommentaryTemplate) -> Bool {
        if case .success = ledger.approval(of: template) { return true }
        return false
    }

    /// Templates refused at run time, with the reason: those whose front matter says approved, or that the log
    /// once approved, without a log approval of their current revision (edited since, hand-written header, ...).
    public var refused: [(template: CommentaryTemplate, reason: String)] {
        templates.compactMap { template in
            guard case .failure(let refusal) = ledger.approval(of: template) else { return nil }
            if template.status == .approved { return (template, refusal.message) }
            if case .approved = ledger.state(of: template.id) { return (template, refusal.message) }
            return nil
        }
    }

    /// Whether `template` is out of production for good (in the log or its front matter).
    public func isRetired(_ template: CommentaryTemplate) -> Bool {
        template.status == .retired || ledger.state(of: template.id) == .retired
    }

    /// Templates of `kind` that may speak in `mode` for `locale` (exact locale first, then same language).
    public func candidates(kind: CommentaryTemplate.Kind, locale: String, mode: Mode) -> [CommentaryTemplate] {
        let allowed = templates.filter { template in
            template.kind == kind
                && (isApproved(template) || (mode == .preview && !isRetired(template)))
        }
        let exact = allowed.filter { $0.locale.caseInsensitiveCompare(locale) == .orderedSame }
        if !exact.isEmpty { return exact }
        let language = Self.language(of: locale)
        return allowed.filter { $0.locale.lowercased().hasPrefix(language) }
    }

    /// The language of a BCP 47 tag, lower-cased: "es" for "es-ES", "en" for "en_US".
    public static func language(of locale: String) -> String {
        String(locale.prefix { $0 != "-" && $0 != "_" }).lowercased()
    }
}
