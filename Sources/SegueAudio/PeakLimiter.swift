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
    private var delay: [Float]
    private var delayIndex = 0
    private var minima: [(index: Int, gain: Double)] = []
    private var minimaHead = 0
    private var averageRing: [Double]
    private var averageSum: Double
    private var released: Double = 1
    private var frame = 0
    /// The last `taps` input frames, for the interpolator.
    private var history: [Float]

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

    /// - Parameters:
    ///   - ceiling: highest absolute value allowed, linear, between samples too.
    ///   - lookahead: seconds of look-ahead (and delay).
    ///   - release: seconds for the gain to recover most of the way.
    /// Seconds the gain takes to recover most of the way after a peak, unless told otherwise.
    public static let defaultRelease = 0.15

    public init(ceiling: Float, sampleRate: Int, lookahead: Double = 0.005, release: Double = defaultRelease) {
        self.ceiling = ceiling
        window = max(2, Int(lookahead * Double(sampleRate)))
        releaseStep = 1 - exp(-1 / (release * Double(sampleRate)))
        delay = [Float](repeating: 0, count: (window + Self.lag) * 2)
        averageRing = [Double](repeating: 1, count: window)
        averageSum = Double(window)
        history = [Float](repeating: 0, count: Self.taps * 2)
    }

    /// Frames of delay the limiter adds.
    public var latency: Int { window - 1 + Self.lag }

    /// The true peak of the frame `lag` frames back: its samples and the oversampled points after it, both channels.
    /// Quiet frames (every sample in reach under half the ceiling) cannot reach it between samples and are skipped.
    private func truePeak() -> Float {
        let newest = frame % Self.taps
        return history.withUnsafeBufferPointer { ring in
            var loudest: Float = 0
            for value in ring { loudest = max(loudest, abs(value)) }
            if loudest < ceiling * 0.5 { return loudest }
            var peak: Float = 0
            for channel in 0..<2 {
                peak = max(peak, abs(ring[2 * ((newest + Self.lag) % Self.taps) + channel]))
                for coefficients in Self.phases {
                    var sum: Float = 0
                    coefficients.withUnsafeBufferPointer { taps in
                        for tap in 0..<Self.taps {
                            sum += taps[tap] * ring[2 * ((newest + 1 + tap) % Self.taps) + channel]
                        }
                    }
                    peak = max(peak, abs(sum))
                }
            }
            return peak
        }
    }

    /// Limits interleaved stereo frames; the output lags the input by `latency` frames.
    public mutating func process(_ input: [Float]) -> [Float] {
        var output = [Float](repeating: 0, count: input.count)
        let frames = input.count / 2
        let length = window + Self.lag
        for i in 0..<frames {
            let left = input[2 * i]
            let right = input[2 * i + 1]
            let slotInHistory = frame % Self.taps
            history[2 * slotInHistory] = left
            history[2 * slotInHistory + 1] = right
            // The gain the frame `lag` back needs, found now that the samples after it are known.
            let peak = truePeak()
            let needed = peak > ceiling ? Double(ceiling / peak) : 1
            while minima.count > minimaHead, let last = minima.last, last.gain >= needed { minima.removeLast() }
            minima.append((frame, needed))
            while minima[minimaHead].index <= frame - window { minimaHead += 1 }
            if minimaHead > 4096 {
                minima.removeFirst(minimaHead)
                minimaHead = 0
            }
            let floor = minima[minimaHead].gain
            released = min(floor, released + (1 - released) * releaseStep)
            let slot = frame % window
            averageSum += released - averageRing[slot]
            averageRing[slot] = released
            let gain = Float(averageSum / Double(window))
            // Delay line of `window - 1 + lag` frames.
            let write = delayIndex
            delay[2 * write] = left
            delay[2 * write + 1] = right
            let read = (delayIndex + 1) % length
            output[2 * i] = delay[2 * read] * gain
            output[2 * i + 1] = delay[2 * read + 1] * gain
            delayIndex = read
            frame += 1
        }
        return output
    }

    /// Pushes silence through to release the last `latency` frames.
    public mutating func flush() -> [Float] {
        process([Float](repeating: 0, count: latency * 2))
    }
}
