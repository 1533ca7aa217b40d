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
            abstract:
                "The sequencer against the rules-kept baseline and oracle on synthetic worlds, with bootstrap intervals."
        )

        @Option(help: "Synthetic listeners (1000 is too noisy to rank settings).") var listeners = 5000
        @Option(help: "Synthetic tracks.") var tracks = 50_000
        @Option(help: "Tracks per lineup.") var count = 20
        @Option(
            help:
                "Seeds for the world and the lineups, comma-separated; each is a world of its own. Seed 3 is the held-out world: never tune on it."
        ) var seeds = "1,2"
        @Option(help: "The world: realistic (loyalty, repeats, skips, likes, dates) or classic (the first one).")
        var world = SyntheticWorld.Kind.realistic.rawValue
        @Option(help: "The discovery dial, 0 to 1.") var discovery = 0.2
        @Option(help: "No artist twice within this many slots.") var separation = 8
        @Option(help: "Beam width.") var beamWidth = LineupOptions().beamWidth
        @Option(help: "Override one objective weight, e.g. --weight transition=0.8 (repeatable).") var weight:
            [String] = []
        @Option(help: "Bootstrap resamples of the listeners for the 95 % intervals.") var resamples = 1000
        @Option(
            help:
                "Track embeddings: none, or als (learned from the training plays by implicit ALS, 64 dimensions, as `segue catalog embed` does)."
        )
        var embeddings = "none"
        @Option(
            help:
                "Instead of the metrics table, the Pareto table of these transition weights, e.g. --pareto 0,0.5,1,2,4."
        ) var pareto: String?

        /// The seed of the bootstrap's resampling for a world's seed: its own stream, fixed.
        static func bootstrapSeed(_ seed: UInt64) -> UInt64 { seed ^ 0xB007_57A9_0000_0001 }

        func run() async throws {
            try await reportingErrors {
                guard ["none", "als"].contains(embeddings) else {
                    throw ValidationError("--embeddings takes none or als")
                }
                guard let kind = SyntheticWorld.Kind(rawValue: world) else {
                    throw ValidationError(
                        "--world takes \(SyntheticWorld.Kind.allCases.map(\.rawValue).joined(separator: " or "))")
                }
                let seedList = try Self.list(seeds, name: "--seeds") { UInt64($0) }
                let transitions = try pareto.map { try Self.list($0, name: "--pareto") { Double($0) } }
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
                for seed in seedList {
                    let clock = ContinuousClock()
                    let started = clock.now
                    var synthetic = try SyntheticWorld.generate(
                        listeners: listeners, tracks: tracks, seed: seed, kind: kind)
                    let generated = clock.now - started
                    var learned = ""
                    if embeddings == "als" {
                        let training = clock.now
                        synthetic = synthetic.withListeningEmbeddings(seed: seed)
                        let vectors = synthetic.catalog.tracks.filter { $0.embedding != nil }.count
                        learned =
                            " Embeddings: implicit ALS on the training plays only, \(vectors) of \(tracks) tracks, trained in \(Self.seconds(clock.now - training))."
                    }
                    print(
                        "## \(kind.rawValue) world, seed \(seed)\(seed == 3 ? " (the held-out world: never tune on it)" : "")"
                    )
                    print("")
                    print(
                        "\(synthetic.listeners.count) listeners, \(tracks) tracks, top \(count), separation \(separation), discovery \(discovery); world generated in \(Self.seconds(generated)).\(learned)"
                    )
                    let stats = WorldStatistics(world: synthetic)
                    print("")
                    if kind == .realistic {
                        print(
                            String(
                                format:
                                    "The world's listening: %.1f %% of plays by favourite artists, %.1f %% of starts of disliked tracks skipped, %.1f %% of tracks played 3+ times liked, %.1f %% of held-out plays are replays, %.1f plays a listener.",
                                100 * stats.loyaltyShare, 100 * stats.dislikedSkipRate, 100 * stats.likedShare,
                                100 * stats.heldOutReplayShare, stats.meanPlays))
                    } else {
                        print(
                            String(
                                format:
                                    "The classic world's listening: fresh draws only, no dates, skips or likes, %.1f plays a listener.",
                                stats.meanPlays))
                    }
                    print("")
                    let evaluation = LineupEvaluation(world: synthetic, count: count, options: options)
                    if let transitions {
                        paretoTable(evaluation, transitions: transitions, seed: seed)
                    } else {
                        metricsTable(evaluation.run(seed: seed), seed: seed)
                    }
                    print("")
                    print("(seed \(seed): \(Self.seconds(clock.now - started)) in all)")
                    print("")
                }
            }
        }

        /// The metrics of the five policies, then the NDCG ratios with their paired bootstrap intervals.
        func metricsTable(_ result: LineupEvaluation.Result, seed: UInt64) {
            let (segue, baseline, kept) = (result.segue, result.baseline, result.rulesKeptBaseline)
            let (oracle, keptOracle, segueOnOracle) = (result.oracle, result.rulesKeptOracle, result.segueOnOracle)
            func row(_ name: String, _ value: (LineupMetrics) -> Double, _ format: String = "%.3f") -> String {
                "| \(name) | "
                    + [baseline, kept, segue, oracle, keptOracle, segueOnOracle].map {
                        String(format: format, value($0))
                    }
                    .joined(separator: " | ") + " |"
            }
            print(
                "| metric | baseline: relevance top-K | baseline: relevance, rules kept | Segue | oracle: the generator's odds | oracle, rules kept | Segue on the oracle's odds |"
            )
            print("|---|---|---|---|---|---|---|")
            print(row("NDCG@\(count) on held-out plays", \.ndcg, "%.4f"))
            print(row("NDCG@\(count), the same tracks in relevance order", \.ndcgOfSet, "%.4f"))
            for (level, name) in SyntheticWorld.mainstreamLevels.enumerated() {
                print(row("NDCG@\(count), \(name)-mainstream listeners", { $0.ndcgByMainstreamness[level] }, "%.4f"))
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
            print("")
            print(
                "| NDCG@\(count) ratio (paired bootstrap over listeners, \(resamples) resamples) | ratio [95 % interval] |"
            )
            print("|---|---|")
            let ratios: [(String, LineupMetrics, LineupMetrics)] = [
                ("Segue / rules-kept baseline", segue, kept),
                ("rules-kept baseline / rules-kept oracle", kept, keptOracle),
                ("Segue / rules-kept oracle", segue, keptOracle),
                ("ceiling at Segue's settings: Segue on the oracle's odds / rules-kept baseline", segueOnOracle, kept),
                ("for information: Segue / rule-free baseline", segue, baseline),
                ("for information: rules-kept baseline / rule-free baseline", kept, baseline),
                ("for information: rules-kept oracle / rule-free oracle", keptOracle, oracle),
            ]
            for (name, top, bottom) in ratios {
                let interval = PairedBootstrap.ratio(
                    top.ndcgPerListener, over: bottom.ndcgPerListener, resamples: resamples,
                    seed: Self.bootstrapSeed(seed))
                print("| \(name) | \(interval.percent) |")
            }
        }

        /// Segue at each transition weight against the rules-kept baseline of the same world.
        func paretoTable(_ evaluation: LineupEvaluation, transitions: [Double], seed: UInt64) {
            let clock = ContinuousClock()
            var started = clock.now
            let kept = evaluation.run(seed: seed, policies: [.rulesKeptBaseline])[.rulesKeptBaseline] ?? LineupMetrics()
            print(
                "Rules-kept baseline (\(Self.seconds(clock.now - started))): NDCG@\(count) \(String(format: "%.4f", kept.ndcg)), artist Gini \(String(format: "%.3f", kept.artistGini)), calibration KL \(String(format: "%.3f", kept.calibrationKL)), new-artist share \(String(format: "%.3f", kept.newArtistShare))."
            )
            print("")
            print(
                "| transition weight | NDCG / rules-kept baseline [95 %] | smooth-transition share | new-artist share (dial \(discovery)) | artist Gini (Δ vs baseline) | calibration KL (% of baseline) | explicit leaks | separation violations | on the oracle's odds: NDCG / rules-kept baseline [95 %], smooth | time |"
            )
            print("|---|---|---|---|---|---|---|---|---|---|")
            for transition in transitions {
                started = clock.now
                var variant = evaluation
                variant.options.weights.transition = transition
                let measured = variant.run(seed: seed, policies: [.segue, .segueOnOracle])
                let segue = measured[.segue] ?? LineupMetrics()
                let onOracle = measured[.segueOnOracle] ?? LineupMetrics()
                let interval = PairedBootstrap.ratio(
                    segue.ndcgPerListener, over: kept.ndcgPerListener, resamples: resamples,
                    seed: Self.bootstrapSeed(seed))
                let ceiling = PairedBootstrap.ratio(
                    onOracle.ndcgPerListener, over: kept.ndcgPerListener, resamples: resamples,
                    seed: Self.bootstrapSeed(seed))
                let cells = [
                    "\(transition)", interval.percent, String(format: "%.3f", segue.smoothTransitionShare),
                    String(format: "%.3f (%+.3f)", segue.newArtistShare, segue.newArtistShare - discovery),
                    String(format: "%.3f (%+.3f)", segue.artistGini, segue.artistGini - kept.artistGini),
                    String(
                        format: "%.3f (%.0f %%)", segue.calibrationKL,
                        100 * segue.calibrationKL / max(kept.calibrationKL, 1e-12)),
                    "\(segue.explicitLeaks)", "\(segue.separationViolations)",
                    "\(ceiling.percent), \(String(format: "%.3f", onOracle.smoothTransitionShare))",
                    Self.seconds(clock.now - started),
                ]
                print("| " + cells.joined(separator: " | ") + " |")
            }
        }

        /// A comma-separated list, each item read by `parse`.
        static func list<T>(_ text: String, name: String, _ parse: (String) -> T?) throws -> [T] {
            let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let values = items.compactMap(parse)
            guard !items.isEmpty, values.count == items.count else {
                throw ValidationError("\(name) takes a comma-separated list of numbers, e.g. 1,2; got \"\(text)\"")
            }
            return values
        }

        static func seconds(_ duration: Duration) -> String {
            String(format: "%.1f s", duration.inSeconds)
        }
    }
}
