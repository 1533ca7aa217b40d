import Foundation

/// A finished session the studio keeps: its id (also its folder's name), whose it is and how it was asked for.
public struct StoredSession: Sendable, Equatable {
    public var id: String
    /// The account that asked for it.
    public var owner: String
    public var created: Date
    /// How it was asked for: listener, length, dial, arc, seed.
    public var request: SessionRequest

    /// The listener it is for.
    public var listener: String { request.listener }

    public init(id: String, owner: String, created: Date, request: SessionRequest) {
        self.id = id
        self.owner = owner
        self.created = created
        self.request = request
    }
}
