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
        var results = [T?](repeating: nil, count: chunks)
        withoutActuallyEscaping(body) { body in
            // Each chunk reads shared inputs and writes only its own slot.
            nonisolated(unsafe) let body = body
            results.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let output = buffer
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    output[chunk] = body((chunk * size)..<min(count, (chunk + 1) * size))
                }
            }
        }
        return results.map { $0! }
    }
}
