import Foundation
import Logging
import ServiceLifecycle

/// The studio's render queue: one job runs at a time (a render takes both cores' worth of mixing), a bounded number
/// wait, and a request beyond that is refused at once instead of queueing without end.
///
/// As a `Service` it runs beside the HTTP server: on graceful shutdown it stops accepting jobs, marks the waiting
/// ones cancelled and lets the running one finish, so no finished session is lost (`shutdown()`).
public actor SessionJobs: Service {
    /// Jobs that may wait behind the running one.
    public let capacity: Int
    /// Jobs one account may have waiting or running, so one account cannot fill the queue.
    public let perAccount: Int
    let maker: SessionMaker
    let logger: Logger
    private var statuses: [String: JobStatus] = [:]
    /// Finished jobs' statuses kept for polling, oldest first; the oldest are forgotten beyond `remembered`.
    private var finished: [String] = []
    private let remembered = 256
    private var waiting: [(id: String, work: Work, owner: String)] = []
    private var running: (id: String, task: Task<Void, Never>)?
    private var accepting = true

    public init(
        maker: SessionMaker, capacity: Int = 8, perAccount: Int = 3, logger: Logger = Logger(label: "segue.jobs")
    ) {
        self.maker = maker
        self.capacity = capacity
        self.perAccount = perAccount
        self.logger = logger
    }

    /// Queues a session for `request` on behalf of `owner` and returns at once.
    /// - Throws: `StudioError.tooManyRequests` when the queue is full or the account has `perAccount` jobs waiting or
    ///   running, `.unavailable` while shutting down.
    public func submit(_ request: SessionRequest, owner: String) throws -> JobStatus {
        try enqueue(.session(request), listener: request.listener, owner: owner)
    }

    /// Queues the plan and script stages only for `request`: the script waits for review (`PendingScript`).
    /// - Throws: as `submit(_:owner:)`.
    public func submitScript(_ request: SessionRequest, owner: String) throws -> JobStatus {
        try enqueue(.script(request), listener: request.listener, owner: owner)
    }

    /// Queues the voice and mix stages of the approved script `script`.
    /// - Throws: as `submit(_:owner:)`; the job fails when the script is not approved when it runs.
    public func submitRender(of script: PendingScript, owner: String) throws -> JobStatus {
        try enqueue(.render(script: script.id), listener: script.listener, owner: owner)
    }

    private func enqueue(_ work: Work, listener: String, owner: String) throws -> JobStatus {
        guard accepting else {
            throw StudioError(.unavailable, message: "the studio is shutting down; try again shortly")
        }
        guard waiting.count < capacity else {
            throw StudioError(
                .tooManyRequests, message: "\(waiting.count) sessions are waiting already; try again in a minute",
                headers: [.retryAfter: "60"])
        }
        let runningOwner = running.flatMap { statuses[$0.id]?.owner }
        let owned = waiting.filter { $0.owner == owner }.count + (runningOwner == owner ? 1 : 0)
        guard owned < perAccount else {
            throw StudioError(
                .tooManyRequests, message: "you have \(owned) sessions on the way already; wait for one to finish",
                headers: [.retryAfter: "60"])
        }
        let id = UUID().uuidString.lowercased()
        let status = JobStatus(
            id: id, kind: work.kind, listener: listener, owner: owner, stage: .queued, fraction: 0, session: nil,
            script: work.script, message: nil)
        statuses[id] = status
        save(status)
        waiting.append((id, work, owner))
        startNext()
        return status
    }

    /// The job's status: from memory while it is on the way or recently finished, else as the store last wrote it
    /// (before a restart, say); nil for an unknown id.
    public func status(id: String) -> JobStatus? {
        if let status = statuses[id] { return status }
        return try? maker.store.job(id: id)
    }

    /// Writes a queued or final status to the store; a store that fails is logged, and the job goes on.
    private func save(_ status: JobStatus) {
        do { try maker.store.saveJob(status) } catch {
            logger.error("could not write job \(status.id): \(error)")
        }
    }

    /// Cancels a waiting job, or stops the running one: at its next stage, or part-way through its mix.
    public func cancel(id: String) {
        if let index = waiting.firstIndex(where: { $0.id == id }) {
            waiting.remove(at: index)
            finish(id, stage: .cancelled, message: "cancelled")
        } else if running?.id == id {
            running?.task.cancel()
        }
    }

    /// Stops accepting jobs, cancels the waiting ones and waits for the running one to finish.
    public func shutdown() async {
        accepting = false
        for job in waiting { finish(job.id, stage: .cancelled, message: "cancelled: the studio shut down") }
        waiting.removeAll()
        while let task = running?.task { await task.value }
    }

    /// Runs until graceful shutdown, then `shutdown()`.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    private func startNext() {
        guard running == nil, accepting || !waiting.isEmpty, !waiting.isEmpty else { return }
        let job = waiting.removeFirst()
        let maker = maker
        // The task holds the queue until it ends; the queue holds the task while it runs.
        let task = Task { [self] in
            do {
                let progress: @Sendable (JobStatus.Stage, Double) -> Void = { stage, fraction in
                    Task { await self.update(job.id, stage: stage, fraction: fraction) }
                }
                switch job.work {
                case .session(let request):
                    let stored = try await maker.make(
                        id: job.id, request: request, owner: job.owner, progress: progress)
                    self.finish(job.id, stage: .done, session: stored.id)
                case .script(let request):
                    let pending = try await maker.makeScript(
                        id: job.id, request: request, owner: job.owner, progress: progress)
                    self.finish(job.id, stage: .done, script: pending.id)
                case .render(let script):
                    let stored = try await maker.renderApproved(
                        scriptID: script, id: job.id, owner: job.owner, progress: progress)
                    self.finish(job.id, stage: .done, session: stored.id, script: script)
                }
            } catch is CancellationError {
                self.finish(job.id, stage: .cancelled, message: "cancelled")
            } catch {
                self.fail(job.id, error: error)
            }
            self.jobEnded(job.id)
        }
        running = (job.id, task)
    }

    private func jobEnded(_ id: String) {
        if running?.id == id { running = nil }
        if accepting { startNext() }
    }

    private func update(_ id: String, stage: JobStatus.Stage, fraction: Double) {
        guard var status = statuses[id], !status.stage.isFinal else { return }
        status.stage = stage
        status.fraction = max(status.fraction, fraction)
        statuses[id] = status
    }

    private func fail(_ id: String, error: any Error) {
        logger.error("session job \(id) failed: \(error)")
        // The engine's messages may name the catalog's files: the requester gets the kind of failure only.
        let message =
            switch error {
            case let error as StudioError: error.message
            default: "the session could not be made (\(type(of: error)))"
            }
        finish(id, stage: .failed, message: message)
    }

    private func finish(
        _ id: String, stage: JobStatus.Stage, session: String? = nil, script: String? = nil, message: String? = nil
    ) {
        guard var status = statuses[id] else { return }
        status.stage = stage
        status.session = session
        status.script = script ?? status.script
        status.message = message
        if stage == .done { status.fraction = 1 }
        statuses[id] = status
        save(status)
        finished.append(id)
        while finished.count > remembered { statuses[finished.removeFirst()] = nil }
    }
}

extension SessionJobs {
    /// What a queued job will do.
    enum Work: Sendable {
        case session(SessionRequest)
        case script(SessionRequest)
        case render(script: String)

        var kind: JobStatus.Kind {
            switch self {
            case .session: .session
            case .script: .script
            case .render: .render
            }
        }

        /// The script a render job renders.
        var script: String? {
            if case .render(let script) = self { return script }
            return nil
        }
    }
}
