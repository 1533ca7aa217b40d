import Foundation
import SegueServer
import Synchronization
import Testing

@Suite struct WorkGateTests {
    /// How many callers are inside now, and the most there ever were.
    final class Occupancy: Sendable {
        let counts = Mutex((now: 0, most: 0))
    }

    /// Twenty callers at once through a one-place gate (Swift concurrency has a thread per core, so without it two
    /// would be inside here): never more than one inside, every one served with its own result, and an error thrown
    /// inside reaches its caller and frees the place.
    @Test func noMoreThanItsSlotsWorkAtOnce() async throws {
        let gate = WorkGate(slots: 1)
        let inside = Occupancy()
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for n in 0..<20 {
                group.addTask {
                    try await gate.run {
                        inside.counts.withLock {
                            $0.now += 1; $0.most = max($0.most, $0.now)
                        }
                        Thread.sleep(forTimeInterval: 0.002)
                        inside.counts.withLock { $0.now -= 1 }
                        return n * n
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.sorted() == (0..<20).map { $0 * $0 })
        #expect(inside.counts.withLock { $0.most } == 1)
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await gate.run { throw Refused() } }
        // The place the error left is free again.
        #expect(try await gate.run { 1 } == 1)
    }
}
