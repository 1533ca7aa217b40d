/// The plan stage's value: the lineup for one listener and, for every pick, what its audio pass found.
/// Saved as `plan.json` (`segue plan`), it can be reviewed, then scripted and rendered later.
public struct SessionPlan: Sendable, Codable, Equatable {
    /// Format version of the saved plan.
    public var version = 1
    public var listener: Listener
    /// The language the DJ speaks: the listener's locale when templates exist for it, else Segue's default.
    public var locale: String
    public var options: SessionOptions
    public var lineup: Lineup
    /// One analysis per pick, in lineup order (`analyses[i]` belongs to `lineup.picks[i]`).
    public var analyses: [TrackAnalysis]

    /// A plan; `analyses` must line up with `lineup.picks`.
    /// - Precondition: `analyses.count == lineup.picks.count`.
    public init(
        listener: Listener, options: SessionOptions, lineup: Lineup, analyses: [TrackAnalysis], locale: String? = nil
    ) {
        precondition(analyses.count == lineup.picks.count, "one analysis per pick")
        self.listener = listener
        self.locale = locale ?? listener.locale
        self.options = options
        self.lineup = lineup
        self.analyses = analyses
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        guard version == 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: c, debugDescription: "plan format \(version), this Segue reads format 1")
        }
        listener = try c.decode(Listener.self, forKey: .listener)
        locale = try c.decode(String.self, forKey: .locale)
        options = try c.decode(SessionOptions.self, forKey: .options)
        lineup = try c.decode(Lineup.self, forKey: .lineup)
        analyses = try c.decode([TrackAnalysis].self, forKey: .analyses)
        guard analyses.count == lineup.picks.count else {
            throw DecodingError.dataCorruptedError(
                forKey: .analyses, in: c,
                debugDescription: "\(analyses.count) analyses for \(lineup.picks.count) tracks: one per track expected")
        }
    }
}
