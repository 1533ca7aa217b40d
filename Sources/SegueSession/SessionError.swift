import SegueCore

/// A session that cannot be made at all.
public struct SessionError: SegueError, Equatable {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// Every candidate's audio was missing or unreadable, or the catalog has nothing for the listener.
        case noPlayableTrack
        /// A saved plan or script that does not fit the engine's catalog, or is inconsistent in itself.
        case inconsistentPlan
        /// A line the safety check blocked where nothing else can be said (`segue say`).
        case blocked
        /// A `segue` process asked to render a session ended without one.
        case processFailed
    }

    public var code: Code
    /// What is wrong, for a person.
    public var message: String

    public init(_ code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
