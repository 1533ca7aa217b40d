import Foundation
import Logging
import SegueSession

/// Everything the studio's routes share, made once: the store, the engine, the listeners, the job queue.
public struct Studio: Sendable {
    public let configuration: StudioConfiguration
    public let store: StudioStore
    /// The engine now; it changes when the approved templates do (`reloadTemplates()`).
    public var engine: SegueEngine { maker.engine }
    public let listeners: ListenerDirectory
    public let jobs: SessionJobs
    /// The editor's spoken template previews.
    public let spokenPreviews = SpokenPreviews()
    /// Lineups computed inline by requests take their turn here, one per core.
    public let lineupGate = WorkGate(slots: ProcessInfo.processInfo.activeProcessorCount)
    /// The listener contexts those lineups start from, kept for the minute.
    let listenerContexts = ListenerContextCache()
    let maker: SessionMaker
    let signIn: SignIn

    /// Opens the studio's store in `configuration.dataFolder` (creating it) around a loaded engine.
    public init(
        configuration: StudioConfiguration, engine: SegueEngine, listeners: ListenerDirectory,
        logger: Logger = Logger(label: "segue.studio")
    ) throws {
        self.configuration = configuration
        self.listeners = listeners
        store = try StudioStore(url: configuration.databaseURL)
        do {
            try FileManager.default.createDirectory(at: configuration.sessionsFolder, withIntermediateDirectories: true)
        } catch {
            throw StudioError(.internalError, message: "cannot make \(configuration.sessionsFolder.path)")
        }
        // A render killed mid-way left its staging folder: never a session, only disk.
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: configuration.sessionsFolder.path)) ?? []
        for name in leftovers where name.hasPrefix(".staging-") {
            try? FileManager.default.removeItem(at: configuration.sessionsFolder.appendingPathComponent(name))
        }
        maker = SessionMaker(engine: engine, listeners: listeners, store: store, folder: configuration.sessionsFolder)
        // Likewise a script job killed mid-way.
        let scripts = (try? FileManager.default.contentsOfDirectory(atPath: maker.scriptsFolder.path)) ?? []
        for name in scripts where name.hasPrefix(".staging-") {
            try? FileManager.default.removeItem(at: maker.scriptsFolder.appendingPathComponent(name))
        }
        try store.forgetJobs()
        let interrupted = try store.failInterruptedJobs()
        if interrupted > 0 { logger.warning("\(interrupted) jobs were left unfinished by the last run: marked failed") }
        jobs = SessionJobs(maker: maker, capacity: configuration.queueCapacity, logger: logger)
        var signIn = SignIn(store: store, hasher: configuration.hasher)
        signIn.limit = configuration.signInLimit
        self.signIn = signIn
    }

    /// Creates an account with a hashed password (`StudioStore.addAccount(_:password:hasher:)`).
    public func addAccount(_ account: Account, password: String) throws {
        try store.addAccount(account, password: password, hasher: configuration.hasher)
    }

    /// The folder of commentary templates the editor page works on.
    public var templatesFolder: URL {
        configuration.templatesFolder ?? configuration.dataFolder.appendingPathComponent("prompts", isDirectory: true)
    }

    /// Loads the templates folder again, so that the next job speaks from the approved set as it is now.
    /// - Throws: the template loader's errors; the engine then stays as it was.
    public func reloadTemplates() throws {
        try maker.holder.reloadTemplates(from: templatesFolder)
    }

    /// Whether an admin account exists (the first run says how to make one when not).
    public func hasAdmin() throws -> Bool { try store.count(role: .admin) > 0 }
}
