import Foundation
import Synchronization

/// Runs a long synchronous stage (planning reads every pick's audio; mixing renders the whole session) on a thread
/// of its own, so it never holds one of the few threads Swift concurrency shares with the request handlers.
enum BlockingWork {
    /// `body`'s result, computed on a new thread.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try body() })
            }
            thread.name = "segue-render"
            thread.start()
        }
    }

    /// `body`'s result, computed on a new thread; `body` gets a check that turns true once the calling task is
    /// cancelled, so that a long stage (the mix) can stop part-way.
    static func run<T: Sendable>(
        cancellable body: @escaping @Sendable (_ isCancelled: @escaping @Sendable () -> Bool) throws -> T
    ) async throws -> T {
        let flag = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await run { try body { flag.isSet } }
        } onCancel: {
            flag.set()
        }
    }

    /// A flag set once, from any thread.
    private final class CancellationFlag: Sendable {
        private let value = Atomic(false)
        var isSet: Bool { value.load(ordering: .acquiring) }
        func set() { value.store(true, ordering: .releasing) }
    }
}
