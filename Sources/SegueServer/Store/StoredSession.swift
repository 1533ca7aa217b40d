import Foundation

/// A finished session the studio keeps: its id (also its folder's name), whose it is and how it was asked for.
public struct StoredSession: Sendable, Codable, Equatable {
    public var id: String
    public var listener: String
    /// The account that asked for it.
    public var owner: String
    public var created: Date
    public var minutes: Double
    public var discovery: Double
    public var arc: String
    public var seed: UInt64

    public init(
        id: String, listener: String, owner: String, created: Date, minutes: Double, discovery: Double, arc: String,
        seed: UInt64
    ) {
        self.id = id
        self.listener = listener
        self.owner = owner
        self.created = created
        self.minutes = minutes
        self.discovery = discovery
        self.arc = arc
        self.seed = seed
    }
}
