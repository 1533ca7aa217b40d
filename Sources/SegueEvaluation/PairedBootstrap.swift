import SegueCore

/// A ratio of two means with its bootstrap interval.
public struct RatioInterval: Sendable, Equatable {
    /// The ratio of the means over all listeners.
    public var estimate: Double
    /// The 2.5th percentile of the resampled ratios.
    public var lower: Double
    /// The 97.5th percentile of the resampled ratios.
    public var upper: Double

    public init(estimate: Double, lower: Double, upper: Double) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
    }

    /// `87.4 % [85.1, 89.8]`: the ratio and its interval in percent.
    public var percent: String {
        func one(_ value: Double) -> String {
            guard value.isFinite else { return "–" }
            let tenths = (value * 1000).rounded() / 10
            return "\(tenths)"
        }
        return "\(one(estimate)) % [\(one(lower)), \(one(upper))]"
    }
}

/// The paired bootstrap of a ratio of means: listeners are resampled with replacement, and each resample takes
/// both policies' figures of the same listeners, so what the two share (an easy listener, a hard one) cancels.
public enum PairedBootstrap {
    /// The ratio mean(`numerator`) / mean(`denominator`) and its percentile 95 % interval.
    /// - Parameters:
    ///   - numerator: per listener, the first policy's figure.
    ///   - denominator: per listener, the second policy's figure, in the same listener order.
    ///   - resamples: bootstrap resamples.
    ///   - seed: the resampling's seed: same inputs and seed, same interval.
    public static func ratio(
        _ numerator: [Double], over denominator: [Double], resamples: Int = 1000, seed: UInt64 = 1
    ) -> RatioInterval {
        let n = min(numerator.count, denominator.count)
        let estimate = ratio(numerator[..<n].reduce(0, +), denominator[..<n].reduce(0, +))
        guard n > 0, resamples > 0 else { return RatioInterval(estimate: estimate, lower: estimate, upper: estimate) }
        var rng = SeededRandomNumberGenerator(seed: seed)
        var ratios: [Double] = []
        ratios.reserveCapacity(resamples)
        numerator.withUnsafeBufferPointer { top in
            denominator.withUnsafeBufferPointer { bottom in
                for _ in 0..<resamples {
                    var sumTop = 0.0, sumBottom = 0.0
                    for _ in 0..<n {
                        let pick = Int(UInt64.random(in: 0..<UInt64(n), using: &rng))
                        sumTop += top[pick]
                        sumBottom += bottom[pick]
                    }
                    ratios.append(ratio(sumTop, sumBottom))
                }
            }
        }
        // A resample whose denominator sums to 0 has no ratio; it is left out.
        ratios = ratios.filter { !$0.isNaN }.sorted()
        return RatioInterval(
            estimate: estimate, lower: percentile(ratios, 0.025), upper: percentile(ratios, 0.975))
    }

    private static func ratio(_ top: Double, _ bottom: Double) -> Double {
        bottom != 0 ? top / bottom : .nan
    }

    /// The `p` quantile of sorted values, interpolated between neighbours.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard let first = sorted.first else { return .nan }
        let position = p * Double(sorted.count - 1)
        let below = Int(position.rounded(.down)), above = min(below + 1, sorted.count - 1)
        guard below >= 0 else { return first }
        return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
    }
}
