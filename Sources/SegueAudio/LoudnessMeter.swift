import CEBUR128
import SegueCore

/// Integrated loudness (EBU R 128 / ITU-R BS.1770) and sample peak, with libebur128.
///
/// The corresponding C functions are `ebur128_init`, `ebur128_add_frames_float` and
/// `ebur128_loudness_global`.
public final class LoudnessMeter {
    /// What a meter measures besides integrated loudness and sample peak.
    public struct Measures: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// Loudness range (`EBUR128_MODE_LRA`).
        public static let loudnessRange = Measures(rawValue: Int32(EBUR128_MODE_LRA.rawValue))
        /// True peak, 4× oversampled (`EBUR128_MODE_TRUE_PEAK`).
        public static let truePeak = Measures(rawValue: Int32(EBUR128_MODE_TRUE_PEAK.rawValue))
        /// Short-term (3 s) loudness (`EBUR128_MODE_S`).
        public static let shortTerm = Measures(rawValue: Int32(EBUR128_MODE_S.rawValue))
    }

    public let channels: Int
    private var state: UnsafeMutablePointer<ebur128_state>?

    /// Creates a meter for interleaved audio; `measures` adds loudness range, true peak or short-term loudness.
    public init(sampleRate: Int, channels: Int, measures: Measures = []) throws(SoundFileError) {
        self.channels = channels
        let mode = Int32(EBUR128_MODE_I.rawValue | EBUR128_MODE_SAMPLE_PEAK.rawValue) | measures.rawValue
        guard let state = ebur128_init(UInt32(channels), UInt(sampleRate), mode) else {
            throw SoundFileError(
                .loudnessFailed, path: "ebur128", message: "cannot measure \(channels) channels at \(sampleRate) Hz")
        }
        self.state = state
    }

    deinit { ebur128_destroy(&state) }

    /// Adds interleaved frames.
    /// - Throws: `SoundFileError.loudnessFailed` when libebur128 refuses them (out of memory).
    public func add(_ samples: [Float]) throws(SoundFileError) {
        guard !samples.isEmpty else { return }
        let status = samples.withUnsafeBufferPointer {
            ebur128_add_frames_float(state, $0.baseAddress, $0.count / channels)
        }
        guard status == Int32(EBUR128_SUCCESS.rawValue) else {
            throw SoundFileError(
                .loudnessFailed, path: "ebur128", message: "cannot add frames to the loudness meter (error \(status))")
        }
    }

    /// Adds interleaved frames from memory the caller owns (a slice of a larger block, without a copy).
    /// - Throws: `SoundFileError.loudnessFailed` when libebur128 refuses them (out of memory).
    public func add(_ samples: UnsafeBufferPointer<Float>) throws(SoundFileError) {
        guard let base = samples.baseAddress, samples.count >= channels else { return }
        let status = ebur128_add_frames_float(state, base, samples.count / channels)
        guard status == Int32(EBUR128_SUCCESS.rawValue) else {
            throw SoundFileError(
                .loudnessFailed, path: "ebur128", message: "cannot add frames to the loudness meter (error \(status))")
        }
    }

    /// Integrated loudness in LUFS; `-infinity` for silence (and when libebur128 cannot compute it).
    public var integratedLoudness: Double {
        var value = -Double.infinity
        guard ebur128_loudness_global(state, &value) == Int32(EBUR128_SUCCESS.rawValue) else { return -.infinity }
        return value
    }

    /// Highest absolute sample value over all channels, linear.
    public var samplePeak: Double {
        (0..<channels).map { channel in
            var peak = 0.0
            guard ebur128_sample_peak(state, UInt32(channel), &peak) == Int32(EBUR128_SUCCESS.rawValue) else {
                return 0
            }
            return peak
        }.max() ?? 0
    }

    /// Loudness range in LU (EBU Tech 3342); 0 when not measured or too short. The corresponding C function is
    /// `ebur128_loudness_range`.
    public var loudnessRange: Double {
        var value = 0.0
        guard ebur128_loudness_range(state, &value) == Int32(EBUR128_SUCCESS.rawValue), value.isFinite else { return 0 }
        return value
    }

    /// Highest true (inter-sample) peak over all channels, linear; 0 when not measured. The corresponding C function
    /// is `ebur128_true_peak`.
    public var truePeak: Double {
        (0..<channels).map { channel in
            var peak = 0.0
            guard ebur128_true_peak(state, UInt32(channel), &peak) == Int32(EBUR128_SUCCESS.rawValue) else { return 0 }
            return peak
        }.max() ?? 0
    }

    /// Loudness of the last 3 seconds added, in LUFS; `-infinity` for silence or when not measured. The
    /// corresponding C function is `ebur128_loudness_shortterm`.
    public var shortTermLoudness: Double {
        var value = -Double.infinity
        guard ebur128_loudness_shortterm(state, &value) == Int32(EBUR128_SUCCESS.rawValue) else { return -.infinity }
        return value
    }

    /// Loudness of the last `milliseconds` added (at most 400), in LUFS; `-infinity` for silence. The corresponding C
    /// function is `ebur128_loudness_window`.
    public func loudness(ofLast milliseconds: Int) -> Double {
        var value = -Double.infinity
        guard ebur128_loudness_window(state, UInt(milliseconds), &value) == Int32(EBUR128_SUCCESS.rawValue) else {
            return -.infinity
        }
        return value
    }

    /// Measures a whole buffer.
    public static func measure(_ buffer: AudioBuffer) throws(SoundFileError) -> (loudness: Double, peak: Double) {
        let meter = try LoudnessMeter(sampleRate: buffer.sampleRate, channels: buffer.channels)
        try meter.add(buffer.samples)
        return (meter.integratedLoudness, meter.samplePeak)
    }
}
