import Foundation

/// How well each catalog track fits one listener's taste, scored over the whole catalog at once.
///
/// relevance = 1.0 genre + 0.5 artist + 0.15 decade + 0.15 tempo + 0.15 energy + 0.25 popularity
/// + 0.6 embedding. Genre, artist and decade are the listener's normalised weights (skips make them
/// negative); tempo and energy are Gaussian closeness to what they play; popularity is how much more
/// often they play tracks of that popularity band than the catalog has them; embedding is the cosine
/// to the centre of their tracks. An unknown feature counts as neutral (0.5 of its weight for the
/// closeness and popularity terms, 0 otherwise). With no history, relevance is popularity.
public struct RelevanceModel: Sendable {
    /// The parts of one track's relevance, already weighted.
    public struct Parts: Sendable, Equatable, Codable {
        public var genre: Float = 0, artist: Float = 0, decade: Float = 0, tempo: Float = 0
        public var energy: Float = 0, popularity: Float = 0, embedding: Float = 0
        public var total: Float { genre + artist + decade + tempo + energy + popularity + embedding }
    }

    static let weights = (genre: Float(1), artist: Float(0.5), decade: Float(0.15), tempo: Float(0.15),
                          energy: Float(0.15), popularity: Float(0.25), embedding: Float(0.6))

    public let isColdStart: Bool
    let genreWeight: [Float]
    let artistWeight: [Float]
    /// One bit per artist id: whether its weight is non-zero. The listener knows a few dozen artists of
    /// perhaps a hundred thousand; the bits fit in the fastest cache, the weights do not.
    let artistMask: [UInt64]
    let decadeWeight: [Float]
    /// Closeness to the tempo they play per tempo step (see `TrackFeatures.tempoStep`), and to their energy
    /// per energy step: exp(−z²/2) of the distance in spreads, 0.5 when either side is unknown. Tables, so
    /// that scoring a large catalog takes no `exp` per track.
    let tempoFit: [Float]
    let energyFit: [Float]
    /// Per popularity band (and a last entry for unknown): how much more often the listener plays
    /// tracks of that popularity than the catalog has them, mapped to 0…1 (0.5 = as often).
    public let popularityFit: [Float]
    /// The centre of the listener's tracks' embeddings, quantized for dot products with the catalog's.
    let centroid: QuantizedEmbeddings.Query?

    /// Maps the listener's taste onto the catalog's feature ids.
    public init(taste: TasteProfile, features: TrackFeatures) {
        isColdStart = taste.isEmpty
        genreWeight = features.genreNames.map { Float(taste.genres[$0] ?? 0) }
        var artistWeight = [Float](repeating: 0, count: features.artistKeys.count)
        for (key, weight) in taste.artists { if let id = features.artistIDByKey[key] { artistWeight[Int(id)] = Float(weight) } }
        self.artistWeight = artistWeight
        var artistMask = [UInt64](repeating: 0, count: (artistWeight.count + 63) / 64)
        for (id, weight) in artistWeight.enumerated() where weight != 0 { artistMask[id >> 6] |= 1 << UInt64(id & 63) }
        self.artistMask = artistMask
        var decadeWeight = [Float](repeating: 0, count: 300)
        for (decade, weight) in taste.decades where decadeWeight.indices.contains(decade) {
            decadeWeight[decade] = Float(weight)
        }
        self.decadeWeight = decadeWeight
        tempoFit = Self.closenessTable(steps: TrackFeatures.tempoSteps, value: { 20 + Double($0) / 4 }, taste.tempo)
        energyFit = Self.closenessTable(steps: TrackFeatures.energySteps, value: { Double($0) / 200 }, taste.energy)
        popularityFit = Self.popularityFit(listener: taste.popularityBands, catalog: features.popularityBandShare)
        centroid = taste.embeddingCentroid.flatMap { features.embeddings.query($0) }
    }

    /// The relevance of every catalog track, in catalog order: the same values as `score(_:_:)`, in one
    /// tight pass over the columns. Large catalogs are split over the cores.
    public func scores(_ features: TrackFeatures) -> [Float] {
        // Every element is written below, so the array is not cleared first (4 MB for a million tracks).
        [Float](unsafeUninitializedCapacity: features.count) { buffer, initialized in
            nonisolated(unsafe) let output = buffer
            _ = ChunkedWork.map(count: features.count) { range in
                if isColdStart {
                    for index in range { output[index] = score(index, features) }
                } else {
                    scoreColumns(range, features, into: output)
                }
            }
            initialized = features.count
        }
    }

    /// `score` for a range of tracks, reading the columns through pointers.
    private func scoreColumns(_ range: Range<Int>, _ f: TrackFeatures, into output: UnsafeMutableBufferPointer<Float>) {
        let w = Self.weights
        let d = f.dimension
        f.genreIDs.withUnsafeBufferPointer { genreIDs in
        f.genreStart.withUnsafeBufferPointer { genreStart in
        f.artistIDs.withUnsafeBufferPointer { artistIDs in
        f.artistStart.withUnsafeBufferPointer { artistStart in
        f.soleGenre.withUnsafeBufferPointer { soleGenre in
        f.soleArtist.withUnsafeBufferPointer { soleArtist in
        f.decade.withUnsafeBufferPointer { decades in
        f.tempoStep.withUnsafeBufferPointer { tempoStep in
        f.energyStep.withUnsafeBufferPointer { energyStep in
        tempoFit.withUnsafeBufferPointer { tempoFit in
        energyFit.withUnsafeBufferPointer { energyFit in
        f.popularityBand.withUnsafeBufferPointer { popularityBand in
        popularityFit.withUnsafeBufferPointer { popularityFit in
        f.embeddings.codes.withUnsafeBufferPointer { codes in
        f.embeddings.scale.withUnsafeBufferPointer { scale in
        genreWeight.withUnsafeBufferPointer { genreWeight in
        artistWeight.withUnsafeBufferPointer { artistWeight in
        artistMask.withUnsafeBufferPointer { artistMask in
        decadeWeight.withUnsafeBufferPointer { decadeWeight in
        (centroid?.codes ?? []).withUnsafeBufferPointer { centroid in
            let centroidScale = w.embedding * (self.centroid?.scale ?? 0)
            for index in range {
                var genre: Float = 0
                if soleGenre[index] != TrackFeatures.several.genre {
                    genre = genreWeight[Int(soleGenre[index])]
                } else {
                    let g0 = Int(genreStart[index]), g1 = Int(genreStart[index + 1])
                    if g1 > g0 {
                        genre = genreWeight[Int(genreIDs[g0])]
                        for slot in (g0 + 1)..<max(g1, g0 + 1) { genre = max(genre, genreWeight[Int(genreIDs[slot])]) }
                    }
                }
                var artist: Float = 0
                if soleArtist[index] != TrackFeatures.several.artist {
                    let id = Int(soleArtist[index])
                    if artistMask[id >> 6] & (1 << UInt64(id & 63)) != 0 { artist = artistWeight[id] }
                } else {
                    for slot in Int(artistStart[index])..<Int(artistStart[index + 1]) {
                        let id = Int(artistIDs[slot])
                        guard artistMask[id >> 6] & (1 << UInt64(id & 63)) != 0 else { continue }
                        let value = artistWeight[id]
                        if abs(value) > abs(artist) { artist = value }
                    }
                }
                var total = w.genre * genre + w.artist * artist
                let decade = Int(decades[index])
                if decade >= 0, decade < decadeWeight.count { total += w.decade * decadeWeight[decade] }
                total += w.tempo * tempoFit[Int(tempoStep[index])]
                total += w.energy * energyFit[Int(energyStep[index])]
                total += w.popularity * popularityFit[Int(popularityBand[index])]
                if d > 0, centroid.count == d, scale[index] > 0 {
                    let dot = QuantizedEmbeddings.dot(codes.baseAddress! + index * d, centroid.baseAddress!, d)
                    total += Float(dot) * scale[index] * centroidScale
                }
                output[index] = total
            }
        }}}}}}}}}}}}}}}}}}}}
    }

    /// The relevance of one track.
    @inline(__always) public func score(_ index: Int, _ features: TrackFeatures) -> Float {
        parts(index, features).total
    }

    /// The weighted parts of one track's relevance, for its score breakdown and reasons.
    @inline(__always) public func parts(_ index: Int, _ features: TrackFeatures) -> Parts {
        var parts = Parts()
        if isColdStart {
            let p = features.popularity[index]
            parts.popularity = p.isFinite ? p : 0.3
            return parts
        }
        let w = Self.weights
        parts.genre = w.genre * genre(index, features)
        parts.artist = w.artist * artist(index, features)
        let decade = features.decade[index]
        if decade >= 0, decade < decadeWeight.count { parts.decade = w.decade * decadeWeight[Int(decade)] }
        parts.tempo = w.tempo * tempoFit[Int(features.tempoStep[index])]
        parts.energy = w.energy * energyFit[Int(features.energyStep[index])]
        parts.popularity = w.popularity * popularityFit[Int(features.popularityBand[index])]
        parts.embedding = w.embedding * cosine(index, features)
        return parts
    }

    /// Cosine between a track's embedding and the listener's centre; 0 when either is missing.
    @inline(__always) public func cosine(_ index: Int, _ features: TrackFeatures) -> Float {
        guard let centroid, features.embeddings.has(index) else { return 0 }
        return features.embeddings.dot(index, centroid)
    }

    @inline(__always) private func genre(_ index: Int, _ features: TrackFeatures) -> Float {
        var best: Float = 0
        var first = true
        for id in features.genres(of: index) {
            let value = genreWeight[Int(id)]
            if first || value > best { best = value }
            first = false
        }
        return best
    }

    @inline(__always) private func artist(_ index: Int, _ features: TrackFeatures) -> Float {
        var best: Float = 0
        for id in features.artists(of: index) {
            let value = artistWeight[Int(id)]
            if abs(value) > abs(best) { best = value }
        }
        return best
    }

    /// exp(−z²/2) of the distance in spreads of each step's value from the listener's mean, then 0.5
    /// for the last entry (unknown); 0.5 everywhere when the listener's stats are unknown.
    public static func closenessTable(steps: Int, value: (Int) -> Double, _ stats: TasteProfile.Stats?) -> [Float] {
        guard let stats else { return [Float](repeating: 0.5, count: steps + 1) }
        return (0..<steps).map { step in
            let z = (value(step) - stats.mean) / stats.spread
            return Float(exp(-0.5 * z * z))
        } + [0.5]
    }

    /// 0.5 + log₈ of the listener's share over the catalog's share per popularity band, clamped to 0…1 (8× more
    /// often gives 1, 8× less often 0); 0.5 everywhere when either mix is unknown.
    public static func popularityFit(listener: [Double], catalog: [Double]) -> [Float] {
        guard listener.count == 10, catalog.count == 10 else { return [Float](repeating: 0.5, count: 11) }
        // The listener's shares are shrunk toward the catalog's (a fifth of their weight again, spread like
        // the catalog), so a band they never played counts as rarer, not as impossible.
        let prior = 0.2
        return (0..<10).map { band in
            guard catalog[band] > 0 else { return 0.5 }
            let ratio = (listener[band] + prior * catalog[band]) / (1 + prior) / catalog[band]
            return Float(min(1, max(0, 0.5 + 0.5 * log2(ratio) / 3)))
        } + [0.5]
    }
}
