import SegueCore
import Testing

@Suite struct LineupEvaluationTests {
    @Test func onASmallSyntheticWorldSegueKeepsTheRulesAndWidensTheLineup() throws {
        let world = try SyntheticWorld.generate(listeners: 12, tracks: 300, seed: 3)
        #expect(world.listeners.count == 12)
        #expect(world.catalog.tracks.filter(\.explicit).count > 10)
        #expect(world.heldOut.values.filter { !$0.isEmpty }.count >= 8)
        let result = LineupEvaluation(world: world, count: 10).run(seed: 3)
        let (segue, baseline, kept) = (result.segue, result.baseline, result.rulesKeptBaseline)
        #expect(segue.explicitLeaks == 0 && segue.separationViolations == 0)
        #expect(kept.explicitLeaks == 0 && kept.separationViolations == 0)
        #expect(baseline.explicitLeaks > 0 || baseline.separationViolations > 0)  // the baseline keeps no rules
        #expect(segue.intraListDiversity > baseline.intraListDiversity)
        #expect(segue.smoothTransitionShare > baseline.smoothTransitionShare)
        #expect(segue.calibrationKL < baseline.calibrationKL)
        #expect((0...1).contains(segue.ndcg) && (0...1).contains(segue.artistGini))
        // The NDCG by mainstreamness is the same NDCG split by listener: weighted by listeners, it adds up.
        let perLevel = SyntheticWorld.mainstreamLevels.map { level in Double(world.mainstreamness.values.filter { $0 == level }.count) }
        for metrics in [segue, baseline, kept] {
            let weighted = zip(perLevel, metrics.ndcgByMainstreamness).reduce(0) { $0 + $1.0 * $1.1 } / Double(world.listeners.count)
            #expect(abs(weighted - metrics.ndcg) < 1e-9)
            #expect((0...1).contains(metrics.replayShare))
        }
        #expect(segue.ndcg > 0)
    }

    @Test func theSameSeedGivesTheSameWorldAndFigures() throws {
        let a = try SyntheticWorld.generate(listeners: 6, tracks: 200, seed: 9)
        let b = try SyntheticWorld.generate(listeners: 6, tracks: 200, seed: 9)
        #expect(a.catalog == b.catalog && a.listeners == b.listeners)
        #expect(LineupEvaluation(world: a, count: 8).run(seed: 9) == LineupEvaluation(world: b, count: 8).run(seed: 9))
    }
}
