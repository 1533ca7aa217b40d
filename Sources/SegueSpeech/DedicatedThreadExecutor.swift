import Foundation
import Synchronization

/// A serial executor backed by one thread of its own, for an actor whose work blocks.
///
/// espeak-ng synthesises synchronously and the synthesizer waits on a socket for its worker, so that work must not
/// occupy one of the few threads of Swift's cooperative pool. The thread is started once and runs for the life of
/// the process, as the only synthesizer does.
final class DedicatedThreadExecutor: SerialExecutor {
    /// Jobs in the order they were enqueued.
    private let jobs = Mutex<[UnownedJob]>([])
    /// Signalled once per enqueued job.
    private let wake = DispatchSemaphore(value: 0)
    /// The thread's identity, set before it runs its first job.
    private let thread = Mutex<pthread_t?>(nil)

    /// Starts the thread.
    /// - Parameters:
    ///   - name: The thread's name, as debuggers and `top -H` show it.
    ///   - stackSize: Bytes of stack: espeak-ng keeps its clause and word buffers on the stack.
    init(name: String, stackSize: Int) {
        let worker = Thread { [self] in run() }
        worker.name = name
        worker.stackSize = stackSize
        worker.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        wake.signal()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Whether the caller runs on this executor's thread.
    var isCurrent: Bool {
        guard let owner = thread.withLock({ $0 }) else { return false }
        return pthread_equal(owner, pthread_self()) != 0
    }

    func checkIsolated() {
        precondition(isCurrent, "expected to run on the \(Thread.current.name ?? "dedicated") executor thread")
    }

    private func run() {
        thread.withLock { $0 = pthread_self() }
        let executor = asUnownedSerialExecutor()
        while true {
            wake.wait()
            guard let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
            job.runSynchronously(on: executor)
        }
    }
}
