import Foundation

/// How well each catalog track fits one listener's taste, scored over the whole catalog at once.
///
/// relevance = 1.0 genre + 0.3 artist + 0.05 decade + 0.15 tempo + 0.15 energy + 1.0 popularity
/// + 0.6 embedding. Genre, artist and decade are lifts: the log of how much more of the listener's play
/// weight a genre, artist or decade has than its share of the catalog would give it, so a genre the
/// catalog is full of counts for less than a rare one played as often (skips make a lift negative).
/// Popularity is the listener's tilt: β × ln(popularity / 100), with β fitted to the popularity of what
/// they play (above 0 for listeners of the hits, below 0 for the niche). Tempo and energy are Gaussian
/// closeness to what they play; embedding is the cosine to the centre of their tracks. An unknown feature
/// counts as neutral (0 for genre, artist and decade; 0.5 of its weight for closeness; the catalog's mean
/// for popularity). With no history, relevance is popularity.
///
/// The lifts and the tilt are log-likelihood ratios, so they add up as a naive Bayes score of how likely
/// the listener is to play the track against a random catalog track. On the synthetic world of `segue
/// eval lineup` this doubled NDCG@20 of the relevance-only baseline against the earlier hand-scaled
/// weights (0–1 per feature, popularity clamped), and stopped pushing niche listeners toward the hits.
public struct RelevanceModel: Sendable {
    /// The parts of one track's relevance, already weighted.
    public struct Parts: Sendable, Equatable, Codable {
        public var genre: Float = 0, artist: Float = 0, decade: Float = 0, tempo: Float = 0
        public var energy: Float = 0, popularity: Float = 0, embedding: Float = 0
        public var total: Float { genre + artist + decade + tempo + energy + popularity + embedding }
    }

    /// How much each part counts.
    public static let weights = (
        genre: Float(1), artist: Float(0.3), decade: Float(0.05), tempo: Float(0.15),
        energy: Float(0.15), popularity: Float(1), embedding: Float(0.6)
    )
    /// Plays of the catalog's own mix added to a listener's history before a lift or the tilt is taken,
    /// so that one play (or none) moves a feature's weight only a little.
    static let prior = 2.0

    public let isColdStart: Bool
    /// Per genre id and per artist id: the listener's lift (0 for an artist they never played).
    public let genreWeight: [Float]
    public let artistWeight: [Float]
    /// One bit per artist id: whether its weight is non-zero. The listener knows a few dozen artists of
    /// perhaps a hundred thousand; the bits fit in the fastest cache, the weights do not.
    let artistMask: [UInt64]
    /// Per decade index (year / 10): the listener's lift.
    public let decadeWeight: [Float]
    /// Closeness to the tempo they play per tempo step (see `TrackFeatures.tempoStep`), and to their energy
    /// per energy step: exp(−z²/2) of the distance in spreads, 0.5 when either side is unknown. Tables, so
    /// that scoring a large catalog takes no `exp` per track.
    let tempoFit: [Float]
    let energyFit: [Float]
    /// Per popularity 0–100 (see `TrackFeatures.popularityStep`) and a last entry for unknown: the
    /// listener's popularity tilt (see `popularityTilt`).
    public let popularityFit: [Float]
    /// The centre of the listener's tracks' embeddings, quantized for dot products with the catalog's.
    let centroid: QuantizedEmbeddings.Query?

    /// Maps the listener's taste onto the catalog's feature ids.
    public init(taste: TasteProfile, features: TrackFeatures) {
        isColdStart = taste.isEmpty
        let mass = taste.mass
        genreWeight = features.genreNames.enumerated().map { id, name in
            Self.lift(mass.genres[name] ?? 0, share: features.genreShare[id], total: mass.total)
        }
        var artistWeight = [Float](repeating: 0, count: features.artistKeys.count)
        for (key, weight) in mass.artists {
            guard let id = features.artistIDByKey[key] else { continue }
            artistWeight[Int(id)] = Self.lift(weight, share: features.artistShare[Int(id)], total: mass.total)
        }
        self.artistWeight = artistWeight
        var artistMask = [UInt64](repeating: 0, count: (artistWeight.count + 63) / 64)
        for (id, weight) in artistWeight.enumerated() where weight != 0 { artistMask[id >> 6] |= 1 << UInt64(id & 63) }
        self.artistMask = artistMask
        decadeWeight = features.decadeShare.enumerated().map { decade, share in
            share > 0 ? Self.lift(mass.decades[decade] ?? 0, share: share, total: mass.total) : 0
        }
        tempoFit = Self.closenessTable(steps: TrackFeatures.tempoSteps, value: { 20 + Double($0) / 4 }, taste.tempo)
        energyFit = Self.closenessTable(steps: TrackFeatures.energySteps, value: { Double($0) / 200 }, taste.energy)
        popularityFit = Self.popularityTilt(listener: mass.popularity, catalog: features.popularityShare)
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
                                                    f.popularityStep.withUnsafeBufferPointer { popularityStep in
                                                        popularityFit.withUnsafeBufferPointer { popularityFit in
                                                            f.embeddings.codes.withUnsafeBufferPointer { codes in
                                                                f.embeddings.scale.withUnsafeBufferPointer { scale in
                                                                    genreWeight.withUnsafeBufferPointer { genreWeight in
                                                                        artistWeight.withUnsafeBufferPointer {
                                                                            artistWeight in
                                                                            artistMask.withUnsafeBufferPointer {
                                                                                artistMask in
                                                                                decadeWeight.withUnsafeBufferPointer {
                                                                                    decadeWeight in
                                                                                    (centroid?.codes ?? [])
                                                                                        .withUnsafeBufferPointer {
                                                                                            centroid in
                                                                                            let centroidScale =
                                                                                                w.embedding
                                                                                                * (self.centroid?.scale
                                                                                                    ?? 0)
                                                                                            for index in range {
                                                                                                var genre: Float = 0
                                                                                                if soleGenre[index]
                                                                                                    != TrackFeatures
                                                                                                    .several.genre
                                                                                                {
                                                                                                    genre =
                                                                                                        genreWeight[
                                                                                                            Int(
                                                                                                                soleGenre[
                                                                                                                    index
                                                                                                                ])]
                                                                                                } else {
                                                                                                    let
                                                                                                        g0 = Int(
                                                                                                            genreStart[
                                                                                                                index]),
                                                                                                        g1 = Int(
                                                                                                            genreStart[
                                                                                                                index
                                                                                                                    + 1]
                                                                                                        )
                                                                                                    if g1 > g0 {
                                                                                                        genre =
                                                                                                            genreWeight[
                                                                                                                Int(
                                                                                                                    genreIDs[
                                                                                                                        g0
                                                                                                                    ])]
                                                                                                        for slot
                                                                                                            in (g0 + 1)..<max(
                                                                                                                g1,
                                                                                                                g0 + 1)
                                                                                                        {
                                                                                                            genre = max(
                                                                                                                genre,
                                                                                                                genreWeight[
                                                                                                                    Int(
                                                                                                                        genreIDs[
                                                                                                                            slot
                                                                                                                        ]
                                                                                                                    )])
                                                                                                        }
                                                                                                    }
                                                                                                }
                                                                                                var artist: Float = 0
                                                                                                if soleArtist[index]
                                                                                                    != TrackFeatures
                                                                                                    .several.artist
                                                                                                {
                                                                                                    let id = Int(
                                                                                                        soleArtist[
                                                                                                            index])
                                                                                                    if artistMask[
                                                                                                        id >> 6]
                                                                                                        & (1
                                                                                                            << UInt64(
                                                                                                                id & 63))
                                                                                                        != 0
                                                                                                    {
                                                                                                        artist =
                                                                                                            artistWeight[
                                                                                                                id]
                                                                                                    }
                                                                                                } else {
                                                                                                    for slot in Int(
                                                                                                        artistStart[
                                                                                                            index])..<Int(
                                                                                                            artistStart[
                                                                                                                index
                                                                                                                    + 1]
                                                                                                        )
                                                                                                    {
                                                                                                        let id = Int(
                                                                                                            artistIDs[
                                                                                                                slot])
                                                                                                        guard
                                                                                                            artistMask[
                                                                                                                id >> 6]
                                                                                                                & (1
                                                                                                                    << UInt64(
                                                                                                                        id
                                                                                                                            & 63
                                                                                                                    ))
                                                                                                                != 0
                                                                                                        else {
                                                                                                            continue
                                                                                                        }
                                                                                                        let value =
                                                                                                            artistWeight[
                                                                                                                id]
                                                                                                        if abs(value)
                                                                                                            > abs(
                                                                                                                artist)
                                                                                                        {
                                                                                                            artist =
                                                                                                                value
                                                                                                        }
                                                                                                    }
                                                                                                }
                                                                                                var total =
                                                                                                    w.genre * genre + w
                                                                                                    .artist * artist
                                                                                                let decade = Int(
                                                                                                    decades[index])
                                                                                                if decade >= 0,
                                                                                                    decade
                                                                                                        < decadeWeight
                                                                                                        .count
                                                                                                {
                                                                                                    total +=
                                                                                                        w.decade
                                                                                                        * decadeWeight[
                                                                                                            decade]
                                                                                                }
                                                                                                total +=
                                                                                                    w.tempo
                                                                                                    * tempoFit[
                                                                                                        Int(
                                                                                                            tempoStep[
                                                                                                                index])]
                                                                                                total +=
                                                                                                    w.energy
                                                                                                    * energyFit[
                                                                                                        Int(
                                                                                                            energyStep[
                                                                                                                index])]
                                                                                                total +=
                                                                                                    w.popularity
                                                                                                    * popularityFit[
                                                                                                        Int(
                                                                                                            popularityStep[
                                                                                                                index])]
                                                                                                if d > 0,
                                                                                                    centroid.count == d,
                                                                                                    scale[index] > 0
                                                                                                {
                                                                                                    // swift-format-ignore: NeverForceUnwrap
                                                                                                    // Both buffers are non-empty arrays (the catalog has embeddings), so their storage exists.
                                                                                                    let dot =
                                                                                                        QuantizedEmbeddings
                                                                                                        .dot(
                                                                                                            codes
                                                                                                                .baseAddress!
                                                                                                                + index
                                                                                                                * d,
                                                                                                            centroid
                                                                                                                .baseAddress!,
                                                                                                            d)
                                                                                                    total +=
                                                                                                        Float(dot)
                                                                                                        * scale[index]
                                                                                                        * centroidScale
                                                                                                }
                                                                                                output[index] = total
                                                                                            }
                                                                                        }
                                                                                }
                                                                            }
                                                                        }
                                                                    }
                                                                }
                                                            }
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
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
        parts.popularity = w.popularity * popularityFit[Int(features.popularityStep[index])]
        parts.embedding = w.embedding * cosine(index, features)
        return parts
    }

    /// How much more of the listener's play weight a feature value has than its share of the catalog would
    /// give it, as a natural log, with `prior` plays of the catalog's own mix added to both sides so that a
    /// value played once or never moves little: log((mass + prior) / (total × share + prior)).
    static func lift(_ mass: Double, share: Double, total: Double) -> Float {
        let expected = total * share
        // Mostly skipped: the mass is negative, and the lift is floored rather than undefined.
        return Float(log(max(mass + prior, prior / 10) / (expected + prior)))
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

    /// Per popularity 0–100, then one entry for unknown: β × ln(max(popularity, 1) / 100), where β tilts the
    /// catalog's popularity mix (weights ∝ popularity^β) to best explain the popularity of what the
    /// listener plays: the maximum-likelihood β, with `prior` plays of the catalog's own mix added so that
    /// a short history stays near 0; β is held within ±4. Above 0 for listeners of the popular, below 0
    /// for the niche. An unknown popularity gets the catalog's mean.
    public static func popularityTilt(listener: [Double], catalog: [Double]) -> [Float] {
        let steps = TrackFeatures.unknownPopularity
        let x = (0..<steps).map { log(Double(max($0, 1)) / 100) }
        let played = listener.reduce(0, +)
        guard listener.count == steps, catalog.count == steps, played > 0 else {
            return [Float](repeating: 0, count: steps + 1)
        }
        let catalogMean = zip(catalog, x).reduce(0) { $0 + $1.0 * $1.1 }
        let target = (zip(listener, x).reduce(0) { $0 + $1.0 * $1.1 } + prior * catalogMean) / (played + prior)
        // The tilted mean rises with β (its derivative is the tilted variance): bisect.
        func tiltedMean(_ beta: Double) -> Double {
            let peak = beta >= 0 ? 0 : beta * x[1]
            var weight = 0.0, sum = 0.0
            for (share, value) in zip(catalog, x) where share > 0 {
                let w = share * exp(beta * value - peak)
                weight += w
                sum += w * value
            }
            return weight > 0 ? sum / weight : 0
        }
        var low = -4.0, high = 4.0
        for _ in 0..<50 {
            let middle = (low + high) / 2
            if tiltedMean(middle) < target { low = middle } else { high = middle }
        }
        let beta = (low + high) / 2
        return x.map { Float(beta * $0) } + [Float(beta * catalogMean)]
    }
}
