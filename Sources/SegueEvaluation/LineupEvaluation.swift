import Foundation
import SegueCore

/// The figures a lineup policy is judged by, averaged over listeners.
public struct LineupMetrics: Sendable, Equatable {
    /// NDCG@K of the lineup against each listener's held-out plays, each track's gain its number of held-out
    /// plays (1 in the classic world).
    public var ndcg = 0.0
    /// Per listener, in the world's order: their NDCG@K (0 with nothing held out); `ndcg` is the mean. Two
    /// policies' lists pair up listener by listener, for the paired bootstrap.
    public var ndcgPerListener: [Double] = []
    /// The same with the lineup's tracks in relevance order: how good the chosen tracks are, apart from
    /// the order they play in (a DJ set orders for flow, not for the ranking NDCG assumes).
    public var ndcgOfSet = 0.0
    /// NDCG@K for the low-, mid- and high-mainstream listeners apart.
    public var ndcgByMainstreamness = [0.0, 0.0, 0.0]
    /// Intra-list diversity: mean pairwise distance (half genre, half artist).
    public var intraListDiversity = 0.0
    /// Distinct artists across all lineups over artists in the catalog.
    public var artistCoverage = 0.0
    /// Gini coefficient of exposure over the catalog's artists (0 = even).
    public var artistGini = 0.0
    /// KL divergence from the listener's genre mix to the lineup's (Steck 2018, smoothed).
    public var calibrationKL = 0.0
    /// Share of picks by artists the listener has not played.
    public var newArtistShare = 0.0
    /// Share of picks the listener has played before (in the classic world these are never held-out plays).
    public var replayShare = 0.0
    /// Mean lineup popularity over mean history popularity, for low-mainstream listeners.
    public var lowMainstreamPopularityLift = 0.0
    /// Share of transitions within 6 % tempo (half and double time allowed) and Camelot distance ≤ 1.
    public var smoothTransitionShare = 0.0
    /// Explicit tracks given to listeners who block them.
    public var explicitLeaks = 0
    /// Times an artist came back within the separation window.
    public var separationViolations = 0

    /// Empty figures (all 0), filled in by the evaluation.
    public init() {}
}

/// Runs the sequencer and a relevance-only top-K baseline over a synthetic world and measures both.
public struct LineupEvaluation: Sendable {
    public var world: SyntheticWorld
    public var count: Int
    public var options: LineupOptions

    public init(world: SyntheticWorld, count: Int = 20, options: LineupOptions = LineupOptions()) {
        self.world = world
        self.count = count
        self.options = options
        self.options.count = count
    }

    /// The figures of Segue, of the relevance-only top-K baseline (no rules), and of the relevance-only
    /// baseline that keeps the hard rules (eligibility and artist separation); and those of the generator's
    /// own odds, with no rules and with the hard rules kept: the ceiling of any model.
    public struct Result: Sendable, Equatable {
        public var segue: LineupMetrics
        public var baseline: LineupMetrics
        public var rulesKeptBaseline: LineupMetrics
        public var oracle: LineupMetrics
        public var rulesKeptOracle: LineupMetrics
        /// Segue's whole objective with the generator's odds as its relevance: what the balance terms cost when
        /// relevance is perfect, the ceiling of any relevance model at Segue's settings.
        public var segueOnOracle: LineupMetrics
        /// The NDCG of the generator's own odds with no rules.
        public var oracleNDCG: Double { oracle.ndcg }
        /// The NDCG of the generator's own odds under the hard rules.
        public var rulesKeptOracleNDCG: Double { rulesKeptOracle.ndcg }
    }

    /// A list measured by the evaluation.
    public enum Policy: String, Sendable, CaseIterable {
        /// The sequencer with the evaluation's options.
        case segue
        /// The relevance-only top-K, no rules.
        case baseline
        /// The relevance-only list under the hard rules.
        case rulesKeptBaseline
        /// The generator's own odds, top-K, no rules.
        case oracle
        /// The generator's own odds under the hard rules.
        case rulesKeptOracle
        /// The sequencer with the evaluation's options, ranking by the generator's own odds.
        case segueOnOracle
    }

    /// Runs all six policies for every listener.
    public func run(seed: UInt64) -> Result {
        let measured = run(seed: seed, policies: Set(Policy.allCases))
        let empty = LineupMetrics()
        return Result(
            segue: measured[.segue] ?? empty, baseline: measured[.baseline] ?? empty,
            rulesKeptBaseline: measured[.rulesKeptBaseline] ?? empty, oracle: measured[.oracle] ?? empty,
            rulesKeptOracle: measured[.rulesKeptOracle] ?? empty, segueOnOracle: measured[.segueOnOracle] ?? empty)
    }

    /// Runs the given policies for every listener (each listener's taste is read once for all of them).
    public func run(seed: UInt64, policies: Set<Policy>) -> [Policy: LineupMetrics] {
        let sequencer = Sequencer(catalog: world.catalog)
        var options = self.options
        options.seed = seed
        var lists: [Policy: [Measured]] = [:]
        for listener in world.listeners {
            let context = ListenerContext(listener: listener, catalog: world.catalog, features: sequencer.features)
            func add(_ policy: Policy, _ indices: @autoclosure () -> [Int]) {
                guard policies.contains(policy) else { return }
                lists[policy, default: []].append(Measured(listener: listener, context: context, indices: indices()))
            }
            add(
                .segue,
                sequencer.lineup(for: listener, context: context, options: options).picks.compactMap {
                    world.catalog.index(of: $0.track.id)
                })
            add(.baseline, sequencer.baseline(context: context, count: count))
            add(
                .rulesKeptBaseline,
                sequencer.rulesKeptBaseline(
                    for: listener, context: context, count: count, separation: options.artistSeparation))
            guard !policies.isDisjoint(with: [.oracle, .rulesKeptOracle, .segueOnOracle]) else { continue }
            let odds = oracleOdds(for: listener, features: sequencer.features)
            add(.oracle, Sequencer.top(count, by: odds))
            add(
                .rulesKeptOracle,
                sequencer.rulesKept(
                    count, by: odds, for: listener, context: context, separation: options.artistSeparation))
            add(
                .segueOnOracle,
                sequencer.lineup(
                    for: listener, context: context.replacingRelevance(with: Self.lift(odds)), options: options
                ).picks.compactMap { world.catalog.index(of: $0.track.id) })
        }
        let features = sequencer.features
        return lists.mapValues { measure($0, features) }
    }

    /// The generator's odds for a listener. In the classic world a track already played is never a held-out
    /// play, so the odds rank the rest; in the realistic world the odds count the repeats of what was played.
    func oracleOdds(for listener: Listener, features: TrackFeatures) -> [Float] {
        let blocksExplicit = listener.explicit == .block
        guard let taste = world.tastes[listener.id] else { return [Float](repeating: 0, count: features.count) }
        guard world.kind == .classic else {
            return taste.odds(features, blocksExplicit: blocksExplicit, history: listener.history, in: world.catalog)
        }
        var odds = taste.odds(features, blocksExplicit: blocksExplicit)
        for entry in listener.history {
            if let index = world.catalog.index(of: entry.trackID) { odds[index] = -1 }
        }
        return odds
    }

    /// Odds (shares of the next plays) as the relevance model's units: ln(odds × catalog size), the lift over a
    /// random catalog track; a track the generator never plays sits at ln(0.001), below anything it plays.
    static func lift(_ odds: [Float]) -> [Float] {
        let size = Float(odds.count)
        return odds.map { log(max($0 * size, 0.001)) }
    }

    /// One listener's lineup as catalog indices.
    struct Measured {
        var listener: Listener
        var context: ListenerContext
        var indices: [Int]
    }

    func measure(_ lineups: [Measured], _ features: TrackFeatures) -> LineupMetrics {
        var metrics = LineupMetrics()
        var exposure = [Int](repeating: 0, count: features.artistKeys.count)
        var lifts: [Double] = []
        var transitions = 0, smooth = 0, picks = 0, newArtists = 0.0
        var listenersByLevel = [0, 0, 0]
        var replays = 0
        let separation = options.artistSeparation
        for entry in lineups {
            let indices = entry.indices, listener = entry.listener
            let report = ImpactReport(indices: indices, features: features, context: entry.context, arc: options.arc)
            // NDCG@K, graded by the held-out plays of each track.
            let gains = world.heldOutPlays[listener.id] ?? [:]
            let tracks = indices.map { world.catalog.tracks[$0] }
            func dcg(_ ranked: [Int]) -> Double {
                ranked.enumerated().reduce(0.0) {
                    $0 + Double(gains[world.catalog.tracks[$1.element].id] ?? 0) / log2(Double($1.offset) + 2)
                }
            }
            let ideal = gains.values.sorted(by: >).prefix(count).enumerated().reduce(0.0) {
                $0 + Double($1.element) / log2(Double($1.offset) + 2)
            }
            let level = SyntheticWorld.mainstreamLevels.firstIndex(of: world.mainstreamness[listener.id] ?? "") ?? 1
            listenersByLevel[level] += 1
            metrics.ndcgPerListener.append(ideal > 0 ? dcg(indices) / ideal : 0)
            if ideal > 0 {
                let ndcg = dcg(indices) / ideal
                metrics.ndcg += ndcg
                metrics.ndcgByMainstreamness[level] += ndcg
                metrics.ndcgOfSet +=
                    dcg(indices.sorted { entry.context.relevance[$0] > entry.context.relevance[$1] }) / ideal
            }
            metrics.intraListDiversity += report.intraListDiversity
            metrics.calibrationKL += report.calibrationKL
            newArtists += report.newArtistShare * Double(indices.count)
            picks += indices.count
            let history = Set(listener.history.map(\.trackID))
            replays += tracks.filter { history.contains($0.id) }.count
            if indices.count > 1 {
                transitions += indices.count - 1
                smooth += Int((report.smoothTransitionShare * Double(indices.count - 1)).rounded())
            }
            for (position, index) in indices.enumerated() {
                exposure[Int(features.leadArtist[index])] += 1
                if listener.explicit == .block && features.isExplicit(index) { metrics.explicitLeaks += 1 }
                if indices[max(0, position - separation + 1)..<position].contains(where: {
                    features.shareArtist($0, index)
                }) {
                    metrics.separationViolations += 1
                }
            }
            let played = listener.history.compactMap { world.catalog[$0.trackID] }
            if world.mainstreamness[listener.id] == "low", !played.isEmpty, !tracks.isEmpty {
                let mean = { (list: [Track]) in
                    Double(list.compactMap(\.popularity).reduce(0, +)) / Double(max(list.count, 1))
                }
                lifts.append(mean(tracks) / max(mean(played), 1))
            }
        }
        let n = Double(max(lineups.count, 1))
        metrics.ndcg /= n
        metrics.ndcgOfSet /= n
        for level in 0..<3 { metrics.ndcgByMainstreamness[level] /= Double(max(listenersByLevel[level], 1)) }
        metrics.intraListDiversity /= n
        metrics.calibrationKL /= n
        metrics.newArtistShare = newArtists / Double(max(picks, 1))
        metrics.replayShare = Double(replays) / Double(max(picks, 1))
        metrics.smoothTransitionShare = Double(smooth) / Double(max(transitions, 1))
        metrics.lowMainstreamPopularityLift = lifts.isEmpty ? 0 : lifts.reduce(0, +) / Double(lifts.count)
        // Artists with at least one track as lead.
        var hasTracks = [Bool](repeating: false, count: features.artistKeys.count)
        for artist in features.leadArtist { hasTracks[Int(artist)] = true }
        let artists = exposure.indices.filter { hasTracks[$0] }
        metrics.artistCoverage = Double(artists.filter { exposure[$0] > 0 }.count) / Double(max(artists.count, 1))
        metrics.artistGini = Self.gini(artists.map { Double(exposure[$0]) })
        return metrics
    }

    static func gini(_ values: [Double]) -> Double {
        let sorted = values.sorted(), n = Double(sorted.count), total = sorted.reduce(0, +)
        guard n > 0, total > 0 else { return 0 }
        let weighted = sorted.enumerated().reduce(0.0) { $0 + Double($1.offset + 1) * $1.element }
        return (2 * weighted) / (n * total) - (n + 1) / n
    }
}
