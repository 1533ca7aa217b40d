import Foundation
import SegueCore

/// A synthetic catalog and listener population for measuring the sequencer: power-law artist
/// popularity, genres with their own tempo ranges, all 24 keys, energy correlated with tempo, about
/// 10 % explicit, listeners with 1–4 favourite genres and low, mid or high mainstreamness, histories
/// sampled from taste × popularity, and each listener's latest 20 % of plays held out.
///
/// Two kinds of world share the catalog (the same tracks for a seed): the `realistic` one adds artist
/// loyalty, repeat listening, skips, likes and play dates (see `generateRealistic`); the `classic` one is
/// the first world, kept for comparison, where every play is a fresh draw and a held-out play is never a
/// track played before.
public struct SyntheticWorld: Sendable {
    /// Which listening the histories are drawn from.
    public enum Kind: String, Sendable, CaseIterable {
        /// Loyalty, repeats, skips, likes and dates (the default).
        case realistic
        /// Fresh draws from taste × popularity only; held-out plays are tracks not played before.
        case classic
    }

    public var kind: Kind
    public var catalog: Catalog
    public var listeners: [Listener]
    /// Per listener id: the held-out track ids (tracks with at least one play in their latest 20 %).
    public var heldOut: [String: Set<String>]
    /// Per listener id: the held-out plays per track, the graded gain of NDCG (1 each in the classic world).
    public var heldOutPlays: [String: [String: Int]]
    /// Per listener id: `low`, `mid` or `high` mainstreamness.
    public var mainstreamness: [String: String]
    /// Per listener id: the taste their history was sampled from.
    public var tastes: [String: Taste]
    /// The realistic world's reference date: every play lies in the `playWindowDays` before it (nil: undated).
    public var referenceDate: Date?
    /// Per listener id, in the realistic world: the date of their first held-out start; every play in
    /// their history is before it.
    public var heldOutFrom: [String: Date]

    /// What a synthetic listener's plays are drawn from: a track of a favourite genre with odds
    /// ∝ (max(popularity, 1) / 100)^`popularityExponent` (explicit tracks never, for a listener who blocks them).
    ///
    /// In the realistic world a start is, by fixed shares: a play of a favourite artist (`loyalty` of the
    /// plays), a start of a disliked track outside their taste (`exploration` of the starts, skipped at
    /// `skipRate`), or else a play of a favourite genre by another artist; a loyal or genre play replays an
    /// earlier play of its kind at `repeatRate` (a track in proportion to its plays), else it is a fresh draw.
    public struct Taste: Sendable, Equatable {
        public var favourites: [String]
        public var popularityExponent: Double
        /// Artist credits (`Track.artist`) of the favourite artists; empty in the classic world.
        public var favouriteArtists: [String]
        /// Share of plays that go to the favourite artists.
        public var loyalty: Double
        /// Chance that a loyal or genre play replays an earlier play of its kind.
        public var repeatRate: Double
        /// Share of starts of disliked tracks: outside the favourite genres and artists.
        public var exploration: Double
        /// Chance that a start of a disliked track is skipped.
        public var skipRate: Double

        /// A taste; the defaults are the classic world's (no loyalty, repeats or exploration).
        public init(
            favourites: [String], popularityExponent: Double, favouriteArtists: [String] = [], loyalty: Double = 0,
            repeatRate: Double = 0, exploration: Double = 0, skipRate: Double = 0
        ) {
            self.favourites = favourites
            self.popularityExponent = popularityExponent
            self.favouriteArtists = favouriteArtists
            self.loyalty = loyalty
            self.repeatRate = repeatRate
            self.exploration = exploration
            self.skipRate = skipRate
        }

        /// Whether this is a classic taste: fresh draws of the favourite genres only.
        public var isClassic: Bool { favouriteArtists.isEmpty && exploration == 0 && repeatRate == 0 }

        /// The odds of a track of a favourite genre with this popularity (unknown counts as 1).
        public func weight(popularity: Int?) -> Double {
            pow(Double(max(popularity ?? 1, 1)) / 100, popularityExponent)
        }

        /// The generator's own odds of a play for every catalog track (0 outside the favourite genres):
        /// the ranking no model of this world can beat on average. For a realistic taste, the odds of a fresh
        /// play (see `odds(_:blocksExplicit:history:)` for the repeats).
        public func odds(_ features: TrackFeatures, blocksExplicit: Bool) -> [Float] {
            if !isClassic { return realisticOdds(features, blocksExplicit: blocksExplicit, plays: []) }
            let byPopularity = (0...100).map { Float(weight(popularity: $0)) } + [0]
            var liked = [Bool](repeating: false, count: features.genreNames.count)
            for name in favourites { if let id = features.genreIDByName[name] { liked[Int(id)] = true } }
            return (0..<features.count).map { index in
                let genre = features.primaryGenre[index]
                guard genre >= 0, liked[Int(genre)], !(blocksExplicit && features.isExplicit(index)) else { return 0 }
                return byPopularity[Int(features.popularityStep[index])]
            }
        }

        /// The generator's expected share of a listener's next plays for every catalog track, given the plays
        /// in `history`: per kind of play (loyal, genre, disliked), the kind's share × (`repeatRate` × the
        /// track's share of the kind's plays so far + (1 − `repeatRate`) × its fresh odds). To first order (the
        /// held-out plays feed later repeats too) the ranking no model of this world beats on average. A
        /// classic taste ignores the history (see `odds(_:blocksExplicit:)`).
        public func odds(
            _ features: TrackFeatures, blocksExplicit: Bool, history: [Listener.HistoryEntry], in catalog: Catalog
        ) -> [Float] {
            if isClassic { return odds(features, blocksExplicit: blocksExplicit) }
            let plays = history.compactMap { entry in catalog.index(of: entry.trackID).map { ($0, entry.plays) } }
            return realisticOdds(features, blocksExplicit: blocksExplicit, plays: plays)
        }

        private func realisticOdds(
            _ features: TrackFeatures, blocksExplicit: Bool, plays: [(index: Int, plays: Int)]
        ) -> [Float] {
            var likedGenre = [Bool](repeating: false, count: features.genreNames.count)
            for name in favourites { if let id = features.genreIDByName[name] { likedGenre[Int(id)] = true } }
            var favouriteArtist = [Bool](repeating: false, count: features.artistKeys.count)
            for credit in favouriteArtists {
                if let id = features.artistIDByKey[ArtistCredit.key(credit)] { favouriteArtist[Int(id)] = true }
            }
            let byPopularity = (0...100).map { weight(popularity: $0) } + [weight(popularity: nil)]
            // Kinds: 0 loyal, 1 genre, 2 disliked, -1 never played.
            var kinds = [Int8](repeating: -1, count: features.count)
            var fresh = [Double](repeating: 0, count: features.count)
            var freshTotal = [0.0, 0.0, 0.0]
            for index in 0..<features.count where !(blocksExplicit && features.isExplicit(index)) {
                let genre = features.primaryGenre[index]
                let kind: Int8 =
                    favouriteArtist[Int(features.leadArtist[index])] ? 0 : genre >= 0 && likedGenre[Int(genre)] ? 1 : 2
                kinds[index] = kind
                fresh[index] = byPopularity[Int(features.popularityStep[index])]
                freshTotal[Int(kind)] += fresh[index]
            }
            var played = [Double](repeating: 0, count: features.count)
            var playedTotal = [0.0, 0.0, 0.0]
            for (index, count) in plays where repeatRate > 0 && count > 0 && (0...1).contains(kinds[index]) {
                played[index] += Double(count)
                playedTotal[Int(kinds[index])] += Double(count)
            }
            let share = Self.shares(loyalty: loyalty, exploration: exploration, skipRate: skipRate)
            return (0..<features.count).map { index in
                let kind = Int(kinds[index])
                guard kind >= 0, freshTotal[kind] > 0 else { return 0 }
                let freshOdds = fresh[index] / freshTotal[kind]
                guard kind < 2, playedTotal[kind] > 0 else { return Float(share[kind] * freshOdds) }
                return Float(
                    share[kind] * (repeatRate * played[index] / playedTotal[kind] + (1 - repeatRate) * freshOdds))
            }
        }

        /// Per start: the chance of a loyal play, a genre play and a completed disliked play.
        static func shares(loyalty: Double, exploration: Double, skipRate: Double) -> [Double] {
            let completed = 1 - exploration * skipRate
            return [loyalty * completed, 1 - exploration - loyalty * completed, exploration * (1 - skipRate)]
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
    /// - Parameters:
    ///   - embeddingDimension: when above 0, every track gets a unit embedding of this width: its genre's
    ///     direction, plus its artist's, plus noise.
    ///   - kind: the realistic world (the default) or the classic one; both have the same catalog for a seed.
    public static func generate(
        listeners listenerCount: Int, tracks trackCount: Int, seed: UInt64, embeddingDimension: Int = 0,
        kind: Kind = .realistic
    ) throws -> SyntheticWorld {
        var rng = SeededRandomNumberGenerator(seed: seed)
        var tracks = makeTracks(count: trackCount, rng: &rng)
        if embeddingDimension > 0 {
            addEmbeddings(to: &tracks, dimension: embeddingDimension, seed: seed)
        }
        let catalog = try Catalog(tracks: tracks, baseURL: URL(fileURLWithPath: "/"))
        switch kind {
        case .classic: return classicListeners(count: listenerCount, catalog: catalog, rng: &rng)
        case .realistic: return realisticListeners(count: listenerCount, catalog: catalog, rng: &rng)
        }
    }

    /// The catalog's tracks: the first draws of the world's random stream.
    static func makeTracks(count trackCount: Int, rng: inout SeededRandomNumberGenerator) -> [Track] {
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
        return tracks
    }

    /// The classic listeners: every play a fresh draw of a favourite genre by taste × popularity; a held-out
    /// play of a track already played is not held out.
    static func classicListeners(
        count listenerCount: Int, catalog: Catalog, rng: inout SeededRandomNumberGenerator
    ) -> SyntheticWorld {
        let tracks = catalog.tracks
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
            kind: .classic, catalog: catalog, listeners: listeners, heldOut: heldOut,
            heldOutPlays: heldOut.mapValues { Dictionary(uniqueKeysWithValues: $0.map { ($0, 1) }) },
            mainstreamness: mainstream, tastes: tastes, referenceDate: nil, heldOutFrom: [:])
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
