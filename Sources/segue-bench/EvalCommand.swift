import ArgumentParser
import Foundation
import SegueCore
import SegueEvaluation
import SegueFiles

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
        @Option(help: "The discovery dial, 0 to 1.") var discovery = 0.2
        @Option(help: "No artist twice within this many slots.") var separation = 8
        @Option(help: "Beam width.") var beamWidth = LineupOptions().beamWidth
        @Option(help: "Override one objective weight, e.g. --weight transition=0.8 (repeatable).") var weight:
            [String] = []

        func run() async throws {
            try await reportingErrors {
                let clock = ContinuousClock()
                let started = clock.now
                let world = try SyntheticWorld.generate(listeners: listeners, tracks: tracks, seed: seed)
                var weights = SequencerWeights()
                for entry in weight {
                    let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
                    guard parts.count == 2, let value = Double(parts[1]), let path = SequencerWeights.named[parts[0]]
                    else {
                        throw ValidationError(
                            "--weight takes NAME=NUMBER with NAME one of \(SequencerWeights.named.keys.sorted().joined(separator: ", "))"
                        )
                    }
                    weights[keyPath: path] = value
                }
                let options = LineupOptions(
                    artistSeparation: separation, discovery: discovery, beamWidth: beamWidth, weights: weights)
                let result = LineupEvaluation(world: world, count: count, options: options).run(seed: seed)
                let (segue, baseline, kept) = (result.segue, result.baseline, result.rulesKeptBaseline)
                func row(_ name: String, _ value: (LineupMetrics) -> Double, _ format: String = "%.3f") -> String {
                    "| \(name) | "
                        + [baseline, kept, segue].map { String(format: format, value($0)) }.joined(separator: " | ")
                        + " |"
                }
                print(
                    "| metric (\(world.listeners.count) listeners, \(tracks) tracks, top \(count)) | baseline: relevance top-K | baseline: relevance, rules kept | Segue |"
                )
                print("|---|---|---|---|")
                print(row("NDCG@\(count) on held-out plays", \.ndcg, "%.4f"))
                print(row("NDCG@\(count), the same tracks in relevance order", \.ndcgOfSet, "%.4f"))
                for (level, name) in SyntheticWorld.mainstreamLevels.enumerated() {
                    print(
                        row("NDCG@\(count), \(name)-mainstream listeners", { $0.ndcgByMainstreamness[level] }, "%.4f"))
                }
                print(row("intra-list diversity", \.intraListDiversity))
                print(row("artist coverage", \.artistCoverage))
                print(row("artist Gini of exposure", \.artistGini))
                print(row("calibration KL", \.calibrationKL))
                print(row("new-artist share", \.newArtistShare))
                print(row("share of tracks played before", \.replayShare))
                print(row("popularity lift, low-mainstream listeners", \.lowMainstreamPopularityLift))
                print(row("smooth-transition share", \.smoothTransitionShare))
                print(row("explicit leaks", { Double($0.explicitLeaks) }, "%.0f"))
                print(row("separation violations", { Double($0.separationViolations) }, "%.0f"))
                print(
                    String(
                        format: "NDCG ratio: %.1f %% of the rule-free baseline, %.1f %% of the rules-kept baseline",
                        100 * segue.ndcg / max(baseline.ndcg, 1e-12), 100 * segue.ndcg / max(kept.ndcg, 1e-12)))
                print(
                    String(
                        format:
                            "The generator's own odds (no model beats them on average): NDCG@%d %.4f with no rules, %.4f with the hard rules kept (%.1f %%)",
                        count, result.oracleNDCG, result.rulesKeptOracleNDCG,
                        100 * result.rulesKeptOracleNDCG / max(result.oracleNDCG, 1e-12)))
                print("(\(clock.now - started))")
            }
        }
    }
}
