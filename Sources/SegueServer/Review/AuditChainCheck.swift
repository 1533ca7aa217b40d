import Foundation

/// The audit log's hash chain replayed from its first entry: whether every entry's hash follows from the one before
/// and its own fields, and where it first does not.
///
/// The chain finds an entry edited, deleted or inserted in the database behind the studio's back. It cannot find the
/// newest entries cut off the end (nothing comes after them to disagree): a copy of the last hash kept elsewhere can.
public struct AuditChainCheck: Sendable, Codable, Equatable {
    /// How many entries the log holds.
    public var entries: Int
    /// Whether every entry's hash matched.
    public var intact: Bool
    /// The log position (1 = oldest) of the first entry whose hash does not follow, when the chain is broken.
    public var brokenAt: Int?
    /// The hash of the newest entry, to compare with a copy kept elsewhere.
    public var head: String
}
