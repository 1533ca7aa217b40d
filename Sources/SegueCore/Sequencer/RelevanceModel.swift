import Dispatch
import Foundation

/// How well each catalog track fits one listener's taste, scored over the whole catalog at once.
///
/// relevance = 1.0 genre + 0.5 artist + 0.15 decade + 0.15 tempo + 0.15 energy + 0.25 popularity
/// + 0.6 embedding. Genre, artist and decade are the listener's normalised weights (skips make them
/// negative); tempo and energy are Gaussian closeness to what they play; popularity is closeness to
/// the popularity they play; embedding is the cosine to the centre of their tracks. An unknown
/// feature counts as neutral (0.5 of its weight for the closeness terms, 0 otherwise). With no
/// history, relevance is popularity.
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
    let decadeWeight: [Float]
    let tempo: (mean: Float, spread: Float)?
    let energy: (mean: Float, spread: Float)?
    let popularity: Float?
    let centroid: [Float]?

    /// Maps the listener's taste onto the catalog's feature ids.
    public init(taste: TasteProfile, features: TrackFeatures) {
        isColdStart = taste.isEmpty
        genreWeight = features.genreNames.map { Float(taste.genres[$0] ?? 0) }
        var artistWeight = [Float](repeating: 0, count: features.artistKeys.count)
        for (key, weight) in taste.artists { if let id = features.artistIDByKey[key] { artistWeight[Int(id)] = Float(weight) } }
        self.artistWeight = artistWeight
        var decadeWeight = [Float](repeating: 0, count: 300)
        for (decade, weight) in taste.decades where decadeWeight.indices.contains(decade) {
            decadeWeight[decade] = Float(weight)
        }
        self.decadeWeight = decadeWeight
        tempo = taste.tempo.map { (Float($0.mean), Float($0.spread)) }
        energy = taste.energy.map { (Float($0.mean), Float($0.spread)) }
        popularity = taste.popularity.map(Float.init)
        centroid = taste.embeddingCentroid.flatMap { $0.count == features.dimension ? $0 : nil }
    }

    /// The relevance of every catalog track, in catalog order: the same values as `score(_:_:)`, in one
    /// tight pass over the columns. Large catalogs are split over the cores.
    public func scores(_ features: TrackFeatures) -> [Float] {
        var result = [Float](repeating: 0, count: features.count)
        let chunks = features.count >= 200_000 ? ProcessInfo.processInfo.activeProcessorCount : 1
        result.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let output = buffer
            let size = (features.count + chunks - 1) / max(chunks, 1)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let range = (chunk * size)..<min(features.count, (chunk + 1) * size)
                if isColdStart {
                    for index in range { output[index] = score(index, features) }
                } else {
                    scoreColumns(range, features, into: output)
                }
            }
        }
        return result
    }

    /// `score` for a range of tracks, reading the columns through pointers.
    private func scoreColumns(_ range: Range<Int>, _ f: TrackFeatures, into output: UnsafeMutableBufferPointer<Float>) {
        let w = Self.weights
        let d = f.dimension
        f.genreIDs.withUnsafeBufferPointer { genreIDs in
        f.genreStart.withUnsafeBufferPointer { genreStart in
        f.artistIDs.withUnsafeBufferPointer { artistIDs in
        f.artistStart.withUnsafeBufferPointer { artistStart in
        f.decade.withUnsafeBufferPointer { decades in
        f.bpm.withUnsafeBufferPointer { bpm in
        f.energy.withUnsafeBufferPointer { energy in
        f.popularity.withUnsafeBufferPointer { popularity in
        f.embeddings.withUnsafeBufferPointer { embeddings in
        f.hasEmbedding.withUnsafeBufferPointer { hasEmbedding in
        genreWeight.withUnsafeBufferPointer { genreWeight in
        artistWeight.withUnsafeBufferPointer { artistWeight in
        decadeWeight.withUnsafeBufferPointer { decadeWeight in
        (centroid ?? []).withUnsafeBufferPointer { centroid in
            for index in range {
                var genre: Float = 0
                let g0 = Int(genreStart[index]), g1 = Int(genreStart[index + 1])
                if g1 > g0 {
                    genre = genreWeight[Int(genreIDs[g0])]
                    for slot in (g0 + 1)..<max(g1, g0 + 1) { genre = max(genre, genreWeight[Int(genreIDs[slot])]) }
                }
                var artist: Float = 0
                for slot in Int(artistStart[index])..<Int(artistStart[index + 1]) {
                    let value = artistWeight[Int(artistIDs[slot])]
                    if abs(value) > abs(artist) { artist = value }
                }
                var total = w.genre * genre + w.artist * artist
                let decade = Int(decades[index])
                if decade >= 0, decade < decadeWeight.count { total += w.decade * decadeWeight[decade] }
                total += w.tempo * closeness(bpm[index], tempo)
                total += w.energy * closeness(energy[index], self.energy)
                total += w.popularity * popularityCloseness(popularity[index])
                if d > 0, centroid.count == d, hasEmbedding[index] {
                    total += w.embedding * Self.dot(embeddings.baseAddress! + index * d, centroid.baseAddress!, d)
                }
                output[index] = total
            }
        }}}}}}}}}}}}}}
    }

    /// The dot product of two float vectors of length `n`, eight lanes at a time.
    @inline(__always) static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var sum = SIMD8<Float>()
        var i = 0
        while i + 8 <= n {
            sum += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var total = sum.sum()
        while i < n {
            total += a[i] * b[i]
            i += 1
        }
        return total
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
        parts.tempo = w.tempo * closeness(features.bpm[index], tempo)
        parts.energy = w.energy * closeness(features.energy[index], energy)
        parts.popularity = w.popularity * popularityCloseness(features.popularity[index])
        if let centroid, features.hasEmbedding[index] { parts.embedding = w.embedding * cosine(index, centroid, features) }
        return parts
    }

    /// Cosine between a track's (unit) embedding and the listener's centre.
    @inline(__always) public func cosine(_ index: Int, _ centroid: [Float], _ features: TrackFeatures) -> Float {
        let d = features.dimension
        guard d > 0, centroid.count == d else { return 0 }
        return features.embeddings.withUnsafeBufferPointer { all in
            centroid.withUnsafeBufferPointer { Self.dot(all.baseAddress! + index * d, $0.baseAddress!, d) }
        }
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

    /// exp(−z²/2) of the distance in spreads; 0.5 when either side is unknown.
    @inline(__always) private func closeness(_ value: Float, _ stats: (mean: Float, spread: Float)?) -> Float {
        guard value.isFinite, let stats else { return 0.5 }
        let z = (value - stats.mean) / stats.spread
        return exp(-0.5 * z * z)
    }

    @inline(__always) private func popularityCloseness(_ value: Float) -> Float {
        guard value.isFinite, let popularity else { return 0.5 }
        return 1 - abs(value - popularity)
    }
}
