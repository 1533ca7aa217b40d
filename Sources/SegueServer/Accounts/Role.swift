/// What a studio account may do. Each role includes the ones before it: an editor may do what a listener does.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Makes and hears their own sessions.
    case listener
    /// Edits commentary templates, and makes sessions for any listener.
    case editor
    /// Approves or rejects templates.
    case reviewer
    /// Everything, including accounts.
    case admin

    var rank: Int {
        switch self {
        case .listener: 0
        case .editor: 1
        case .reviewer: 2
        case .admin: 3
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// Staff may pick any listener and see every session.
    public var isStaff: Bool { self >= .editor }
}
