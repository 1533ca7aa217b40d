import Foundation

/// A script line a reviewer flagged for trust and safety.
public struct LineFlag: Sendable, Codable, Equatable {
    /// The session's id.
    public var session: String
    /// The line's id in the session's script.
    public var line: String
    public var reason: FlagReason
    public var note: String
    /// The reviewer's account name.
    public var by: String
    public var at: Date
    /// The reviewer who resolved it; nil while it is open.
    public var resolvedBy: String?

    public init(
        session: String, line: String, reason: FlagReason, note: String, by: String, at: Date = Date(),
        resolvedBy: String? = nil
    ) {
        self.resolvedBy = resolvedBy
        self.session = session
        self.line = line
        self.reason = reason
        self.note = note
        self.by = by
        self.at = at
    }
}
