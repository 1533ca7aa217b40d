import Foundation

/// A script made for review as the API shows it: its status and approver, and its lines with their safety findings,
/// fact ledger and flags.
struct ScriptDetail: Sendable, Codable {
    var script: PendingScript
    var review: ScriptReview
    /// Flags not resolved yet: approval is refused while there are any.
    var openFlags: Int
}
