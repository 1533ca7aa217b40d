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
    /// Input frames kept from the last block (oldest first): the interpolator's reach and the delay line.
    private var carry: [Float]
    private let carryFrames: Int
    /// The last block after `carry`, contiguous, and the loudest sample of each run of `run` frames in it (reused).
    private var extended: [Float] = []
    private var runPeaks: [Float] = []
    private static let run = 8
    /// Sliding minimum of the gain each frame needs: a ring of (frame, gain), oldest first.
    private var minimaFrame: [Int]
    private var minimaGain: [Double]
    private var minimaHead = 0
    private var minimaCount = 0
    private var averageRing: [Double]
    private var averageSlot = 0
    private var averageSum: Double
    private var released: Double = 1
    private var frame = 0

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
    /// The same coefficients by tap: lane k of tap t is phase k's coefficient (the fourth lane 0).
    private static let tapPhases: [SIMD4<Float>] = (0..<taps).map { tap in
        SIMD4(phases[0][tap], phases[1][tap], phases[2][tap], 0)
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
        // A power of two over the window, so the ring wraps with a mask.
        var capacity = 1
        while capacity <= window { capacity *= 2 }
        minimaFrame = [Int](repeating: 0, count: capacity)
        minimaGain = [Double](repeating: 1, count: capacity)
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
    /// Each frame's needed gain is found from the frames `lag` after it: a window whose loudest sample times
    /// `gainBound` stays under the ceiling cannot reach it between samples and needs none; otherwise the frame and the
    /// three interpolated points after it, per channel.
    public mutating func process(_ input: UnsafeBufferPointer<Float>, into output: inout [Float]) {
        let frames = input.count / 2
        let carried = carryFrames
        let length = carried + frames
        if extended.count < length * 2 { extended = [Float](repeating: 0, count: length * 2) }
        if output.count != frames * 2 { output = [Float](repeating: 0, count: frames * 2) }
        let ceiling = ceiling, reachable = ceiling / Self.gainBound
        let window = window, mask = minimaFrame.count - 1, inverseWindow = 1 / Double(window)
        let delayOffset = carried - latency
        let taps = Self.taps
        // The running state in locals for the loop (registers, not stores to `self` every frame).
        var minimaHead = minimaHead, minimaCount = minimaCount, averageSlot = averageSlot
        var averageSum = averageSum, released = released, frame = frame
        let releaseStep = releaseStep
        defer {
            self.minimaHead = minimaHead
            self.minimaCount = minimaCount
            self.averageSlot = averageSlot
            self.averageSum = averageSum
            self.released = released
            self.frame = frame
        }
        extended.withUnsafeMutableBufferPointer { e in
            carry.withUnsafeBufferPointer { carry in
                for index in 0..<(carried * 2) { e[index] = carry[index] }
            }
            for index in 0..<(frames * 2) { e[carried * 2 + index] = input[index] }
            let runs = (length + Self.run - 1) / Self.run
            if runPeaks.count < runs { runPeaks = [Float](repeating: 0, count: runs) }
            runPeaks.withUnsafeMutableBufferPointer { runPeaks in
                for run in 0..<runs {
                    var loudest: Float = 0
                    for k in (2 * run * Self.run)..<min(2 * length, 2 * (run + 1) * Self.run) {
                        loudest = max(loudest, abs(e[k]))
                    }
                    runPeaks[run] = loudest
                }
            }
            output.withUnsafeMutableBufferPointer { out in
                runPeaks.withUnsafeBufferPointer { runPeaks in
                    minimaFrame.withUnsafeMutableBufferPointer { minimaFrame in
                        minimaGain.withUnsafeMutableBufferPointer { minimaGain in
                            averageRing.withUnsafeMutableBufferPointer { ring in
                                Self.tapPhases.withUnsafeBufferPointer { c in
                                    for i in 0..<frames {
                                        let newest = i + carried
                                        let oldest = newest - (taps - 1)
                                        // The runs the window touches: their loudest sample bounds the window's.
                                        var loudest: Float = 0
                                        for run in (oldest / Self.run)...(newest / Self.run) {
                                            loudest = max(loudest, runPeaks[run])
                                        }
                                        var needed = 1.0
                                        if loudest > reachable {
                                            // The three positions at once, per channel: lane k is phase k.
                                            var left = SIMD4<Float>.zero, right = SIMD4<Float>.zero
                                            for tap in 0..<taps {
                                                left += c[tap] * e[2 * (oldest + tap)]
                                                right += c[tap] * e[2 * (oldest + tap) + 1]
                                            }
                                            let middle = 2 * (newest - Self.lag)
                                            let between = max(left.max(), -left.min(), right.max(), -right.min())
                                            let peak = max(abs(e[middle]), abs(e[middle + 1]), between)
                                            if peak > ceiling { needed = Double(ceiling / peak) }
                                        }
                                        // The sliding minimum over the last `window` frames.
                                        while minimaCount > 0 {
                                            let last = (minimaHead + minimaCount - 1) & mask
                                            guard minimaGain[last] >= needed else { break }
                                            minimaCount -= 1
                                        }
                                        let slot = (minimaHead + minimaCount) & mask
                                        minimaFrame[slot] = frame
                                        minimaGain[slot] = needed
                                        minimaCount += 1
                                        while minimaFrame[minimaHead] <= frame - window {
                                            minimaHead = (minimaHead + 1) & mask
                                            minimaCount -= 1
                                        }
                                        released = min(
                                            minimaGain[minimaHead], released + (1 - released) * releaseStep)
                                        averageSum += released - ring[averageSlot]
                                        ring[averageSlot] = released
                                        averageSlot = averageSlot + 1 == window ? 0 : averageSlot + 1
                                        let gain = Float(averageSum * inverseWindow)
                                        let delayed = 2 * (i + delayOffset)
                                        out[2 * i] = e[delayed] * gain
                                        out[2 * i + 1] = e[delayed + 1] * gain
                                        frame += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
            carry.withUnsafeMutableBufferPointer { carry in
                for index in 0..<(carried * 2) { carry[index] = e[frames * 2 + index] }
            }
        }
    }

    /// Pushes silence through to release the last `latency` frames.
    public mutating func flush() -> [Float] {
        process([Float](repeating: 0, count: latency * 2))
    }
}
