import Foundation

/// Beam search over a candidate pool, position by position, maximising relevance − redundancy +
/// discovery + fairness − calibration − transition − arc distance, under the position rules (no
/// repeat, no artist twice within the separation window).
///
/// A class: the search's closures capture it once per expansion, and a struct of twenty arrays would be copied (and
/// each array retained) every time.
final class LineupSearch {
    /// One candidate of the pool.
    struct Candidate {
        var index: Int
        var relevance: Double
        var isNew: Bool
        var bin: Int
        /// Shares of this track's genre mass that fall on each calibration target genre: (target slot, mass),
        /// one entry per slot.
        var calibrationMass: [(slot: Int, mass: Double)]
    }

    /// A partial lineup in the beam.
    struct State {
        var path: [Int] = []
        var parts: [ScoreBreakdown] = []
        var used: [UInt64]
        var total = 0.0
        var newCount = 0
        /// Picks per popularity bin (head, mid, tail), in a vector: copied with the state, never allocated.
        var bins = SIMD4<Int32>()
        var genreMass: [Double]
        var massTotal = 0.0
        var kl: Double
        var elapsed = 0.0
    }

    /// What a picked candidate is compared by against every pool candidate: similarity (for redundancy)
    /// and the cost of moving from it to each (for transitions). Computed once per picked candidate.
    struct PairRow {
        var similarity: [Float]
        var transition: [Double]
    }

    let features: TrackFeatures
    let pool: [Candidate]
    /// The listener's genre mix: the share of each target genre (the calibration target).
    let target: [Double]
    let options: LineupOptions
    let energyCentre: Double
    let discovers: Bool
    let redundancyWindow = 5
    /// Candidates scored per position (pool × beam, or pool × new rows) from which the work runs on several threads.
    static let parallelExpansions = 1024
    /// The pool candidates' artist ids (lead and featured) back to back: candidate `slot` owns
    /// `artistIDs[artistStart[slot]..<artistStart[slot + 1]]`.
    private let artistIDs: [Int32]
    private let artistStart: [Int]
    /// Per artist id: the pool candidates it plays on, to rule them out while the artist is recent.
    private let slotsByArtist: [Int32: [Int]]
    /// The pool's fields laid out contiguously, as the search reads them for every candidate of every state
    /// (no candidate is copied, so no reference count is touched from two threads): candidate `slot` owns
    /// calibration entries `massStart[slot]..<massStart[slot + 1]`.
    private let relevances: [Double]
    private let isNew: [Bool]
    private let bins: [Int]
    private let energies: [Float]
    private let bpms: [Float]
    private let keys: [Int8]
    private let primaryGenres: [Int32]
    private let decades: [Int32]
    private let massSlots: [Int]
    private let masses: [Double]
    private let massStart: [Int]
    /// The pool's embedding codes back to back (`features.dimension` per candidate) and their scales:
    /// a few hundred rows that stay in cache while the rows are compared.
    private let codes: [Int8]
    private let scales: [Float]

    init(
        features: TrackFeatures, pool: [Candidate], target: [Double], options: LineupOptions, energyCentre: Double,
        discovers: Bool
    ) {
        self.features = features
        self.pool = pool
        self.target = target
        self.options = options
        self.energyCentre = energyCentre
        self.discovers = discovers
        artistIDs = pool.flatMap { features.artists(of: $0.index) }
        artistStart = pool.reduce(into: [0]) { $0.append(($0.last ?? 0) + features.artists(of: $1.index).count) }
        var slotsByArtist: [Int32: [Int]] = [:]
        for slot in pool.indices {
            for id in artistIDs[artistStart[slot]..<artistStart[slot + 1]] {
                slotsByArtist[id, default: []].append(slot)
            }
        }
        self.slotsByArtist = slotsByArtist
        relevances = pool.map(\.relevance)
        isNew = pool.map(\.isNew)
        bins = pool.map(\.bin)
        energies = pool.map { features.energy[$0.index] }
        bpms = pool.map { features.bpm[$0.index] }
        keys = pool.map { features.camelot[$0.index] }
        primaryGenres = pool.map { features.primaryGenre[$0.index] }
        decades = pool.map { features.decade[$0.index] }
        massSlots = pool.flatMap { $0.calibrationMass.map(\.slot) }
        masses = pool.flatMap { $0.calibrationMass.map(\.mass) }
        massStart = pool.reduce(into: [0]) { $0.append(($0.last ?? 0) + $1.calibrationMass.count) }
        let d = features.dimension
        var codes = [Int8](repeating: 0, count: pool.count * d)
        features.embeddings.codes.withUnsafeBufferPointer { all in
            for (slot, candidate) in pool.enumerated() {
                for k in 0..<d { codes[slot * d + k] = all[candidate.index * d + k] }
            }
        }
        self.codes = codes
        scales = pool.map { features.embeddings.scale[$0.index] }
    }

    /// The best lineup found, as pool positions with the terms each won its slot with.
    func run() -> (path: [Int], parts: [ScoreBreakdown]) {
        let words = (pool.count + 63) / 64
        let start = State(
            used: [UInt64](repeating: 0, count: words),
            genreMass: [Double](repeating: 0, count: target.count),
            kl: kl(mass: [Double](repeating: 0, count: target.count), total: 0))
        var beam = [start]
        var finished: [State] = []
        var rows = [PairRow?](repeating: nil, count: pool.count)
        let limit = options.count ?? Int.max
        let seconds = options.minutes * 60
        while !beam.isEmpty {
            // The rows the beam's states compare against (their recent picks), the missing ones computed concurrently.
            let missing = Array(Set(beam.flatMap { $0.path.suffix(redundancyWindow) }.filter { rows[$0] == nil }))
                .sorted()
            let row = { self.pairRow(missing[$0]) }
            let computed =
                pool.count * missing.count < Self.parallelExpansions
                ? missing.indices.map(row) : ChunkedWork.each(missing.count, row)
            for (slot, row) in zip(missing, computed) {
                rows[slot] = row
            }
            // A small pool is expanded on the calling thread: handing a few hundred candidates to other threads
            // costs more than scoring them (a server answering many small lineups at once).
            let expand = { self.bestExpansions(of: beam[$0], keep: self.options.beamWidth, rows: rows) }
            let expanded =
                pool.count * beam.count < Self.parallelExpansions
                ? beam.indices.map(expand) : ChunkedWork.each(beam.count, expand)
            // The expansions ranked by the score they reach (ties by state, then candidate), as small keys: the
            // states and the terms stay where they are.
            var expansions: [(score: Double, state: Int, best: Int)] = []
            expansions.reserveCapacity(beam.count * options.beamWidth)
            for (stateIndex, best) in expanded.enumerated() {
                if best.isEmpty { finished.append(beam[stateIndex]) }
                let total = beam[stateIndex].total
                for rank in best.indices { expansions.append((total + best[rank].gain, stateIndex, rank)) }
            }
            expansions.sort {
                $0.score != $1.score
                    ? $0.score > $1.score
                    : ($0.state, expanded[$0.state][$0.best].candidate)
                        < ($1.state, expanded[$1.state][$1.best].candidate)
            }
            var next: [State] = []
            for key in expansions.prefix(options.beamWidth) {
                let expansion = expanded[key.state][key.best]
                let state = extend(
                    beam[key.state], with: expansion.candidate, gain: expansion.gain, parts: expansion.parts)
                let done = options.count != nil ? state.path.count >= limit : state.elapsed >= seconds
                if done { finished.append(state) } else { next.append(state) }
            }
            beam = next
        }
        // A lineup that reached the length asked for beats one that ran out of candidates; then longer, then better.
        func rank(_ state: State) -> (Int, Int, Double) {
            let reached = options.count != nil ? state.path.count >= limit : state.elapsed >= seconds
            return (reached ? 1 : 0, reached ? 0 : state.path.count, state.total)
        }
        let best = finished.max { rank($0) < rank($1) }
        return (best?.path ?? [], best?.parts ?? [])
    }

    /// The `keep` best next picks for a state.
    private func bestExpansions(
        of state: State, keep: Int, rows: [PairRow?]
    ) -> [(candidate: Int, gain: Double, parts: ScoreBreakdown)] {
        // Scratch space for this call only (it runs for every state at every position): no heap allocation.
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: state.used.count) { ruledOut in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: target.count) { terms in
                expansions(of: state, keep: keep, rows: rows, ruledOut: ruledOut, terms: terms)
            }
        }
    }

    /// `bestExpansions(of:keep:rows:)` with its scratch buffers: `ruledOut` (a bit per pool candidate) and `terms`
    /// (a calibration term per target genre).
    private func expansions(
        of state: State, keep: Int, rows: [PairRow?], ruledOut: UnsafeMutableBufferPointer<UInt64>,
        terms: UnsafeMutableBufferPointer<Double>
    ) -> [(candidate: Int, gain: Double, parts: ScoreBreakdown)] {
        var best: [(candidate: Int, gain: Double, parts: ScoreBreakdown)] = []
        best.reserveCapacity(keep + 1)
        // Ruled out: candidates already picked and those sharing an artist with the recent picks.
        _ = ruledOut.initialize(from: state.used)
        for picked in state.path.suffix(max(options.artistSeparation - 1, 0)) {
            for artist in artistIDs[artistStart[picked]..<artistStart[picked + 1]] {
                for slot in slotsByArtist[artist] ?? [] { ruledOut[slot / 64] |= 1 << UInt64(slot % 64) }
            }
        }
        // The divergence after one more track changes only in the target genres that track has.
        let massAfter = state.massTotal + 1
        var unchangedKL = 0.0
        for slot in target.indices {
            terms[slot] =
                target[slot] > 0
                ? GenreCalibration.term(share: target[slot], lineupShare: state.genreMass[slot] / massAfter) : 0
            unchangedKL += terms[slot]
        }
        let window = state.path.suffix(redundancyWindow).compactMap { rows[$0]?.similarity }
        let previous = state.path.last.flatMap { rows[$0]?.transition }
        let position = state.path.count
        let fraction: Double
        if let count = options.count {
            fraction = count > 1 ? Double(position) / Double(count - 1) : 0.5
        } else {
            fraction = state.elapsed / max(options.minutes * 60, 1)
        }
        let energyTarget = options.arc.target(at: fraction, centre: energyCentre)
        let w = options.weights
        // Attention fades over a set, as in NDCG's discount: the first picks weigh relevance more.
        let relevanceWeight = w.relevance + w.opener * max(0, 1 / log2(Double(position) + 2) - 0.25)
        // The dial is a floor: by every point of the set, at least its share of the picks so far (rounded down) are
        // new artists, while the pool has one to give.
        let quota = Int((options.discovery * Double(position + 1) + 1e-9).rounded(.down))
        let onlyNew =
            discovers && state.newCount < quota
            && pool.indices.contains { isNew[$0] && ruledOut[$0 / 64] & (1 << UInt64($0 % 64)) == 0 }
        for slot in pool.indices {
            if ruledOut[slot / 64] & (1 << UInt64(slot % 64)) != 0 || (onlyNew && !isNew[slot]) { continue }
            var parts = ScoreBreakdown()
            parts.relevance = relevanceWeight * relevances[slot]
            var redundancy: Float = 0
            for row in window { redundancy = max(redundancy, row[slot]) }
            parts.redundancy = w.redundancy * Double(redundancy)
            if discovers {
                let deficit = options.discovery * Double(position + 1) - Double(state.newCount) - 0.5
                parts.discovery = w.discovery * (isNew[slot] ? deficit : -deficit)
            }
            let bin = bins[slot]
            let binTarget = w.binTargets.indices.contains(bin) ? w.binTargets[bin] : 0
            parts.fairness = w.fairness * min(1, max(-1, binTarget * Double(position + 1) - Double(state.bins[bin])))
            var klAfter = unchangedKL
            for entry in massStart[slot]..<massStart[slot + 1] where target[massSlots[entry]] > 0 {
                let genre = massSlots[entry]
                klAfter +=
                    GenreCalibration.term(
                        share: target[genre], lineupShare: (state.genreMass[genre] + masses[entry]) / massAfter)
                    - terms[genre]
            }
            parts.calibration = w.calibration * (klAfter - state.kl)
            if let previous { parts.transition = w.transition * previous[slot] }
            let energy = energies[slot]
            parts.arc = w.arc * (energy.isFinite ? min(2, abs(Double(energy) - energyTarget) / 0.15) : 0.5)
            let gain = parts.total
            if best.count < keep || gain > best[best.count - 1].gain {
                let at = best.firstIndex { gain > $0.gain } ?? best.count
                best.insert((slot, gain, parts), at: at)
                if best.count > keep { best.removeLast() }
            }
        }
        return best
    }

    private func extend(_ state: State, with slot: Int, gain: Double, parts: ScoreBreakdown) -> State {
        var next = state
        let candidate = pool[slot]
        next.path.append(slot)
        next.parts.append(parts)
        next.used[slot / 64] |= 1 << UInt64(slot % 64)
        next.total += gain
        if candidate.isNew { next.newCount += 1 }
        next.bins[candidate.bin] &+= 1
        for (target, mass) in candidate.calibrationMass { next.genreMass[target] += mass }
        next.massTotal += 1
        next.kl = kl(mass: next.genreMass, total: next.massTotal)
        next.elapsed += Double(features.duration[candidate.index]) - (state.path.isEmpty ? 0 : options.crossfade)
        return next
    }

    private func kl(mass: [Double], total: Double) -> Double {
        GenreCalibration.divergence(target: target, total: total) { mass[$0] }
    }

    /// Pool candidate `slot` against every pool candidate. Similarity is 0 (unrelated) … 1 (same genre,
    /// artist and sound): 0.5 same primary genre, 0.3 a shared artist, 0.2 × embedding cosine (or the same
    /// decade when either has no embedding). Transition is the `transitionCost` of moving from `slot` to each.
    private func pairRow(_ slot: Int) -> PairRow {
        let d = features.dimension
        var row = PairRow(
            similarity: [Float](repeating: 0, count: pool.count), transition: [Double](repeating: 0, count: pool.count))
        codes.withUnsafeBufferPointer { codes in
            for other in pool.indices {
                var value: Float = primaryGenres[slot] == primaryGenres[other] && primaryGenres[slot] >= 0 ? 0.5 : 0
                if sharesArtist(slot, other) { value += 0.3 }
                if scales[slot] > 0 && scales[other] > 0 {
                    // swift-format-ignore: NeverForceUnwrap
                    // The pool has embeddings here, so the codes array has storage.
                    let cosine =
                        Float(QuantizedEmbeddings.dot(codes.baseAddress! + slot * d, codes.baseAddress! + other * d, d))
                        * scales[slot] * scales[other]
                    value += 0.2 * max(0, cosine)
                } else if decades[slot] >= 0 && decades[slot] == decades[other] {
                    value += 0.2
                }
                row.similarity[other] = value
                row.transition[other] = Self.transitionCost(
                    tempo: TrackFeatures.tempoDifference(bpms[slot], bpms[other]),
                    key: TrackFeatures.keyDistance(keys[slot], keys[other]))
            }
        }
        return row
    }

    /// The transition cost of an unknown tempo or key: the flow cannot be vouched for, but a track without
    /// the metadata is not a bad move. At the default transition weight (4) a track with neither costs
    /// 1.2, where a clash of both costs up to 8.
    static let unknownCost = 0.15

    /// Whether pool candidates `a` and `b` have an artist (lead or featured) in common.
    @inline(__always) private func sharesArtist(_ a: Int, _ b: Int) -> Bool {
        for x in artistStart[a]..<artistStart[a + 1] {
            for y in artistStart[b]..<artistStart[b + 1] where artistIDs[x] == artistIDs[y] { return true }
        }
        return false
    }

    /// The cost of a move from its tempo difference and key distance: 0 for a smooth move; up to 1 each for
    /// tempo beyond 6 % and Camelot distance beyond 1; `unknownCost` each when unknown.
    @inline(__always) static func transitionCost(tempo: Float?, key: Int?) -> Double {
        var cost = 0.0
        if let tempo {
            cost += tempo <= 0.06 ? 0 : min(1, 0.3 + Double(tempo - 0.06) / 0.1)
        } else {
            cost += unknownCost
        }
        if let key {
            cost += key <= 1 ? 0 : min(1, 0.3 + 0.2 * Double(key - 2))
        } else {
            cost += unknownCost
        }
        return cost
    }
}
