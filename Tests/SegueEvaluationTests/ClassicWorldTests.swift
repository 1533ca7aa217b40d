import Foundation
import SegueCore
import Testing

@testable import SegueEvaluation

/// The classic world as `SyntheticWorld.generate` made it before issue 16 (commit 635cfe5), kept here verbatim
/// but for its name and result type, so `--world classic` is checked against the old code itself.
struct ClassicWorldBeforeIssue16 {
    var catalog: Catalog
    var listeners: [Listener]
    var heldOut: [String: Set<String>]
    var mainstreamness: [String: String]
    var tastes: [String: SyntheticWorld.Taste]
}

extension SyntheticWorld {
    static func generateBeforeIssue16(
        listeners listenerCount: Int, tracks trackCount: Int, seed: UInt64, embeddingDimension: Int = 0
    ) throws -> ClassicWorldBeforeIssue16 {
        var rng = SeededRandomNumberGenerator(seed: seed)
        let artistCount = max(10, trackCount / 8)
        // Zipf-like artist popularity: rank r gets weight 1 / r^1.1.
        let artistWeight = (0..<artistCount).map { 1 / pow(Double($0 + 1), 1.1) }
        let maxWeight = artistWeight[0]
        let artistGenre = (0..<artistCount).map { _ in Int.random(in: 0..<genres.count, using: &rng) }
        var tracks: [Track] = []
        tracks.reserveCapacity(trackCount)
        // Popular artists have more tracks, but far fewer than their share of plays: rank r gets 1 / r^0.6 of the tracks.
        let cumulative = (0..<artistCount).map { 1 / pow(Double($0 + 1), 0.6) }.reduce(into: [Double]()) {
            $0.append(($0.last ?? 0) + $1)
        }
        for index in 0..<trackCount {
            let pick = Double.random(in: 0..<(cumulative.last ?? 1), using: &rng)
            let artist = firstIndex(in: cumulative, reaching: pick)
            let genre =
                Double.random(in: 0..<1, using: &rng) < 0.85
                ? artistGenre[artist] : Int.random(in: 0..<genres.count, using: &rng)
            let tempo = Double.random(in: genres[genre].tempo, using: &rng).rounded()
            let energy = min(1, max(0, 0.15 + 0.7 * (tempo - 60) / 130 + Double.random(in: -0.1...0.1, using: &rng)))
            let popularity = Int(
                (100 * pow(artistWeight[artist] / maxWeight, 0.35) * Double.random(in: 0.25...1, using: &rng)).rounded()
            )
            tracks.append(
                Track(
                    id: "s\(index)", title: "Track \(index)", artist: "Artist \(artist)",
                    year: 1960 + Int.random(in: 0...65, using: &rng),
                    genres: [genres[genre].name], bpm: tempo,
                    key: "\(Int.random(in: 1...12, using: &rng))\(Bool.random(using: &rng) ? "A" : "B")",
                    energy: (energy * 100).rounded() / 100, popularity: max(0, min(100, popularity)),
                    explicit: Double.random(in: 0..<1, using: &rng) < 0.1, duration: 180))
        }
        if embeddingDimension > 0 {
            addEmbeddings(to: &tracks, dimension: embeddingDimension, seed: seed)
        }
        let catalog = try Catalog(tracks: tracks, baseURL: URL(fileURLWithPath: "/"))
        let byGenre = Dictionary(grouping: tracks.indices, by: { tracks[$0].genres[0] })
        var listeners: [Listener] = []
        var heldOut: [String: Set<String>] = [:]
        var mainstream: [String: String] = [:]
        var tastes: [String: Taste] = [:]
        for index in 0..<listenerCount {
            let id = "u\(index)"
            let favourites = Array(genres.map(\.name).shuffled(using: &rng).prefix(Int.random(in: 1...4, using: &rng)))
            let level = mainstreamLevels[index % 3]
            let taste = Taste(
                favourites: favourites, popularityExponent: ["low": -0.5, "mid": 0.5, "high": 2.0][level] ?? 0.5)
            var plays: [(String, Int)] = []
            // A listener who blocks explicit tracks has never been played one.
            let blocksExplicit = index % 2 == 0
            let candidates = favourites.flatMap { byGenre[$0] ?? [] }.filter { !blocksExplicit || !tracks[$0].explicit }
            guard !candidates.isEmpty else { continue }
            let weights = candidates.map { taste.weight(popularity: tracks[$0].popularity) }
            let total = weights.reduce(0, +)
            for _ in 0..<Int.random(in: 30...120, using: &rng) {
                var target = Double.random(in: 0..<total, using: &rng)
                var chosen = candidates[0]
                for (candidate, weight) in zip(candidates, weights) {
                    target -= weight
                    if target <= 0 { chosen = candidate; break }
                }
                plays.append((tracks[chosen].id, plays.count))
            }
            // Latest 20 % of plays are held out.
            let cut = Int(Double(plays.count) * 0.8)
            let train = plays[..<cut], test = plays[cut...]
            var counts: [String: Int] = [:]
            for (track, _) in train { counts[track, default: 0] += 1 }
            let history = counts.sorted { $0.key < $1.key }.map {
                Listener.HistoryEntry(trackID: $0.key, plays: $0.value)
            }
            listeners.append(Listener(id: id, name: id, explicit: blocksExplicit ? .block : .allow, history: history))
            heldOut[id] = Set(test.map(\.0)).subtracting(counts.keys)
            mainstream[id] = level
            tastes[id] = taste
        }
        return ClassicWorldBeforeIssue16(
            catalog: catalog, listeners: listeners, heldOut: heldOut, mainstreamness: mainstream, tastes: tastes)
    }

}

@Suite struct ClassicWorldTests {
    @Test(arguments: [(UInt64(1), 30, 400, 0), (2, 12, 250, 8), (7, 40, 900, 0)])
    func theClassicFlagReproducesTheOldWorld(seed: UInt64, listeners: Int, tracks: Int, dimension: Int) throws {
        let old = try SyntheticWorld.generateBeforeIssue16(
            listeners: listeners, tracks: tracks, seed: seed, embeddingDimension: dimension)
        let world = try SyntheticWorld.generate(
            listeners: listeners, tracks: tracks, seed: seed, embeddingDimension: dimension, kind: .classic)
        #expect(world.kind == .classic)
        #expect(world.catalog == old.catalog)
        #expect(world.listeners == old.listeners)
        #expect(world.heldOut == old.heldOut)
        #expect(world.mainstreamness == old.mainstreamness)
        #expect(world.tastes == old.tastes)
        // Every held-out play counts 1, as the old binary NDCG did; no dates in the classic world.
        #expect(world.heldOutPlays.mapValues { Set($0.keys) } == old.heldOut)
        #expect(world.heldOutPlays.values.allSatisfy { $0.values.allSatisfy { $0 == 1 } })
        #expect(world.listeners.allSatisfy { $0.history.allSatisfy { $0.lastPlayed == nil && $0.skips == 0 } })
    }

    @Test func bothWorldsShareTheCatalogOfASeed() throws {
        let classic = try SyntheticWorld.generate(listeners: 5, tracks: 300, seed: 4, kind: .classic)
        let realistic = try SyntheticWorld.generate(listeners: 5, tracks: 300, seed: 4)
        #expect(realistic.kind == .realistic)
        #expect(classic.catalog == realistic.catalog)
        #expect(classic.listeners != realistic.listeners)
    }
}
