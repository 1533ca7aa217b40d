import Foundation

/// One action in the studio's audit log: an edit, submit, approve, reject or flag.
public struct AuditEntry: Sendable, Codable, Equatable {
    /// The signed-in account that acted.
    public var actor: String
    /// `edit`, `submit`, `approve`, `reject`, `flag`, `resolve`, `render`.
    public var action: String
    /// What it acted on: `template:ID`, `session:ID/LINE`, `script:ID` or `script:ID/LINE`.
    public var target: String
    /// A reason, a note or a revision; may be empty.
    public var detail: String
    public var at: Date

    public init(actor: String, action: String, target: String, detail: String = "", at: Date = Date()) {
        self.actor = actor
        self.action = action
        self.target = target
        self.detail = detail
        self.at = at
    }
}
