import SegueCore
import SegueEvaluation
import Testing

@Suite struct PairedBootstrapTests {
    /// Per listener: a baseline figure and a policy's, 0.9 of it with noise of its own; many listeners score 0.
    static func pairs(_ count: Int, seed: UInt64) -> (policy: [Double], baseline: [Double]) {
        var rng = SeededRandomNumberGenerator(seed: seed)
        var policy: [Double] = [], baseline: [Double] = []
        for _ in 0..<count {
            let hard = Double.random(in: 0..<1, using: &rng) < 0.4
            let value = hard ? 0 : Double.random(in: 0...0.2, using: &rng)
            baseline.append(value)
            policy.append(max(0, 0.9 * value + Double.random(in: -0.03...0.03, using: &rng)))
        }
        return (policy, baseline)
    }

    @Test func theIntervalHoldsTheEstimateAndNarrowsAsListenersGrow() {
        var widths: [Double] = []
        for count in [100, 1000, 10_000] {
            let (policy, baseline) = Self.pairs(count, seed: 5)
            let interval = PairedBootstrap.ratio(policy, over: baseline, resamples: 1000, seed: 1)
            let estimate = policy.reduce(0, +) / baseline.reduce(0, +)
            #expect(abs(interval.estimate - estimate) < 1e-12)
            #expect(interval.lower <= interval.estimate && interval.estimate <= interval.upper, "\(interval)")
            #expect(interval.lower < interval.upper)
            widths.append(interval.upper - interval.lower)
        }
        // The width falls as 1/√n: a tenth as many listeners, about three times as wide.
        #expect(widths[1] < widths[0] / 2 && widths[2] < widths[1] / 2, "\(widths)")
    }

    @Test func pairingCancelsWhatTheListenersShare() {
        // Each listener's figure is exactly 0.8 of the baseline's: every resample gives 0.8.
        let (_, baseline) = Self.pairs(500, seed: 6)
        let interval = PairedBootstrap.ratio(baseline.map { 0.8 * $0 }, over: baseline, resamples: 300, seed: 2)
        #expect(abs(interval.lower - 0.8) < 1e-12 && abs(interval.upper - 0.8) < 1e-12)
        // The same inputs and seed give the same interval; another seed, another one.
        let (policy, _) = Self.pairs(500, seed: 6)
        let a = PairedBootstrap.ratio(policy, over: baseline, resamples: 300, seed: 2)
        #expect(a == PairedBootstrap.ratio(policy, over: baseline, resamples: 300, seed: 2))
        #expect(a != PairedBootstrap.ratio(policy, over: baseline, resamples: 300, seed: 3))
    }

    @Test func theEvaluationsIntervalsHoldItsRatios() throws {
        let world = try SyntheticWorld.generate(listeners: 45, tracks: 900, seed: 8)
        let result = LineupEvaluation(world: world, count: 10).run(seed: 8)
        for metrics in [result.segue, result.baseline, result.rulesKeptBaseline, result.oracle, result.rulesKeptOracle]
        {
            #expect(metrics.ndcgPerListener.count == world.listeners.count)
            #expect(abs(metrics.ndcgPerListener.reduce(0, +) / Double(world.listeners.count) - metrics.ndcg) < 1e-9)
        }
        let interval = PairedBootstrap.ratio(
            result.segue.ndcgPerListener, over: result.rulesKeptBaseline.ndcgPerListener, seed: 1)
        #expect(abs(interval.estimate - result.segue.ndcg / result.rulesKeptBaseline.ndcg) < 1e-9)
        #expect(interval.lower <= interval.estimate && interval.estimate <= interval.upper)
    }
}
