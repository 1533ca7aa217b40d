import CSoxr
import SegueCore

/// Streaming sample-rate conversion with libsoxr (high quality), interleaved float.
///
/// The corresponding C functions are `soxr_create`, `soxr_process` and `soxr_delete`.
public final class Resampler {
    public let inputRate: Int
    public let outputRate: Int
    public let channels: Int
    private let handle: soxr_t

    /// Creates a resampler from `inputRate` to `outputRate`.
    public init(from inputRate: Int, to outputRate: Int, channels: Int) throws(SoundFileError) {
        self.inputRate = inputRate
        self.outputRate = outputRate
        self.channels = channels
        var error: soxr_error_t?
        var quality = soxr_quality_spec(UInt(SOXR_HQ), 0)
        guard
            let handle = soxr_create(
                Double(inputRate), Double(outputRate), UInt32(channels), &error, nil, &quality, nil),
            error == nil
        else {
            throw SoundFileError(
                .resampleFailed, path: "soxr",
                message:
                    "cannot resample \(inputRate) Hz to \(outputRate) Hz (\(error.map { String(cString: $0) } ?? "unknown"))"
            )
        }
        self.handle = handle
    }

    deinit { soxr_delete(handle) }

    /// Converts a block of input; output may lag behind input until `flush()`.
    public func process(_ input: [Float]) throws(SoundFileError) -> [Float] {
        try run(input, final: false)
    }

    /// Returns what the resampler still holds at the end of the stream.
    public func flush() throws(SoundFileError) -> [Float] { try run([], final: true) }

    /// Resamples a whole buffer in one go.
    public static func resample(_ buffer: AudioBuffer, to rate: Int) throws(SoundFileError) -> AudioBuffer {
        guard buffer.sampleRate != rate else { return buffer }
        let resampler = try Resampler(from: buffer.sampleRate, to: rate, channels: buffer.channels)
        var samples = try resampler.process(buffer.samples)
        samples += try resampler.flush()
        return AudioBuffer(sampleRate: rate, channels: buffer.channels, samples: samples)
    }

    private func run(_ input: [Float], final: Bool) throws(SoundFileError) -> [Float] {
        let inFrames = input.count / channels
        var output: [Float] = []
        let capacity = Int(Double(max(inFrames, 1024)) * Double(outputRate) / Double(inputRate)) + 256
        var chunk = [Float](repeating: 0, count: capacity * channels)
        var consumed = 0
        while true {
            var used = 0
            var produced = 0
            let error: soxr_error_t? = input.withUnsafeBufferPointer { inPtr in
                chunk.withUnsafeMutableBufferPointer { outPtr in
                    let remaining = inFrames - consumed
                    let start = inPtr.baseAddress.map { UnsafeRawPointer($0 + consumed * channels) }
                    return soxr_process(
                        handle, final ? nil : start, final ? 0 : remaining, &used,
                        outPtr.baseAddress, capacity, &produced)
                }
            }
            if let error {
                throw SoundFileError(.resampleFailed, path: "soxr", message: String(cString: error))
            }
            consumed += used
            output.append(contentsOf: chunk[0..<(produced * channels)])
            if final ? produced == 0 : (consumed >= inFrames && produced < capacity) { break }
        }
        return output
    }
}
