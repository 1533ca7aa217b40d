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
        var output: [Float] = []
        try input.withUnsafeBufferPointer { (input) throws(SoundFileError) in
            try run(input, final: false, into: &output)
        }
        return output
    }

    /// Converts input from memory the caller owns, appending the output to `output`.
    public func process(_ input: UnsafeBufferPointer<Float>, appendingTo output: inout [Float]) throws(SoundFileError) {
        try run(input, final: false, into: &output)
    }

    /// Returns what the resampler still holds at the end of the stream.
    public func flush() throws(SoundFileError) -> [Float] {
        var output: [Float] = []
        try flush(appendingTo: &output)
        return output
    }

    /// Appends what the resampler still holds at the end of the stream to `output`.
    public func flush(appendingTo output: inout [Float]) throws(SoundFileError) {
        try run(UnsafeBufferPointer(start: nil, count: 0), final: true, into: &output)
    }

    /// Resamples a whole buffer in one go.
    public static func resample(_ buffer: AudioBuffer, to rate: Int) throws(SoundFileError) -> AudioBuffer {
        guard buffer.sampleRate != rate else { return buffer }
        let resampler = try Resampler(from: buffer.sampleRate, to: rate, channels: buffer.channels)
        var samples = try resampler.process(buffer.samples)
        try resampler.flush(appendingTo: &samples)
        return AudioBuffer(sampleRate: rate, channels: buffer.channels, samples: samples)
    }

    /// Output frames soxr may write per call.
    private static let chunkFrames = 16_384

    private func run(
        _ input: UnsafeBufferPointer<Float>, final: Bool, into output: inout [Float]
    ) throws(SoundFileError) {
        let inFrames = input.count / channels
        let capacity = Self.chunkFrames
        output.reserveCapacity(
            output.count + (Int(Double(inFrames) * Double(outputRate) / Double(inputRate)) + 64) * channels)
        var consumed = 0
        while true {
            var used = 0
            var produced = 0
            // soxr writes straight onto the end of `output`, grown by a chunk and trimmed to what it produced.
            let before = output.count
            output.append(contentsOf: repeatElement(0, count: capacity * channels))
            let error: soxr_error_t? = output.withUnsafeMutableBufferPointer { out in
                let start = input.baseAddress.map { UnsafeRawPointer($0 + consumed * channels) }
                return soxr_process(
                    handle, final ? nil : start, final ? 0 : inFrames - consumed, &used,
                    out.baseAddress.map { $0 + before }, capacity, &produced)
            }
            output.removeLast((capacity - produced) * channels)
            if let error {
                throw SoundFileError(.resampleFailed, path: "soxr", message: String(cString: error))
            }
            consumed += used
            if final ? produced == 0 : (consumed >= inFrames && produced < capacity) { break }
        }
    }
}
