import Foundation

/// The figures a lineup policy is judged by, averaged over listeners.
public struct LineupMetrics: Sendable, Equatable {
    /// NDCG@K of the lineup against each listener's held-out plays.
    public var ndcg = 0.0
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
    /// Mean lineup popularity over mean history popularity, for low-mainstream listeners.
    public var lowMainstreamPopularityLift = 0.0
    /// Share of transitions within 6 % tempo (half and double time allowed) and Camelot distance ≤ 1.
    public var smoothTransitionShare = 0.0
    /// Explicit tracks given to listeners who block them.
    public var explicitLeaks = 0
    /// Times an artist came back within the separation window.
    public var separationViolations = 0
}

/// Runs the sequencer and a relevance-only top-K baseline over a synthetic world and measures both.
public struct LineupEvaluation: Sendable {
    public var world: SyntheticWorld
    public var count: Int
    public var separation: Int

    public init(world: SyntheticWorld, count: Int = 20, separation: Int = 3) {
        self.world = world
        self.count = count
        self.separation = separation
    }

    /// Segue's figures and the baseline's.
    public func run(seed: UInt64) -> (segue: LineupMetrics, baseline: LineupMetrics) {
        let sequencer = Sequencer(catalog: world.catalog)
        var segue: [(Listener, [Track])] = []
        var baseline: [(Listener, [Track])] = []
        for listener in world.listeners {
            let options = LineupOptions(count: count, artistSeparation: separation, seed: seed)
            segue.append((listener, sequencer.lineup(for: listener, options: options).picks.map(\.track)))
            let taste = TasteProfile(listener: listener, catalog: world.catalog)
            let top = world.catalog.tracks.indices.map { (world.catalog.tracks[$0], sequencer.relevance(ofTrackAt: $0, taste: taste)) }
                .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.id < $1.0.id }.prefix(count).map(\.0)
            baseline.append((listener, Array(top)))
        }
        return (measure(segue), measure(baseline))
    }

    func measure(_ lineups: [(Listener, [Track])]) -> LineupMetrics {
        var metrics = LineupMetrics()
        var exposure: [String: Int] = [:]
        var lifts: [Double] = []
        var transitions = 0, smooth = 0, picks = 0, newArtists = 0
        for (listener, tracks) in lineups {
            let played = listener.history.compactMap { world.catalog[$0.trackID] }
            let playedArtists = Set(played.map(\.artist))
            // NDCG@K.
            let held = world.heldOut[listener.id] ?? []
            let dcg = tracks.enumerated().reduce(0.0) { $0 + (held.contains($1.element.id) ? 1 / log2(Double($1.offset) + 2) : 0) }
            let ideal = (0..<min(held.count, count)).reduce(0.0) { $0 + 1 / log2(Double($1) + 2) }
            metrics.ndcg += ideal > 0 ? dcg / ideal : 0
            // Diversity.
            var distance = 0.0, pairs = 0
            for i in tracks.indices {
                for j in tracks.indices where j > i {
                    distance += 0.5 * (tracks[i].genres == tracks[j].genres ? 0 : 1) + 0.5 * (tracks[i].artist == tracks[j].artist ? 0 : 1)
                    pairs += 1
                }
            }
            metrics.intraListDiversity += pairs > 0 ? distance / Double(pairs) : 0
            // Calibration.
            metrics.calibrationKL += Self.kl(from: Self.genreMix(played), to: Self.genreMix(tracks))
            // Discovery, exposure, rules.
            for (position, track) in tracks.enumerated() {
                exposure[track.artist, default: 0] += 1
                picks += 1
                if !playedArtists.contains(track.artist) { newArtists += 1 }
                if listener.explicit == .block && track.explicit { metrics.explicitLeaks += 1 }
                if tracks[max(0, position - separation + 1)..<position].contains(where: { $0.artist == track.artist }) {
                    metrics.separationViolations += 1
                }
            }
            for (a, b) in zip(tracks, tracks.dropFirst()) {
                transitions += 1
                if Self.isSmooth(a, b) { smooth += 1 }
            }
            if world.mainstreamness[listener.id] == "low", !played.isEmpty, !tracks.isEmpty {
                let mean = { (list: [Track]) in Double(list.compactMap(\.popularity).reduce(0, +)) / Double(max(list.count, 1)) }
                lifts.append(mean(tracks) / max(mean(played), 1))
            }
        }
        let n = Double(max(lineups.count, 1))
        metrics.ndcg /= n
        metrics.intraListDiversity /= n
        metrics.calibrationKL /= n
        metrics.newArtistShare = Double(newArtists) / Double(max(picks, 1))
        metrics.smoothTransitionShare = Double(smooth) / Double(max(transitions, 1))
        metrics.lowMainstreamPopularityLift = lifts.isEmpty ? 0 : lifts.reduce(0, +) / Double(lifts.count)
        let artists = Set(world.catalog.tracks.map(\.artist))
        metrics.artistCoverage = Double(exposure.count) / Double(max(artists.count, 1))
        metrics.artistGini = Self.gini(artists.map { Double(exposure[$0] ?? 0) })
        return metrics
    }

    static func genreMix(_ tracks: [Track]) -> [String: Double] {
        var mix: [String: Double] = [:]
        for track in tracks { for genre in track.genres { mix[genre, default: 0] += 1 / Double(track.genres.count) } }
        let total = mix.values.reduce(0, +)
        return total > 0 ? mix.mapValues { $0 / total } : [:]
    }

    /// KL(p ‖ q̃) with q̃ = 0.99 q + 0.01 p, as Steck (2018) smooths it.
    static func kl(from p: [String: Double], to q: [String: Double]) -> Double {
        p.reduce(0) { sum, entry in
            let smoothed = 0.99 * (q[entry.key] ?? 0) + 0.01 * entry.value
            return entry.value > 0 ? sum + entry.value * log(entry.value / smoothed) : sum
        }
    }

    static func gini(_ values: [Double]) -> Double {
        let sorted = values.sorted(), n = Double(sorted.count), total = sorted.reduce(0, +)
        guard n > 0, total > 0 else { return 0 }
        let weighted = sorted.enumerated().reduce(0.0) { $0 + Double($1.offset + 1) * $1.element }
        return (2 * weighted) / (n * total) - (n + 1) / n
    }

    /// Within 6 % tempo (also at half or double time) and at most one step on the Camelot wheel.
    static func isSmooth(_ a: Track, _ b: Track) -> Bool {
        guard let x = a.bpm, let y = b.bpm, let k1 = a.key.flatMap(CamelotKey.init), let k2 = b.key.flatMap(CamelotKey.init) else {
            return false
        }
        let tempo = [y, y * 2, y / 2].contains { abs($0 - x) / x <= 0.06 }
        return tempo && k1.distance(to: k2) <= 1
    }
}
