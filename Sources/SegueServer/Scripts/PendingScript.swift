import Foundation
import SegueCore

/// A session planned and scripted but not rendered: it waits for a reviewer's approval, and only an approved script
/// is voiced and mixed (from its stored `script.json`, never scripted again).
public struct PendingScript: Sendable, Codable, Equatable {
    /// Where the script is in review.
    public enum Status: String, Sendable, Codable {
        case pending, approved, rendered
    }

    /// Its id, also its folder's name under `<data>/scripts`.
    public var id: String
    public var listener: String
    /// The account that asked for it.
    public var owner: String
    public var created: Date
    public var minutes: Double
    public var discovery: Double
    public var arc: String
    public var seed: UInt64
    public var status: Status
    /// The reviewer who approved it.
    public var approvedBy: String?
    /// The SHA-256 of the `script.json` approved: a render refuses a file that changed since.
    public var approvedDigest: String?
    /// The session rendered from it.
    public var session: String?

    public init(
        id: String, request: SessionRequest, owner: String, created: Date = Date(), status: Status = .pending,
        approvedBy: String? = nil, approvedDigest: String? = nil, session: String? = nil
    ) {
        self.id = id
        listener = request.listener
        self.owner = owner
        self.created = created
        minutes = request.minutes
        discovery = request.discovery
        arc = request.arc.rawValue
        seed = request.seed
        self.status = status
        self.approvedBy = approvedBy
        self.approvedDigest = approvedDigest
        self.session = session
    }

    /// The request it was made for.
    public var request: SessionRequest {
        SessionRequest(
            listener: listener, minutes: minutes, discovery: discovery, arc: EnergyArc(rawValue: arc) ?? .peak,
            seed: seed)
    }
}
