import Foundation
import SegueCore
import SegueFiles
import SegueSession

/// Renders a session with the engine's four stages, as `segue session` does, into a staging folder that is renamed
/// to the session's own folder only once every file is written, then registers it in the store.
public struct SessionMaker: Sendable {
    /// The engine now: new templates reach the next job without a restart (`EngineHolder`).
    public var engine: SegueEngine { holder.current }
    let holder: EngineHolder
    public let listeners: ListenerDirectory
    public let store: StudioStore
    /// `<data>/sessions`: one folder per finished session, named by its id.
    public let folder: URL

    public init(engine: SegueEngine, listeners: ListenerDirectory, store: StudioStore, folder: URL) {
        holder = EngineHolder(engine)
        self.listeners = listeners
        self.store = store
        self.folder = folder
    }

    /// The lineup's impact report in a session's folder, for the impact page.
    static let impactFile = "impact.json"

    /// The folder of the finished session `id` (an id the store gave; never a name from a request).
    func sessionFolder(_ id: String) -> URL { folder.appendingPathComponent(id, isDirectory: true) }

    /// Makes the session `id` for `request`, telling `progress` each stage and the fraction of the whole.
    /// - Throws: the engine's errors; `CancellationError` when cancelled between stages.
    func make(
        id: String, request: SessionRequest, owner: String,
        progress: @escaping @Sendable (JobStatus.Stage, Double) -> Void
    ) async throws -> StoredSession {
        let script = try await planAndScript(request, progress: progress)
        return try await render(id: id, script: script, request: request, owner: owner, progress: progress)
    }

    /// The plan and script stages for `request`.
    func planAndScript(
        _ request: SessionRequest, progress: @escaping @Sendable (JobStatus.Stage, Double) -> Void
    ) async throws -> Script {
        let listener = try listeners.listener(id: request.listener)
        let options = SessionOptions(
            lineup: LineupOptions(
                minutes: request.minutes, seed: request.seed, discovery: request.discovery, arc: request.arc))
        progress(.planning, 0)
        let engine = engine
        let plan = try await BlockingWork.run { try engine.plan(for: listener, options: options) }
        try Task.checkCancellation()
        progress(.scripting, 0.1)
        let script = try await engine.script(plan)
        try Task.checkCancellation()
        return script
    }

    /// The voice and mix stages of `script`, published as the session `id` and registered in the store.
    func render(
        id: String, script: Script, request: SessionRequest, owner: String,
        progress: @escaping @Sendable (JobStatus.Stage, Double) -> Void
    ) async throws -> StoredSession {
        let engine = engine
        let plan = script.plan
        progress(.voicing, 0.2)
        let voiced = try await engine.voice(script)
        try Task.checkCancellation()
        progress(.mixing, 0.4)
        let staging = folder.appendingPathComponent(".staging-\(id)", isDirectory: true)
        let final = sessionFolder(id)
        do {
            try await BlockingWork.run { isCancelled in
                try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
                let rendered = try engine.mix(
                    voiced, stagingIn: staging,
                    progress: { fraction in progress(.mixing, 0.4 + 0.6 * min(max(fraction, 0), 1)) },
                    isCancelled: isCancelled)
                if isCancelled() { throw CancellationError() }
                try rendered.write(to: staging)
                try JSONFile.encode(plan.lineup.metrics.rounded).write(
                    to: staging.appendingPathComponent(Self.impactFile))
                // One rename publishes the whole folder: a crash leaves a staging folder, never half a session.
                try FileManager.default.moveItem(at: staging, to: final)
            }
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
        let stored = StoredSession(id: id, owner: owner, created: Date(), request: request)
        try store.addSession(stored)
        return stored
    }
}
