/// The terms one pick won its slot with: relevance − redundancy + discovery + fairness −
/// calibration − transition − arc. Each term is already weighted; `total` is their sum.
public struct ScoreBreakdown: Sendable, Equatable, Codable {
    public var relevance = 0.0
    public var redundancy = 0.0
    public var discovery = 0.0
    public var fairness = 0.0
    public var calibration = 0.0
    public var transition = 0.0
    public var arc = 0.0

    public init() {}

    public var total: Double { relevance - redundancy + discovery + fairness - calibration - transition - arc }

    /// The same breakdown rounded to three decimals, for people and JSON.
    public var rounded: ScoreBreakdown {
        var copy = self
        copy.relevance = relevance.thousandths
        copy.redundancy = redundancy.thousandths
        copy.discovery = discovery.thousandths
        copy.fairness = fairness.thousandths
        copy.calibration = calibration.thousandths
        copy.transition = transition.thousandths
        copy.arc = arc.thousandths
        return copy
    }
}
