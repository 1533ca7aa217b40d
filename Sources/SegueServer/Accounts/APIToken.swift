import Foundation

/// An API token as its owner sees it after it was shown: a short id to revoke it by, and when it was made. The token
/// itself is shown once, when it is made, and kept only as its SHA-256.
public struct APIToken: Sendable, Codable, Equatable {
    /// How many hex digits of the token's digest name it.
    static let idLength = 12

    /// The first `idLength` hex digits of the token's SHA-256.
    public var id: String
    public var created: Date

    /// The short id of `token` (the token itself, as shown once).
    static func id(of token: String) -> String {
        String(StudioStore.digest(token).prefix(idLength))
    }
}
