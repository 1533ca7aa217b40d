import CChromaprint

/// Computes Chromaprint fingerprints (the AcoustID algorithm) of mono audio, and encodes them in Chromaprint's
/// compressed base64 form.
///
/// The corresponding C functions are `chromaprint_new`, `chromaprint_start`, `chromaprint_feed`,
/// `chromaprint_finish`, `chromaprint_get_raw_fingerprint`, `chromaprint_encode_fingerprint`,
/// `chromaprint_decode_fingerprint` and `chromaprint_free`. Debian's Chromaprint does its FFT with FFmpeg, so contexts
/// on many threads are safe.
final class Fingerprinter {
    /// The rate Chromaprint works at; audio at this rate is not resampled again inside it.
    static let sampleRate = 11_025
    /// Like `fpcalc` and AcoustID: the first two minutes identify a recording.
    static let maximumSeconds = 120

    private let context: OpaquePointer
    private var remaining = Fingerprinter.sampleRate * Fingerprinter.maximumSeconds
    private var scratch: [Int16] = []

    /// Starts a fingerprint of mono audio at `sampleRate`; nil when Chromaprint cannot (no memory).
    init?() {
        guard let context = chromaprint_new(Int32(CHROMAPRINT_ALGORITHM_DEFAULT.rawValue)) else { return nil }
        guard chromaprint_start(context, Int32(Self.sampleRate), 1) == 1 else {
            chromaprint_free(context)
            return nil
        }
        self.context = context
    }

    deinit { chromaprint_free(context) }

    /// Adds mono samples at `sampleRate`, nominally within -1...1; beyond the first two minutes they are ignored.
    func feed(_ samples: UnsafeBufferPointer<Float>) {
        let count = min(samples.count, remaining)
        guard count > 0 else { return }
        remaining -= count
        if scratch.count < count { scratch = [Int16](repeating: 0, count: count) }
        scratch.withUnsafeMutableBufferPointer { output in
            for index in 0..<count {
                output[index] = Int16(max(-32_768, min(32_767, (samples[index] * 32_768).rounded())))
            }
            _ = chromaprint_feed(context, output.baseAddress, Int32(count))
        }
    }

    /// The raw fingerprint of what was fed; empty for audio too short to fingerprint (under about 3 seconds).
    func finish() -> [UInt32] {
        guard chromaprint_finish(context) == 1 else { return [] }
        var raw: UnsafeMutablePointer<UInt32>?
        var size: Int32 = 0
        guard chromaprint_get_raw_fingerprint(context, &raw, &size) == 1, let raw else { return [] }
        defer { chromaprint_dealloc(raw) }
        return Array(UnsafeBufferPointer(start: raw, count: Int(size)))
    }

    /// Chromaprint's compressed, URL-safe base64 form of a raw fingerprint (what AcoustID takes).
    static func encode(_ values: [UInt32]) -> String? {
        var encoded: UnsafeMutablePointer<CChar>?
        var size: Int32 = 0
        let status = values.withUnsafeBufferPointer {
            chromaprint_encode_fingerprint(
                $0.baseAddress, Int32($0.count), Int32(CHROMAPRINT_ALGORITHM_DEFAULT.rawValue), &encoded, &size, 1)
        }
        guard status == 1, let encoded else { return nil }
        defer { chromaprint_dealloc(encoded) }
        return String(decoding: UnsafeRawBufferPointer(start: encoded, count: Int(size)), as: UTF8.self)
    }

    /// The raw fingerprint of an encoded one; nil when `text` is not one.
    static func decode(_ text: String) -> [UInt32]? {
        let bytes = Array(text.utf8CString)
        var raw: UnsafeMutablePointer<UInt32>?
        var size: Int32 = 0
        var algorithm: Int32 = 0
        let status = bytes.withUnsafeBufferPointer {
            chromaprint_decode_fingerprint($0.baseAddress, Int32(text.utf8.count), &raw, &size, &algorithm, 1)
        }
        guard status == 1, let raw else { return nil }
        defer { chromaprint_dealloc(raw) }
        return Array(UnsafeBufferPointer(start: raw, count: Int(size)))
    }
}
