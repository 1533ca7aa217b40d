import Foundation

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
}
