import ArgumentParser
import Foundation
import SegueCore

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Measure Segue against baselines.", subcommands: [Lineup.self])

    struct Lineup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The sequencer against a relevance-only top-K baseline on a synthetic world.")

        @Option(help: "Synthetic listeners.") var listeners = 1000
        @Option(help: "Synthetic tracks.") var tracks = 50_000
        @Option(help: "Tracks per lineup.") var count = 20
        @Option(help: "Seed for the world and the lineups.") var seed: UInt64 = 1

        func run() async throws {
            try await reportingErrors {
                let clock = ContinuousClock()
                let started = clock.now
                let world = try SyntheticWorld.generate(listeners: listeners, tracks: tracks, seed: seed)
                let (segue, baseline) = LineupEvaluation(world: world, count: count).run(seed: seed)
                func row(_ name: String, _ a: Double, _ b: Double, _ format: String = "%.3f") -> String {
                    "| \(name) | \(String(format: format, b)) | \(String(format: format, a)) |"
                }
                print("| metric (\(world.listeners.count) listeners, \(tracks) tracks, top \(count)) | baseline | Segue |")
                print("|---|---|---|")
                print(row("NDCG@\(count) on held-out plays", segue.ndcg, baseline.ndcg, "%.4f"))
                print(row("intra-list diversity", segue.intraListDiversity, baseline.intraListDiversity))
                print(row("artist coverage", segue.artistCoverage, baseline.artistCoverage))
                print(row("artist Gini of exposure", segue.artistGini, baseline.artistGini))
                print(row("calibration KL", segue.calibrationKL, baseline.calibrationKL))
                print(row("new-artist share", segue.newArtistShare, baseline.newArtistShare))
                print(row("popularity lift, low-mainstream listeners", segue.lowMainstreamPopularityLift, baseline.lowMainstreamPopularityLift))
                print(row("smooth-transition share", segue.smoothTransitionShare, baseline.smoothTransitionShare))
                print("| explicit leaks | \(baseline.explicitLeaks) | \(segue.explicitLeaks) |")
                print("| separation violations | \(baseline.separationViolations) | \(segue.separationViolations) |")
                print("(\(clock.now - started))")
            }
        }
    }
}
