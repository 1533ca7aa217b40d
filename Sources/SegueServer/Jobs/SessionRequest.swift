import SegueCore

/// What a session job makes: for whom, how long, how adventurous, which arc, which seed.
public struct SessionRequest: Sendable, Codable, Equatable {
    public var listener: String
    public var minutes: Double
    public var discovery: Double
    public var arc: EnergyArc
    public var seed: UInt64

    public init(
        listener: String, minutes: Double = 10, discovery: Double = 0.2, arc: EnergyArc = .peak, seed: UInt64 = 7
    ) {
        self.listener = listener
        self.minutes = minutes
        self.discovery = discovery
        self.arc = arc
        self.seed = seed
    }

    /// The longest session the studio renders, in minutes.
    public static let maxMinutes = 120.0

    /// - Throws: `StudioError.badRequest` for a length or dial out of range.
    public func validated() throws -> SessionRequest {
        guard minutes.isFinite, minutes > 0, minutes <= Self.maxMinutes else {
            throw StudioError(.badRequest, message: "minutes must be more than 0 and at most \(Int(Self.maxMinutes))")
        }
        guard discovery.isFinite, (0...1).contains(discovery) else {
            throw StudioError(.badRequest, message: "discovery must be between 0 and 1")
        }
        return self
    }
}
