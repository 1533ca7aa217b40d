import Foundation

/// One line of the approval log (`prompts/approvals.jsonl`): a workflow step on one revision of a template.
///
/// Each entry carries `prev`, the SHA-256 of the log line before it, so a line edited, deleted or inserted
/// afterwards breaks the chain where it happened.
public struct ApprovalEntry: Codable, Equatable, Sendable {
    /// The steps of the editorial workflow.
    public enum Action: String, Codable, Sendable {
        /// A draft goes to review; records the revision and its author.
        case submit
        /// A reviewer (never the author) approves the submitted revision with a clean lint.
        case approve
        /// Back to draft, with a reason.
        case reject
        /// Out of production for good.
        case retire
    }

    public var template: String
    public var revision: String
    public var action: Action
    public var by: String
    public var at: String
    /// `clean` on an approval (the linter found nothing), `-` otherwise.
    public var lint: String
    /// The template's author, as the front matter names it when the step is taken.
    public var author: String?
    public var reason: String?
    /// The hash of the line before this one (`ApprovalLedger.genesis` for the first).
    public var prev: String

    public init(
        template: String, revision: String, action: Action, by: String, at: String, lint: String = "-",
        author: String? = nil, reason: String? = nil, prev: String = ApprovalLedger.genesis
    ) {
        self.template = template
        self.revision = revision
        self.action = action
        self.by = by
        self.at = at
        self.lint = lint
        self.author = author
        self.reason = reason
        self.prev = prev
    }
}
