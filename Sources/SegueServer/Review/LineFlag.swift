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

    public init(session: String, line: String, reason: FlagReason, note: String, by: String, at: Date = Date()) {
        self.session = session
        self.line = line
        self.reason = reason
        self.note = note
        self.by = by
        self.at = at
    }
}
