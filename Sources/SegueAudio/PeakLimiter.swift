import Foundation

/// A look-ahead peak limiter: no output sample exceeds the ceiling, with smooth gain changes.
///
/// Gain is the sliding minimum of the gain each frame needs, smoothed by a moving average over the
/// same window; the audio is delayed by that window, so every peak is met by a gain already reduced.
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

    /// - Parameters:
    ///   - ceiling: highest absolute sample value allowed, linear.
    ///   - lookahead: seconds of look-ahead (and delay).
    ///   - release: seconds for the gain to recover most of the way.
    public init(ceiling: Float, sampleRate: Int, lookahead: Double = 0.005, release: Double = 0.15) {
        self.ceiling = ceiling
        window = max(2, Int(lookahead * Double(sampleRate)))
        releaseStep = 1 - exp(-1 / (release * Double(sampleRate)))
        delay = [Float](repeating: 0, count: window * 2)
        averageRing = [Double](repeating: 1, count: window)
        averageSum = Double(window)
    }

    /// Frames of delay the limiter adds.
    public var latency: Int { window - 1 }

    /// Limits interleaved stereo frames; the output lags the input by `latency` frames.
    public mutating func process(_ input: [Float]) -> [Float] {
        var output = [Float](repeating: 0, count: input.count)
        let frames = input.count / 2
        for i in 0..<frames {
            let left = input[2 * i]
            let right = input[2 * i + 1]
            let peak = max(abs(left), abs(right))
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
            // Delay line of `window - 1` frames.
            let write = delayIndex
            delay[2 * write] = left
            delay[2 * write + 1] = right
            let read = (delayIndex + 1) % window
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
