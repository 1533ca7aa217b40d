import Foundation

/// A look-ahead true-peak limiter: no output sample, and no peak between samples, exceeds the ceiling, with smooth
/// gain changes.
///
/// Each frame's peak is measured 4× oversampled (ITU-R BS.1770's true peak: a 16-tap windowed-sinc interpolator at
/// the quarter, half and three-quarter positions), so inter-sample peaks are caught before a decoder or converter
/// makes them. Gain is the sliding minimum of the gain each frame needs, smoothed by a moving average over the same
/// window; the audio is delayed by that window and the interpolator's look-ahead, so every peak is met by a gain
/// already reduced.
public struct PeakLimiter {
    public let ceiling: Float
    private let window: Int
    private let releaseStep: Double
    /// Input frames kept from the last block (oldest first), left channel then right: the interpolator's reach and
    /// the delay line.
    private var carry: [Float]
    private let carryFrames: Int
    /// The last block after `carry`, contiguous, left channel then right, and the loudest sample of each run of `run`
    /// frames in it (reused).
    private var extended: [Float] = []
    private var runPeaks: [Float] = []
    private static let run = 8
    /// The gain each frame needs, after the last `window - 1` frames' (reused; kept across blocks), and its running
    /// minima forward and backward within each stretch of `window` (van Herk and Gil-Werman's sliding minimum).
    private var needs: [Float]
    private var forward: [Float] = []
    private var backward: [Float] = []
    private var averageRing: [Double]
    private var averageSlot = 0
    private var averageSum: Double
    private var released: Double = 1

    /// Interpolator taps, and the frames its estimate lags the input by.
    static let taps = 16
    static let lag = taps / 2
    /// Coefficients for the positions a quarter, a half and three quarters past a frame (Hann-windowed sinc,
    /// normalised to unity gain at DC), over frames `n - 7 ... n + 8`.
    static let phases: [[Float]] = [0.25, 0.5, 0.75].map { fraction in
        let raw = (0..<taps).map { tap -> Double in
            let distance = fraction - Double(tap - (lag - 1))
            let sinc = distance == 0 ? 1 : sin(Double.pi * distance) / (Double.pi * distance)
            let hann = 0.5 * (1 + cos(Double.pi * distance / (Double(lag) + 0.5)))
            return sinc * hann
        }
        let sum = raw.reduce(0, +)
        return raw.map { Float($0 / sum) }
    }
    /// The largest sum of absolute coefficients of a phase: no interpolated point exceeds it times the loudest sample
    /// it reads (at least 1: the sample itself).
    static let gainBound: Float = max(1, phases.map { $0.reduce(0) { $0 + abs($1) } }.max() ?? 1)

    /// Seconds the gain takes to recover most of the way after a peak, unless told otherwise.
    public static let defaultRelease = 0.15

    /// - Parameters:
    ///   - ceiling: highest absolute value allowed, linear, between samples too.
    ///   - lookahead: seconds of look-ahead (and delay).
    ///   - release: seconds for the gain to recover most of the way.
    public init(ceiling: Float, sampleRate: Int, lookahead: Double = 0.005, release: Double = defaultRelease) {
        self.ceiling = ceiling
        window = max(2, Int(lookahead * Double(sampleRate)))
        releaseStep = 1 - exp(-1 / (release * Double(sampleRate)))
        carryFrames = max(window - 1 + Self.lag, Self.taps)
        carry = [Float](repeating: 0, count: carryFrames * 2)
        needs = [Float](repeating: 1, count: window - 1)
        averageRing = [Double](repeating: 1, count: window)
        averageSum = Double(window)
    }

    /// Frames of delay the limiter adds.
    public var latency: Int { window - 1 + Self.lag }

    /// Limits interleaved stereo frames; the output lags the input by `latency` frames.
    public mutating func process(_ input: [Float]) -> [Float] {
        var output: [Float] = []
        input.withUnsafeBufferPointer { process($0, into: &output) }
        return output
    }

    /// Limits interleaved stereo frames into `output` (resized to the input's length), `latency` frames late.
    ///
    /// Three passes: the gain each frame needs, found from the frames `lag` after it (a window whose loudest sample
    /// times `gainBound` stays under the ceiling cannot reach it between samples and needs none; otherwise the frame
    /// and the three interpolated points after it, per channel); the sliding minimum of those over `window` frames;
    /// then the release and the moving average, frame by frame, applied to the delayed audio.
    public mutating func process(_ input: UnsafeBufferPointer<Float>, into output: inout [Float]) {
        let frames = input.count / 2
        let carried = carryFrames
        let length = carried + frames
        let window = window, history = window - 1
        // The reused buffers, moved out of `self` while the passes below (methods of `self`) work on them.
        var extended: [Float] = [], needs: [Float] = [], forward: [Float] = [], backward: [Float] = []
        swap(&extended, &self.extended)
        swap(&needs, &self.needs)
        swap(&forward, &self.forward)
        swap(&backward, &self.backward)
        defer {
            swap(&extended, &self.extended)
            swap(&needs, &self.needs)
            swap(&forward, &self.forward)
            swap(&backward, &self.backward)
        }
        if extended.count < length * 2 { extended = [Float](repeating: 0, count: length * 2) }
        if output.count != frames * 2 { output = [Float](repeating: 0, count: frames * 2) }
        needs.removeSubrange(history...)
        needs.append(contentsOf: repeatElement(1, count: frames))
        if forward.count < needs.count {
            forward = [Float](repeating: 1, count: needs.count)
            backward = forward
        }
        extended.withUnsafeMutableBufferPointer { extended in
            // Left and right apart, each after its carried frames.
            let left = UnsafeMutableBufferPointer(rebasing: extended[0..<length])
            let right = UnsafeMutableBufferPointer(rebasing: extended[length..<(2 * length)])
            carry.withUnsafeBufferPointer { carry in
                for index in 0..<carried {
                    left[index] = carry[index]
                    right[index] = carry[carried + index]
                }
            }
            for frame in 0..<frames {
                left[carried + frame] = input[2 * frame]
                right[carried + frame] = input[2 * frame + 1]
            }
            needs.withUnsafeMutableBufferPointer { needs in
                findNeeds(
                    (left, right), frames: frames, into: UnsafeMutableBufferPointer(rebasing: needs[history...]))
                forward.withUnsafeMutableBufferPointer { forward in
                    backward.withUnsafeMutableBufferPointer { backward in
                        Self.slidingMinimumStretches(needs, window: window, forward: forward, backward: backward)
                        output.withUnsafeMutableBufferPointer { out in
                            apply((left, right), minima: (forward, backward), frames: frames, into: out)
                        }
                    }
                }
            }
            carry.withUnsafeMutableBufferPointer { carry in
                for index in 0..<carried {
                    carry[index] = left[frames + index]
                    carry[carried + index] = right[frames + index]
                }
            }
        }
        // The last `window - 1` needs are the next block's history.
        needs.removeSubrange(0..<(needs.count - history))
    }

    /// The gain each of the block's `frames` frames needs (1 for most), from the extended block's two channels.
    ///
    /// Eight frames at a time: when the runs their windows touch are loud enough to matter, the three interpolated
    /// positions of all eight frames are summed tap by tap as eight-lane vectors (each value in the same order as one
    /// frame alone would sum it).
    private mutating func findNeeds(
        _ channels: (left: UnsafeMutableBufferPointer<Float>, right: UnsafeMutableBufferPointer<Float>), frames: Int,
        into needs: UnsafeMutableBufferPointer<Float>
    ) {
        let (left, right) = channels
        let carried = carryFrames, length = carried + frames, run = Self.run, taps = Self.taps
        let ceiling = ceiling, reachable = ceiling / Self.gainBound
        let runs = (length + run - 1) / run
        if runPeaks.count < runs { runPeaks = [Float](repeating: 0, count: runs) }
        runPeaks.withUnsafeMutableBufferPointer { runPeaks in
            for index in 0..<runs {
                var loudest: Float = 0
                for frame in (index * run)..<min(length, (index + 1) * run) {
                    loudest = max(loudest, abs(left[frame]), abs(right[frame]))
                }
                runPeaks[index] = loudest
            }
            Self.phases.withUnsafeBufferPointer { phases in
                var first = 0
                while first < frames {
                    let count = min(8, frames - first)
                    // Frame i reads frames i + carried - 15 ... i + carried: the runs these eight frames touch.
                    let oldest = first + carried - (taps - 1), newest = first + count - 1 + carried
                    var loudest: Float = 0
                    for index in (oldest / run)...(newest / run) { loudest = max(loudest, runPeaks[index]) }
                    if loudest > reachable {
                        if count == 8 && oldest + taps - 1 + 8 <= length {
                            Self.eightPeaks(
                                (left, right), from: oldest, phases: phases, ceiling: ceiling,
                                into: UnsafeMutableBufferPointer(rebasing: needs[first..<(first + 8)]))
                        } else {
                            for i in first..<(first + count) {
                                needs[i] = Self.need(
                                    (left, right), from: i + carried - (taps - 1), phases: phases, ceiling: ceiling)
                            }
                        }
                    }
                    first += count
                }
            }
        }
    }

    /// The gain one frame needs: `oldest` is the first of the 16 frames its interpolator reads.
    private static func need(
        _ channels: (left: UnsafeMutableBufferPointer<Float>, right: UnsafeMutableBufferPointer<Float>),
        from oldest: Int,
        phases: UnsafeBufferPointer<[Float]>, ceiling: Float
    ) -> Float {
        var peak = max(abs(channels.left[oldest + lag - 1]), abs(channels.right[oldest + lag - 1]))
        for channel in [channels.left, channels.right] {
            for phase in 0..<3 {
                var sum: Float = 0
                phases[phase].withUnsafeBufferPointer { c in
                    for tap in 0..<taps { sum += c[tap] * channel[oldest + tap] }
                }
                peak = max(peak, abs(sum))
            }
        }
        return peak > ceiling ? ceiling / peak : 1
    }

    /// The gains eight consecutive frames need, the first reading from `oldest`.
    private static func eightPeaks(
        _ channels: (left: UnsafeMutableBufferPointer<Float>, right: UnsafeMutableBufferPointer<Float>),
        from oldest: Int,
        phases: UnsafeBufferPointer<[Float]>, ceiling: Float, into needs: UnsafeMutableBufferPointer<Float>
    ) {
        var peaks = SIMD8<Float>.zero
        for channel in [channels.left, channels.right] {
            guard let base = channel.baseAddress else { return }
            let middle = UnsafeRawPointer(base + oldest + lag - 1).loadUnaligned(as: SIMD8<Float>.self)
            let middles = magnitudes(middle)
            peaks = peaks.replacing(with: middles, where: middles .> peaks)
            for phase in 0..<3 {
                var sums = SIMD8<Float>.zero
                phases[phase].withUnsafeBufferPointer { c in
                    for tap in 0..<taps {
                        sums += c[tap] * UnsafeRawPointer(base + oldest + tap).loadUnaligned(as: SIMD8<Float>.self)
                    }
                }
                let values = magnitudes(sums)
                peaks = peaks.replacing(with: values, where: values .> peaks)
            }
        }
        for lane in 0..<8 where peaks[lane] > ceiling { needs[lane] = ceiling / peaks[lane] }
    }

    /// Lane by lane absolute values.
    @inline(__always)
    private static func magnitudes(_ vector: SIMD8<Float>) -> SIMD8<Float> {
        vector.replacing(with: -vector, where: vector .< 0)
    }

    /// Running minima of `values` within each stretch of `window` from its start: forward from the stretch's start,
    /// backward from its end. The minimum of `values[j ..< j + window]` is then `min(backward[j], forward[j + window
    /// - 1])`.
    private static func slidingMinimumStretches(
        _ values: UnsafeMutableBufferPointer<Float>, window: Int, forward: UnsafeMutableBufferPointer<Float>,
        backward: UnsafeMutableBufferPointer<Float>
    ) {
        let count = values.count
        var start = 0
        while start < count {
            let end = min(start + window, count)
            var low = values[start]
            for index in start..<end {
                low = min(low, values[index])
                forward[index] = low
            }
            low = values[end - 1]
            for index in stride(from: end - 1, through: start, by: -1) {
                low = min(low, values[index])
                backward[index] = low
            }
            start = end
        }
    }

    /// The release and the moving average of the windowed minima, frame by frame, applied to the delayed audio.
    private mutating func apply(
        _ channels: (left: UnsafeMutableBufferPointer<Float>, right: UnsafeMutableBufferPointer<Float>),
        minima: (forward: UnsafeMutableBufferPointer<Float>, backward: UnsafeMutableBufferPointer<Float>),
        frames: Int, into out: UnsafeMutableBufferPointer<Float>
    ) {
        let window = window, inverseWindow = 1 / Double(window), releaseStep = releaseStep
        let delayOffset = carryFrames - latency
        // The running state in locals for the loop (registers, not stores to `self` every frame).
        var averageSlot = averageSlot, averageSum = averageSum, released = released
        let (forward, backward) = minima
        averageRing.withUnsafeMutableBufferPointer { ring in
            for i in 0..<frames {
                let lowest = Double(min(backward[i], forward[i + window - 1]))
                released = min(lowest, released + (1 - released) * releaseStep)
                averageSum += released - ring[averageSlot]
                ring[averageSlot] = released
                averageSlot = averageSlot + 1 == window ? 0 : averageSlot + 1
                let gain = Float(averageSum * inverseWindow)
                out[2 * i] = channels.left[i + delayOffset] * gain
                out[2 * i + 1] = channels.right[i + delayOffset] * gain
            }
        }
        self.averageSlot = averageSlot
        self.averageSum = averageSum
        self.released = released
    }

    /// Pushes silence through to release the last `latency` frames.
    public mutating func flush() -> [Float] {
        process([Float](repeating: 0, count: latency * 2))
    }
}
