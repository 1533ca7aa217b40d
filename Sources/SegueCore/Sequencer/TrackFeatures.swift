import Foundation

/// The catalog's features laid out column by column for fast, vectorised scoring.
///
/// Unknown values are kept as unknown: `NaN` for numbers, `-1` for keys and years. Genres and
/// artists are interned to small integers; an artist credit with featured artists maps to several.
public struct TrackFeatures: Sendable {
    /// Number of tracks.
    public let count: Int
    /// Genre names by id (lower case).
    public let genreNames: [String]
    /// Genre ids of all tracks back to back; track `i` owns `genreStart[i]..<genreStart[i + 1]`.
    public let genreIDs: [Int32]
    public let genreStart: [Int32]
    /// Per track: the primary genre id, or -1.
    public let primaryGenre: [Int32]
    /// Artist keys (`ArtistCredit.key`) by id.
    public let artistKeys: [String]
    /// Artist id by key.
    public let artistIDByKey: [String: Int32]
    /// Genre id by (lower-case) name.
    public let genreIDByName: [String: Int32]
    /// Per track: popularity as self-information (see `novelty(_:)`), computed once.
    public let noveltyScore: [Float]
    /// Artist ids (lead first, then featured) of all tracks back to back, laid out like `genreIDs`.
    public let artistIDs: [Int32]
    public let artistStart: [Int32]
    /// Per track: the lead artist id.
    public let leadArtist: [Int32]
    /// Per track: its one genre id, or `several` when it has none or more than one (then read `genreIDs`).
    /// Most tracks have one genre and one artist; scoring reads these 6 bytes a track instead of 16.
    public let soleGenre: [UInt16]
    /// Per track: its one artist id, or `several` when it has featured artists (then read `artistIDs`).
    public let soleArtist: [UInt32]
    /// The `soleGenre` and `soleArtist` value that says "look in the full lists".
    public static let several = (genre: UInt16.max, artist: UInt32.max)
    /// Per track: decade index (year / 10), or -1 when unknown.
    public let decade: [Int32]
    public let bpm: [Float]
    public let energy: [Float]
    /// Per track: BPM in quarter steps from 20 (0…1520), or `tempoSteps` when unknown; an index into a
    /// listener's tempo table.
    public let tempoStep: [UInt16]
    /// Per track: energy in steps of 0.005 (0…200), or `energySteps` when unknown.
    public let energyStep: [UInt8]
    /// Number of known tempo and energy steps: the index of "unknown".
    public static let tempoSteps = 1521, energySteps = 201
    /// Popularity 0–1, NaN when unknown.
    public let popularity: [Float]
    /// Per track: popularity 0–100 as an index into a listener's popularity table, or 101 when unknown.
    public let popularityStep: [UInt8]
    /// The `popularityStep` of an unknown popularity.
    public static let unknownPopularity = 101
    /// The `popularityStep` of a known popularity: clamped to 0–100.
    public static func popularityStep(_ popularity: Int) -> Int { min(max(popularity, 0), 100) }
    /// Per popularity 0–100: the share of the catalog's tracks of known popularity that have it.
    public let popularityShare: [Double]
    /// Per genre id: the share of the catalog's tracks that carry it.
    public let genreShare: [Double]
    /// Per artist id: the share of the catalog's tracks that credit the artist (lead or featured).
    public let artistShare: [Double]
    /// Per decade index (year / 10, below `decadeCount`): the share of the catalog's tracks of known year from it.
    public let decadeShare: [Double]
    /// Decade indices run from 0 to this (year 2999).
    public static let decadeCount = 300
    /// Camelot code 0–23 (number − 1, + 12 for major), or -1.
    public let camelot: [Int8]
    /// One bit per track: explicit. An eighth of a byte a track, so checking the few tracks that make a
    /// cut reads from cache rather than memory.
    public let explicitBits: [UInt64]
    public let duration: [Float]
    /// Per artist id: popularity bin (0 head, 1 mid, 2 tail), from the mean popularity of its tracks.
    public let artistBin: [UInt8]
    /// Per track: its embedding, unit length and quantized to 8 bits.
    public let embeddings: QuantizedEmbeddings
    /// Embedding width, 0 when the catalog has none.
    public var dimension: Int { embeddings.dimension }
    /// Whether the catalog carries embeddings (then a track without one has no listening to place it by).
    public var hasEmbeddings: Bool { embeddings.dimension > 0 }

    /// Share of artists (by popularity rank) in the head and the mid bin; the rest is tail.
    public static let binCuts = (head: 0.1, mid: 0.4)

    /// Extracts the features of every catalog track.
    public init(catalog: Catalog) {
        let tracks = catalog.tracks
        count = tracks.count
        var genreTable: [String: Int32] = [:]
        var genreNames: [String] = []
        var artistTable: [String: Int32] = [:]
        var artistKeys: [String] = []
        func intern(_ name: String, in table: inout [String: Int32], names: inout [String]) -> Int32 {
            if let id = table[name] { return id }
            let id = Int32(names.count)
            table[name] = id
            names.append(name)
            return id
        }
        var genreIDs: [Int32] = [], genreStart: [Int32] = [0], artistIDs: [Int32] = [], artistStart: [Int32] = [0]
        var primaryGenre: [Int32] = [], leadArtist: [Int32] = []
        genreIDs.reserveCapacity(count)
        artistIDs.reserveCapacity(count)
        // Many tracks share a credit or a genre spelling: split and fold each distinct one once.
        var idsByGenre: [String: Int32] = [:]
        var idsByCredit: [String: [Int32]] = [:]
        for track in tracks {
            let genres = track.genres.map { raw in
                if let id = idsByGenre[raw] { return id }
                let id = intern(raw.lowercased(), in: &genreTable, names: &genreNames)
                idsByGenre[raw] = id
                return id
            }
            genreIDs += genres
            genreStart.append(Int32(genreIDs.count))
            primaryGenre.append(genres.first ?? -1)
            let ids: [Int32]
            if let known = idsByCredit[track.artist] {
                ids = known
            } else {
                var found: [Int32] = []
                let names = track.artistNames.isEmpty ? [track.artist] : track.artistNames
                for name in names {
                    let id = intern(ArtistCredit.key(name), in: &artistTable, names: &artistKeys)
                    if !found.contains(id) { found.append(id) }
                }
                idsByCredit[track.artist] = found
                ids = found
            }
            artistIDs += ids
            artistStart.append(Int32(artistIDs.count))
            leadArtist.append(ids[0])
        }
        let dimension = tracks.lazy.compactMap { $0.embedding?.count }.first ?? 0
        genreShare = Self.shares(of: genreIDs, among: genreNames.count, tracks: count)
        artistShare = Self.shares(of: artistIDs, among: artistKeys.count, tracks: count)
        self.genreNames = genreNames
        self.genreIDByName = genreTable
        self.artistIDByKey = artistTable
        self.genreIDs = genreIDs
        self.genreStart = genreStart
        self.primaryGenre = primaryGenre
        self.artistKeys = artistKeys
        self.artistIDs = artistIDs
        self.artistStart = artistStart
        self.leadArtist = leadArtist
        soleGenre = (0..<count).map { index in
            let start = Int(genreStart[index])
            guard genreStart[index + 1] - genreStart[index] == 1, genreIDs[start] < Int32(Self.several.genre) else {
                return Self.several.genre
            }
            return UInt16(genreIDs[start])
        }
        soleArtist = (0..<count).map { index in
            artistStart[index + 1] - artistStart[index] == 1
                ? UInt32(artistIDs[Int(artistStart[index])]) : Self.several.artist
        }
        // Clamped: a catalog validates its years, but its tracks stay mutable after that; a decade past the table is
        // left out below like an unknown one, never a trap.
        decade = tracks.map { track in track.year.map { Int32(clamping: $0 / 10) } ?? -1 }
        let dated = decade.filter { (0..<Int32(Self.decadeCount)).contains($0) }
        decadeShare = Self.shares(of: dated, among: Self.decadeCount, tracks: dated.count)
        bpm = tracks.map { Self.known($0.bpm, in: 20...400) }
        energy = tracks.map { Self.known($0.energy, in: 0...1) }
        tempoStep = bpm.map { $0.isFinite ? UInt16(((Double($0) - 20) * 4).rounded()) : UInt16(Self.tempoSteps) }
        energyStep = energy.map { $0.isFinite ? UInt8((Double($0) * 200).rounded()) : UInt8(Self.energySteps) }
        popularity = tracks.map { $0.popularity.map { Float($0) / 100 } ?? .nan }
        popularityStep = tracks.map { track in
            UInt8(track.popularity.map(Self.popularityStep) ?? Self.unknownPopularity)
        }
        let rated = popularityStep.filter { $0 < Self.unknownPopularity }.map(Int32.init)
        popularityShare = Self.shares(of: rated, among: Self.unknownPopularity, tracks: rated.count)
        camelot = tracks.map { track in
            track.key.flatMap(CamelotKey.init).map { Int8($0.number - 1 + ($0.isMajor ? 12 : 0)) } ?? -1
        }
        var explicitBits = [UInt64](repeating: 0, count: (count + 63) / 64)
        for (index, track) in tracks.enumerated() where track.explicit {
            explicitBits[index >> 6] |= 1 << UInt64(index & 63)
        }
        self.explicitBits = explicitBits
        duration = tracks.map { Float($0.duration) }
        embeddings = QuantizedEmbeddings(dimension: dimension, rows: tracks.map(\.embedding))
        noveltyScore = popularity.map { p in p.isFinite ? min(1, max(0, -log2(max(p, 0.01)) / log2(100))) : 0.5 }
        artistBin = Self.bins(artistCount: artistKeys.count, leadArtist: leadArtist, popularity: popularity)
    }

    /// The genre ids of track `index`, primary first.
    @inline(__always) public func genres(of index: Int) -> ArraySlice<Int32> {
        genreIDs[Int(genreStart[index])..<Int(genreStart[index + 1])]
    }

    /// The artist ids of track `index`, lead first.
    @inline(__always) public func artists(of index: Int) -> ArraySlice<Int32> {
        artistIDs[Int(artistStart[index])..<Int(artistStart[index + 1])]
    }

    /// Whether track `index` is explicit.
    @inline(__always) public func isExplicit(_ index: Int) -> Bool {
        explicitBits[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    /// Whether none of track `index`'s artists (lead or featured) is flagged in `flagged`, a flag per artist id.
    @inline(__always) func hasNoArtist(_ index: Int, in flagged: [Bool]) -> Bool {
        for slot in Int(artistStart[index])..<Int(artistStart[index + 1]) where flagged[Int(artistIDs[slot])] {
            return false
        }
        return true
    }

    /// Whether two tracks share an artist (lead or featured).
    @inline(__always) public func shareArtist(_ a: Int, _ b: Int) -> Bool {
        artists(of: a).contains { artists(of: b).contains($0) }
    }

    /// Popularity as self-information, scaled to 0 (the most popular) … 1 (popularity 1 or less); 0.5 when unknown.
    @inline(__always) public func novelty(_ index: Int) -> Float { noveltyScore[index] }

    /// Camelot wheel steps between two codes; nil when either is unknown.
    @inline(__always) public func keyDistance(_ a: Int, _ b: Int) -> Int? {
        Self.keyDistance(camelot[a], camelot[b])
    }

    /// Camelot wheel steps between two Camelot codes (see `camelot`); nil when either is unknown.
    @inline(__always) static func keyDistance(_ x: Int8, _ y: Int8) -> Int? {
        guard x >= 0, y >= 0 else { return nil }
        let around = abs(Int(x % 12) - Int(y % 12))
        return min(around, 12 - around) + ((x >= 12) == (y >= 12) ? 0 : 1)
    }

    /// Relative tempo difference, the smallest of straight, half and double time; nil when unknown.
    @inline(__always) public func tempoDifference(_ a: Int, _ b: Int) -> Float? {
        Self.tempoDifference(bpm[a], bpm[b])
    }

    /// Relative difference from tempo `x` to tempo `y` (BPM), as `tempoDifference(_:_:)`.
    @inline(__always) static func tempoDifference(_ x: Float, _ y: Float) -> Float? {
        guard x.isFinite, y.isFinite else { return nil }
        return min(abs(y - x), abs(2 * y - x), abs(y / 2 - x)) / x
    }

    /// Whether two tracks flow: within 6 % tempo (half and double time allowed) and Camelot distance ≤ 1.
    public func isSmooth(_ a: Int, _ b: Int) -> Bool {
        guard let tempo = tempoDifference(a, b), let key = keyDistance(a, b) else { return false }
        return tempo <= 0.06 && key <= 1
    }

    /// Per id below `count`: how many of `ids` carry it, over `tracks`.
    private static func shares(of ids: [Int32], among count: Int, tracks: Int) -> [Double] {
        var counts = [Double](repeating: 0, count: count)
        for id in ids { counts[Int(id)] += 1 }
        return counts.map { tracks > 0 ? $0 / Double(tracks) : 0 }
    }

    private static func known(_ value: Double?, in range: ClosedRange<Double>) -> Float {
        guard let value, value.isFinite, range.contains(value) else { return .nan }
        return Float(value)
    }

    /// Artists ranked by the mean popularity of their tracks: top 10 % head, next 40 % mid, rest tail.
    private static func bins(artistCount: Int, leadArtist: [Int32], popularity: [Float]) -> [UInt8] {
        var sum = [Float](repeating: 0, count: artistCount), tracks = [Float](repeating: 0, count: artistCount)
        for (artist, value) in zip(leadArtist, popularity) where artist >= 0 {
            sum[Int(artist)] += value.isFinite ? value : 0
            tracks[Int(artist)] += 1
        }
        let mean = (0..<artistCount).map { (artist: Int) -> Float in
            tracks[artist] > 0 ? sum[artist] / tracks[artist] : 0
        }
        let ranked = (0..<artistCount).filter { tracks[$0] > 0 }
            .sorted { (a: Int, b: Int) -> Bool in mean[a] != mean[b] ? mean[a] > mean[b] : a < b }
        var bins = [UInt8](repeating: 2, count: artistCount)
        let head = Int((Double(ranked.count) * binCuts.head).rounded(.up))
        let mid = head + Int((Double(ranked.count) * binCuts.mid).rounded())
        for (rank, artist) in ranked.enumerated() { bins[artist] = rank < head ? 0 : rank < mid ? 1 : 2 }
        return bins
    }
}
