import Dispatch
import Foundation

/// Splits work over a large index range across the cores, one contiguous chunk per core.
enum ChunkedWork {
    /// Ranges shorter than this run on the calling thread in one chunk.
    static let parallelThreshold = 200_000

    /// Runs `body` once per chunk of `0..<count` and returns the results in chunk order.
    static func map<T>(count: Int, _ body: (Range<Int>) -> T) -> [T] {
        let chunks = count >= parallelThreshold ? max(1, ProcessInfo.processInfo.activeProcessorCount) : 1
        guard chunks > 1 else { return [body(0..<count)] }
        let size = (count + chunks - 1) / chunks
        return each(chunks) { chunk in body((chunk * size)..<min(count, (chunk + 1) * size)) }
    }

    /// Runs `body` for each of `0..<count` concurrently (a few items of real work each) and returns the
    /// results in order.
    static func each<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        guard count > 1 else { return count == 1 ? [body(0)] : [] }
        var results = [T?](repeating: nil, count: count)
        withoutActuallyEscaping(body) { body in
            // Each item reads shared inputs and writes only its own slot.
            nonisolated(unsafe) let body = body
            results.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let output = buffer
                DispatchQueue.concurrentPerform(iterations: count) { item in output[item] = body(item) }
            }
        }
        // concurrentPerform returns once every item has run, so every slot is filled.
        let filled = results.compactMap { $0 }
        precondition(filled.count == count, "every item writes its slot")
        return filled
    }
}
