import Foundation

/// A first-in, first-out gate in front of CPU work a request does inline (the sequencer's lineup): at most `slots`
/// callers work at once and the rest wait, suspended, in the order they came. Without it, fifty requests arriving
/// together share Swift concurrency's few threads in no particular order and the unlucky ones wait far longer than
/// the queue is long.
public actor WorkGate {
    /// How many callers may work at once.
    public let slots: Int
    private var working = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var next = 0

    /// A gate with `slots` places (at least one).
    public init(slots: Int) { self.slots = max(1, slots) }

    /// `body`'s result, computed once the caller's turn comes, on a thread of Dispatch's own pool: the few threads
    /// Swift concurrency shares with the request handlers stay free to read requests and write answers meanwhile.
    public nonisolated func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        await enter()
        let result = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: Result { try body() }) }
        }
        await leave()
        return try result.get()
    }

    private func enter() async {
        if working < slots {
            working += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the place to the longest waiting caller, or frees it.
    private func leave() {
        guard next < waiting.count else {
            working -= 1
            waiting.removeAll(keepingCapacity: true)
            next = 0
            return
        }
        let continuation = waiting[next]
        next += 1
        if next > 64 && next * 2 > waiting.count {
            waiting.removeFirst(next)
            next = 0
        }
        continuation.resume()
    }
}
