import Foundation
import SegueCore

/// A synthetic catalog and listener population for measuring the sequencer: power-law artist
/// popularity, genres with their own tempo ranges, all 24 keys, energy correlated with tempo, about
/// 10 % explicit, listeners with 1–4 favourite genres and low, mid or high mainstreamness, histories
/// sampled from taste × popularity, and each listener's latest 20 % of plays held out.
public struct SyntheticWorld: Sendable {
    public var catalog: Catalog
    public var listeners: [Listener]
    /// Per listener id: the held-out track ids (their latest 20 % of plays).
    public var heldOut: [String: Set<String>]
    /// Per listener id: `low`, `mid` or `high` mainstreamness.
    public var mainstreamness: [String: String]
    /// Per listener id: the taste their history was sampled from.
    public var tastes: [String: Taste]

    /// What a synthetic listener's plays are drawn from: a track of a favourite genre with odds
    /// ∝ (max(popularity, 1) / 100)^`popularityExponent` (explicit tracks never, for a listener who blocks them).
    public struct Taste: Sendable, Equatable {
        public var favourites: [String]
        public var popularityExponent: Double

        /// The odds of a track of a favourite genre with this popularity (unknown counts as 1).
        public func weight(popularity: Int?) -> Double {
            pow(Double(max(popularity ?? 1, 1)) / 100, popularityExponent)
        }

        /// The generator's own odds of a play for every catalog track (0 outside the favourite genres):
        /// the ranking no model of this world can beat on average.
        public func odds(_ features: TrackFeatures, blocksExplicit: Bool) -> [Float] {
            let byPopularity = (0...100).map { Float(weight(popularity: $0)) } + [0]
            var liked = [Bool](repeating: false, count: features.genreNames.count)
            for name in favourites { if let id = features.genreIDByName[name] { liked[Int(id)] = true } }
            return (0..<features.count).map { index in
                let genre = features.primaryGenre[index]
                guard genre >= 0, liked[Int(genre)], !(blocksExplicit && features.isExplicit(index)) else { return 0 }
                return byPopularity[Int(features.popularityStep[index])]
            }
        }
    }

    /// The mainstreamness levels, in order.
    public static let mainstreamLevels = ["low", "mid", "high"]

    static let genres: [(name: String, tempo: ClosedRange<Double>)] = [
        ("ambient", 70...100), ("hip-hop", 80...100), ("jazz", 90...140), ("rock", 110...150), ("house", 118...128),
        ("techno", 125...140), ("drum-and-bass", 165...178), ("folk", 80...120), ("classical", 60...120),
        ("pop", 95...130),
        ("soul", 70...110), ("metal", 130...190),
    ]

    /// Generates a world.
    /// - Parameter embeddingDimension: when above 0, every track gets a unit embedding of this width:
    ///   its genre's direction, plus its artist's, plus noise.
    public static func generate(
        listeners listenerCount: Int, tracks trackCount: Int, seed: UInt64, embeddingDimension: Int = 0
    ) throws -> SyntheticWorld {
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
        return SyntheticWorld(
            catalog: catalog, listeners: listeners, heldOut: heldOut, mainstreamness: mainstream, tastes: tastes)
    }

    /// The first index whose running total reaches `value` (binary search over an ascending array).
    static func firstIndex(in cumulative: [Double], reaching value: Double) -> Int {
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] >= value { high = middle } else { low = middle + 1 }
        }
        return max(0, low)
    }

    /// Genre direction + 0.6 × artist direction + 0.5 × noise, normalised; its own random stream, so
    /// the rest of the world is the same with or without embeddings.
    static func addEmbeddings(to tracks: inout [Track], dimension: Int, seed: UInt64) {
        var rng = SeededRandomNumberGenerator(seed: seed ^ 0xE3B0_C442_98FC_1C14)
        func vector() -> [Float] { (0..<dimension).map { _ in Float.random(in: -1...1, using: &rng) } }
        let genreVectors = Dictionary(uniqueKeysWithValues: genres.map { ($0.name, vector()) })
        var artistVectors: [String: [Float]] = [:]
        for index in tracks.indices {
            let genre = genreVectors[tracks[index].genres.first ?? ""] ?? vector()
            let artist = artistVectors[tracks[index].artist] ?? vector()
            artistVectors[tracks[index].artist] = artist
            var v = (0..<dimension).map { genre[$0] + 0.6 * artist[$0] + 0.5 * Float.random(in: -1...1, using: &rng) }
            let norm = sqrt(v.reduce(0) { $0 + $1 * $1 })
            if norm > 0 { v = v.map { $0 / norm } }
            tracks[index].embedding = v
        }
    }
}
