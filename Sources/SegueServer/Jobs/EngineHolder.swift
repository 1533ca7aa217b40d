import Foundation
import SegueSession
import Synchronization

/// The engine new jobs and previews use, swapped whole when the approved templates change: a job holds the engine
/// it started with, the next one gets the new one, and nothing restarts.
public final class EngineHolder: Sendable {
    private let engine: Mutex<SegueEngine>

    public init(_ engine: SegueEngine) { self.engine = Mutex(engine) }

    /// The engine now.
    public var current: SegueEngine { engine.withLock { $0 } }

    /// Reloads the templates of `folder` into the engine for every job that starts from now.
    /// - Throws: the template loader's errors; the engine then stays as it was.
    public func reloadTemplates(from folder: URL) throws {
        let reloaded = try current.reloadingTemplates(from: folder)
        engine.withLock { $0 = reloaded }
    }
}
