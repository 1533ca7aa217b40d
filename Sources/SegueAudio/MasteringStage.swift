import Foundation

/// The last stage of a render, on a thread of its own: the session's loudness correction, the true-peak limiter,
/// rounding to the integer grid of the format written (16 or 24 bits), the file write, and the measurements of exactly
/// what was handed to libsndfile (`OutputMeasurement`; on a thread of their own they cost more in hand-offs than they
/// saved).
final class MasteringStage: @unchecked Sendable {
    typealias Outcome = OutputMeasurement.Figures

    private let blocks = BoundedQueue<[Float]?>(capacity: 16)
    private static let rounding = 6_755_399_441_055_744.0
    private let done = NSCondition()
    private var result: Result<Outcome, SoundFileError>?
    /// Used by the stage's thread alone once it starts.
    private let writer: AudioFileWriter

    /// Starts the stage writing stereo `format` to `url`, gained by `gainDB`, limited under `ceiling` dBTP; WAV is
    /// RF64 when it passes 4 GB and a plain RIFF WAV otherwise.
    init(url: URL, format: OutputFormat, sampleRate rate: Int, gainDB: Double, ceiling: Double) throws(SoundFileError) {
        writer = try AudioFileWriter(
            url: url, sampleRate: rate, channels: 2, encoding: format.encoding, container: .rf64WhenLarge)
        // Integer samples are written as 32-bit integers holding the 16 or 24 significant bits.
        let bits = format.encoding.integerBits
        let fullScale = Float(1 << ((bits ?? 16) - 1)), inverseScale = 1 / fullScale
        let shift = Int32(32 - (bits ?? 32))
        let blocks = blocks
        let thread = Thread { [self] in
            let writer = writer
            var measurement = OutputMeasurement(sampleRate: rate)
            let outcome = Result { () throws(SoundFileError) -> Outcome in
                defer { blocks.close() }
                // A twentieth of a dB under the ceiling: 16-bit rounding and a longer interpolator (libebur128's, the
                // true-peak meter's) read a few hundredths higher than the limiter's own.
                var limiter = PeakLimiter(ceiling: Float(pow(10, (ceiling - 0.05) / 20)), sampleRate: rate)
                let gain = Float(pow(10, gainDB / 20))
                var skip = limiter.latency * 2
                var limited: [Float] = []
                var integers: [Int32] = []
                func emit(_ limited: inout [Float]) throws(SoundFileError) {
                    let drop = min(skip, limited.count)
                    skip -= drop
                    guard limited.count > drop else { return }
                    try limited.withUnsafeMutableBufferPointer { (all) throws(SoundFileError) in
                        let out = UnsafeMutableBufferPointer(rebasing: all[drop...])
                        if bits != nil {
                            // Round to the integer grid first (k / 2^(bits-1), as libsndfile reads it back) so the
                            // meters measure exactly the samples written.
                            if integers.count < out.count { integers = [Int32](repeating: 0, count: out.count) }
                            integers.withUnsafeMutableBufferPointer { integers in
                                for index in out.indices {
                                    // A NaN (never expected) would trap the integer conversion: it is written as 0.
                                    let sample = out[index].isNaN ? 0 : out[index]
                                    let scaled = Double(min(max(sample * fullScale, -fullScale), fullScale - 1))
                                    // Adding 1.5 × 2^52 rounds to the nearest integer, ties to even, and leaves it in
                                    // the low 32 bits: arithmetic the compiler vectorises, where `rounded()` is a call
                                    // per sample and `Int32(_:)` a checked conversion.
                                    let step = Int32(truncatingIfNeeded: (scaled + Self.rounding).bitPattern)
                                    out[index] = Float(step) * inverseScale
                                    integers[index] = step &<< shift
                                }
                            }
                            try integers.withUnsafeBufferPointer { (integers) throws(SoundFileError) in
                                try writer.write(integers: UnsafeBufferPointer(rebasing: integers[0..<out.count]))
                            }
                        } else {
                            try writer.write(UnsafeBufferPointer(out))
                        }
                        measurement.add(UnsafeBufferPointer(out))
                    }
                }
                while let next = blocks.pop(), var block = next {
                    if gain != 1 {
                        block.withUnsafeMutableBufferPointer { block in
                            for index in block.indices { block[index] *= gain }
                        }
                    }
                    block.withUnsafeBufferPointer { limiter.process($0, into: &limited) }
                    try emit(&limited)
                }
                var tail = limiter.flush()
                try emit(&tail)
                try writer.close()
                return measurement.figures
            }
            done.lock()
            result = outcome
            done.broadcast()
            done.unlock()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Hands a mixed block to the stage; false when the stage has stopped (it failed: `finish()` says why).
    @discardableResult
    func add(_ block: [Float]) -> Bool { blocks.push(block) }

    /// Ends the input and waits for the stage to write and measure everything.
    /// - Throws: the `SoundFileError` the stage met (a full disk, a write refused).
    func finish() throws(SoundFileError) -> Outcome {
        // The end, then closed: a consumer waiting for a batch wakes for what is left.
        blocks.push(nil)
        blocks.close()
        done.lock()
        while result == nil { done.wait() }
        let outcome = result
        done.unlock()
        switch outcome {
        case .success(let value)?: return value
        case .failure(let error)?: throw error
        case nil: throw SoundFileError(.writeFailed, path: "mix", message: "the mastering stage stopped")
        }
    }

    /// Stops the stage without finishing the file (the render failed upstream).
    func cancel() { blocks.close() }
}
