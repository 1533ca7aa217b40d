import Foundation

/// A person who signs in to the studio.
public struct Account: Sendable, Codable, Equatable {
    /// The sign-in name, unique.
    public var name: String
    public var role: Role
    /// For role listener: the listener id whose sessions this account makes and sees.
    public var listener: String?
    public var created: Date

    public init(name: String, role: Role, listener: String?, created: Date = Date()) {
        self.name = name
        self.role = role
        self.listener = listener
        self.created = created
    }

    /// Whether this account may make or see sessions of `listenerID`.
    public func mayUse(listener listenerID: String) -> Bool {
        role.isStaff || listener == listenerID
    }
}
