import SegueCore
import SegueEvaluation
import Testing

@Suite struct LineupEvaluationTests {
    @Test func onASmallSyntheticWorldSegueKeepsTheRulesAndWidensTheLineup() throws {
        let world = try SyntheticWorld.generate(listeners: 12, tracks: 300, seed: 3, kind: .classic)
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
        let perLevel = SyntheticWorld.mainstreamLevels.map { level in
            Double(world.mainstreamness.values.filter { $0 == level }.count)
        }
        for metrics in [segue, baseline, kept] {
            let weighted =
                zip(perLevel, metrics.ndcgByMainstreamness).reduce(0) { $0 + $1.0 * $1.1 }
                / Double(world.listeners.count)
            #expect(abs(weighted - metrics.ndcg) < 1e-9)
            #expect((0...1).contains(metrics.replayShare))
        }
        #expect(segue.ndcg > 0)
    }

    @Test func theOracleOddsAreTheOnesTheHistoriesWereDrawnFrom() throws {
        let world = try SyntheticWorld.generate(listeners: 9, tracks: 600, seed: 4, kind: .classic)
        let features = TrackFeatures(catalog: world.catalog)
        for listener in world.listeners {
            let taste = try #require(world.tastes[listener.id])
            let odds = taste.odds(features, blocksExplicit: listener.explicit == .block)
            // Every play, kept or held out, had odds above 0; every track outside the favourites has none.
            let played = listener.history.map(\.trackID) + (world.heldOut[listener.id] ?? [])
            #expect(played.allSatisfy { odds[world.catalog.index(of: $0)!] > 0 })
            for (index, track) in world.catalog.tracks.enumerated() where !taste.favourites.contains(track.genres[0]) {
                #expect(odds[index] == 0)
            }
            // Listeners of the hits weigh a popular track above a niche one of their genres; niche listeners the other way.
            let liked = world.catalog.tracks.indices.filter { odds[$0] > 0 }
            let popular = try #require(
                liked.max { world.catalog.tracks[$0].popularity! < world.catalog.tracks[$1].popularity! })
            let niche = try #require(
                liked.min { world.catalog.tracks[$0].popularity! < world.catalog.tracks[$1].popularity! })
            if world.catalog.tracks[popular].popularity! > world.catalog.tracks[niche].popularity! {
                #expect((odds[popular] > odds[niche]) == (taste.popularityExponent > 0))
            }
        }
        let result = LineupEvaluation(world: world, count: 10).run(seed: 4)
        #expect(result.oracleNDCG > 0 && result.rulesKeptOracleNDCG > 0)
    }

    @Test func theSameSeedGivesTheSameWorldAndFigures() throws {
        let a = try SyntheticWorld.generate(listeners: 6, tracks: 200, seed: 9)
        let b = try SyntheticWorld.generate(listeners: 6, tracks: 200, seed: 9)
        #expect(a.catalog == b.catalog && a.listeners == b.listeners)
        #expect(LineupEvaluation(world: a, count: 8).run(seed: 9) == LineupEvaluation(world: b, count: 8).run(seed: 9))
    }
}
