/// Where a session job is: its stage, the fraction of the whole done, and when finished the session's id.
public struct JobStatus: Sendable, Codable, Equatable {
    /// The job's stage, in the engine's order.
    public enum Stage: String, Sendable, Codable {
        case queued, planning, scripting, voicing, mixing, done, failed, cancelled

        /// Whether the job will change no more.
        public var isFinal: Bool { self == .done || self == .failed || self == .cancelled }
    }

    /// What a job makes: a whole session, a script for review only, or a session from an approved script.
    public enum Kind: String, Sendable, Codable {
        case session, script, render
    }

    public var id: String
    /// What it makes.
    public var kind: Kind
    public var listener: String
    /// The account that asked for it.
    public var owner: String
    public var stage: Stage
    /// 0 to 1 over the whole job (planning 0–0.1, scripting –0.2, voicing –0.4, mixing –1).
    public var fraction: Double
    /// The finished session's id.
    public var session: String?
    /// The script made for review (a `script` job), or rendered (a `render` job).
    public var script: String?
    /// Why it failed, in words fit for the requester (no paths).
    public var message: String?
}
