import Foundation
import SegueCore

/// One action in the studio's audit log: an edit, submit, approve, reject or flag.
///
/// The log is hash-chained: each entry's `hash` is the SHA-256 of the entry before it (its hash) and this entry's
/// fields, so an entry edited, deleted or inserted behind the studio's back breaks the chain from there on
/// (`StudioStore.verifyAuditChain()`).
public struct AuditEntry: Sendable, Codable, Equatable {
    /// The signed-in account that acted.
    public var actor: String
    /// `edit`, `submit`, `approve`, `reject`, `retire`, `flag`, `resolve`, `render`, `account`.
    public var action: String
    /// What it acted on: `template:ID`, `session:ID/LINE`, `script:ID`, `script:ID/LINE` or `account:NAME`.
    public var target: String
    /// A reason, a note or a revision; may be empty.
    public var detail: String
    public var at: Date
    /// The entry's link in the chain (hex SHA-256); empty until the store writes it.
    public var hash = ""

    public init(actor: String, action: String, target: String, detail: String = "", at: Date = Date()) {
        self.actor = actor
        self.action = action
        self.target = target
        self.detail = detail
        self.at = at
    }
}

extension AuditEntry {
    /// The chain hash of this entry after the entry whose hash is `previous` ("" for the first): the SHA-256 of
    /// `previous` and the fields as a JSON array of strings (unambiguous whatever a note holds).
    func chainHash(after previous: String) -> String {
        let fields = [previous, String(at.timeIntervalSince1970), actor, action, target, detail]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Encoding an array of strings cannot fail.
        let bytes = (try? encoder.encode(fields)) ?? Data(fields.joined(separator: "\u{1F}").utf8)
        return ContentHash.sha256Hex(bytes)
    }
}
