import Foundation

/// Picks a personal lineup from a catalog and a listener's history.
///
/// It scores the whole catalog for the listener (`RelevanceModel`), keeps a candidate pool by
/// relevance plus novelty, and runs a beam search (`LineupSearch`) that balances relevance against
/// redundancy, discovery, fair exposure of artist popularity bins, genre calibration, smooth
/// transitions and an energy arc. Hard rules are never traded against score: explicit tracks are
/// never chosen for a listener who blocks them, blocked artists (lead or featured) never play, no
/// track repeats, tracks the listener skipped repeatedly are left out, and no artist appears twice
/// within `artistSeparation` slots.
public struct Sequencer: Sendable {
    public let catalog: Catalog
    public let features: TrackFeatures
    /// At most this many tracks of one lead artist enter the candidate pool.
    static let poolTracksPerArtist = 12
    /// Largest random nudge to a candidate's relevance (seeded per listener), to break near-ties.
    static let jitter = 0.05

    /// Prepares the catalog's features once; one sequencer serves many listeners.
    public init(catalog: Catalog) {
        self.catalog = catalog
        features = TrackFeatures(catalog: catalog)
    }

    /// Builds the lineup.
    /// - Parameters:
    ///   - now: the reference time when `options.asOf` is not set (the caller's clock): history plays dated after
    ///     it count as played at it, with a warning. Nil leaves the dates as they are.
    ///   - accept: called for each track about to be picked (every track of a search's result); a non-nil answer is
    ///     the reason to skip it (e.g. unreadable audio), and the search runs again without the result's refused
    ///     tracks.
    public func lineup(
        for listener: Listener, options: LineupOptions, now: Date? = nil, accept: (Track) -> String? = { _ in nil }
    ) -> Lineup {
        lineup(
            for: listener,
            context: ListenerContext(
                listener: listener, catalog: catalog, features: features, asOf: options.referenceDate ?? now,
                recent: options.recent),
            options: options, accept: accept)
    }

    /// Builds the lineup from a listener context made for this catalog (see `ListenerContext`).
    public func lineup(
        for listener: Listener, context: ListenerContext, options: LineupOptions,
        accept: (Track) -> String? = { _ in nil }
    ) -> Lineup {
        var eligibility = Eligibility(listener: listener, context: context, catalog: catalog, features: features)
        var skipped: [SkippedTrack] = []
        var warnings: [String] = []
        let unknown = context.taste.unknownTrackIDs
        if !unknown.isEmpty {
            warnings.append(
                "\(unknown.count) history entries name tracks not in the catalog: "
                    + unknown.prefix(20).joined(separator: ", ") + (unknown.count > 20 ? ", …" : ""))
        }
        let future = context.taste.futureDated
        if !future.isEmpty {
            warnings.append(
                "\(future.count) history entries are dated after the session's reference time and count as played "
                    + "then (give --as-of to set it): "
                    + future.prefix(10).map { "\($0.trackID) at \($0.date)" }.joined(separator: ", ")
                    + (future.count > 10 ? ", …" : ""))
        }
        var accepted: Set<Int> = []
        var result: (indices: [Int], parts: [ScoreBreakdown], baseline: [Int]) = ([], [], [])
        // Every track of a result is checked before the search runs again without the refused ones, so a catalog
        // with several unplayable tracks costs a few searches rather than one per track.
        while true {
            result = search(context: context, eligibility: eligibility, listener: listener, options: options)
            var refused = false
            for index in result.indices where !accepted.contains(index) {
                let track = catalog.tracks[index]
                if let reason = accept(track) {
                    skipped.append(SkippedTrack(trackID: track.id, title: track.title, reason: reason))
                    eligibility.exclude(index)
                    refused = true
                } else {
                    accepted.insert(index)
                }
            }
            if !refused { break }
        }
        if result.indices.isEmpty, !catalog.tracks.isEmpty {
            // Nothing can play: say which rules took the candidates, with how many tracks each.
            let rejected = Set(context.taste.rejectedTrackIDs.compactMap { catalog.index(of: $0) })
            var counts: [String: Int] = [:]
            for index in catalog.tracks.indices {
                if let rule = eligibility.rule(excluding: index, features, rejected: rejected) {
                    counts[rule, default: 0] += 1
                }
            }
            let rules = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.value) \($0.key)" }
            warnings.append(
                "no track of \(catalog.tracks.count) can play: "
                    + (rules.isEmpty ? "none was left" : rules.joined(separator: "; ")))
        }
        let seconds = result.indices.enumerated().reduce(0.0) {
            $0 + catalog.tracks[$1.element].duration - ($1.offset > 0 ? options.crossfade : 0)
        }
        if let count = options.count, result.indices.count < count {
            warnings.append(
                "the catalog allows only \(result.indices.count) tracks for this listener under the rules; asked for \(count) tracks"
            )
        } else if options.count == nil, seconds < options.minutes * 60 {
            warnings.append(
                "the catalog allows only \(result.indices.count) tracks (\(Int(seconds.rounded())) s) for this listener under the rules; asked for \(Int(options.minutes)) minutes"
            )
        }
        let explainer = PickExplainer(
            features: features, context: context, catalog: catalog, arc: options.arc, length: result.indices.count)
        var picks: [LineupPick] = []
        for (position, index) in result.indices.enumerated() {
            let parts = result.parts[position]
            picks.append(
                LineupPick(
                    position: position + 1, track: catalog.tracks[index],
                    reasons: explainer.reasons(
                        for: index, position: position, previous: position > 0 ? result.indices[position - 1] : nil,
                        parts: parts),
                    score: parts.total.thousandths, isNewArtist: context.isNewArtist(index, features),
                    breakdown: parts.rounded))
        }
        let count = result.indices.count
        let baseline =
            result.baseline.count >= count
            ? Array(result.baseline.prefix(count)) : baseline(context: context, count: count)
        return Lineup(
            listenerID: listener.id, seed: options.seed, picks: picks, skipped: skipped, warnings: warnings,
            metrics: ImpactReport(indices: result.indices, features: features, context: context, arc: options.arc)
                .rounded,
            baselineMetrics: ImpactReport(indices: baseline, features: features, context: context, arc: options.arc)
                .rounded)
    }

    /// The relevance-only top-K baseline: the `count` most relevant tracks, no rules, no balance.
    public func baseline(context: ListenerContext, count: Int) -> [Int] {
        Self.top(count, by: context.relevance)
    }

    /// The `count` best-scored track indices, best first.
    public static func top(_ count: Int, by scores: [Float]) -> [Int] {
        scores.withUnsafeBufferPointer { scores in
            TopK.gather(count: scores.count, capacity: count) { range, top in
                for index in range { top.offer(scores[index], index) }
            }.indices
        }
    }

    /// The relevance-only baseline that keeps the hard rules: the most relevant eligible track at each
    /// position that keeps the artist separation, with no balance terms.
    public func rulesKeptBaseline(
        for listener: Listener, context: ListenerContext, count: Int, separation: Int
    ) -> [Int] {
        rulesKept(count, by: context.relevance, for: listener, context: context, separation: separation)
    }

    /// The best-scored eligible track at each position that keeps the artist separation: any ranking under
    /// the hard rules (`rulesKeptBaseline` ranks by relevance). It ranks a cut of the best eligible tracks,
    /// and widens the cut when a few artists fill it so that the separation leaves nothing to pick.
    public func rulesKept(
        _ count: Int, by scores: [Float], for listener: Listener, context: ListenerContext, separation: Int
    ) -> [Int] {
        let eligibility = Eligibility(listener: listener, context: context, catalog: catalog, features: features)
        var capacity = max(count * max(separation, 1) * 4, 200)
        while true {
            var top = TopK(capacity: capacity)
            for (index, value) in scores.enumerated() where eligibility.allows(index, features) {
                top.offer(value, index)
            }
            var ranked = top.indices
            let everyEligible = ranked.count < capacity
            var picks: [Int] = []
            while picks.count < count {
                let recent = picks.suffix(max(separation - 1, 0))
                let allowed = { (index: Int) in !recent.contains { features.shareArtist($0, index) } }
                guard let next = ranked.firstIndex(where: allowed) else { break }
                picks.append(ranked.remove(at: next))
            }
            if picks.count == count || everyEligible { return picks }
            capacity *= 4
        }
    }

    /// Chooses the candidate pool and runs the beam search over it; also returns the relevance-only
    /// baseline's tracks, best first, gathered in the same pass over the catalog.
    private func search(
        context: ListenerContext, eligibility: Eligibility, listener: Listener, options: LineupOptions
    ) -> (indices: [Int], parts: [ScoreBreakdown], baseline: [Int]) {
        // The pool: the best by relevance plus novelty, at most `perArtist` tracks per lead artist so that
        // enough artists are there for the separation rule, and a share of the best new-artist, mid-bin and
        // tail-bin tracks.
        let cuts = scan(context: context, eligibility: eligibility, options: options)
        let sides = [cuts.fresh] + cuts.lesserKnown
        var seen = Set<Int>()
        var perArtist: [Int32: Int] = [:]
        var indices: [Int] = []
        for (cut, capacity) in [(cuts.top, options.poolSize)] + sides.map({ ($0, $0.capacity) }) {
            var taken = 0
            for index in cut.indices where taken < capacity {
                let artist = features.leadArtist[index]
                guard perArtist[artist, default: 0] < Self.poolTracksPerArtist, seen.insert(index).inserted else {
                    continue
                }
                perArtist[artist, default: 0] += 1
                indices.append(index)
                taken += 1
            }
        }
        // A small seeded jitter per listener breaks near-ties differently for different listeners and seeds.
        var rng = SeededRandomNumberGenerator(seed: options.seed ^ FNV1a.hash64(listener.id))
        let slotOfGenre = Dictionary(
            context.genreTarget.enumerated().map { ($1.genre, $0) }, uniquingKeysWith: { a, _ in a })
        let pool = indices.map { index in
            let genres = features.genres(of: index)
            var calibrationMass: [(slot: Int, mass: Double)] = []
            for genre in genres {
                guard let slot = slotOfGenre[genre] else { continue }
                if let entry = calibrationMass.firstIndex(where: { $0.slot == slot }) {
                    calibrationMass[entry].mass += 1 / Double(genres.count)
                } else {
                    calibrationMass.append((slot, 1 / Double(genres.count)))
                }
            }
            return LineupSearch.Candidate(
                index: index,
                relevance: Double(context.relevance[index]) + Double.random(in: 0..<Self.jitter, using: &rng),
                isNew: context.isNewArtist(index, features),
                bin: Int(features.artistBin[Int(features.leadArtist[index])]),
                calibrationMass: calibrationMass)
        }
        // With no history the genre target is only the catalog's mix: spread, but let popularity lead.
        var options = options
        if context.isColdStart { options.weights.calibration = min(options.weights.calibration, 1) }
        let search = LineupSearch(
            features: features, pool: pool, target: context.genreTarget.map(\.share), options: options,
            energyCentre: context.energyCentre, discovers: !context.isColdStart)
        let (path, parts) = search.run()
        return (path.map { pool[$0].index }, parts, cuts.baseline.indices)
    }

    /// What one pass over the catalog gathers: the best eligible tracks by relevance plus novelty (`top`),
    /// the best eligible tracks by new artists (`fresh`), by mid-bin and by tail-bin artists (`lesserKnown`),
    /// and the best by relevance alone with no rules (`baseline`). The fresh and lesser-known cuts keep
    /// tracks in the pool that the discovery and fairness terms can choose, for listeners whose top
    /// relevance is all familiar or all head artists.
    struct Cuts {
        var top: TopK, fresh: TopK, lesserKnown: [TopK], baseline: TopK

        /// The lowest value any pool cut would take.
        var entry: Float { lesserKnown.reduce(min(top.entry, fresh.entry)) { min($0, $1.entry) } }

        mutating func merge(_ other: Cuts) {
            top.merge(other.top)
            fresh.merge(other.fresh)
            for bin in lesserKnown.indices { lesserKnown[bin].merge(other.lesserKnown[bin]) }
            baseline.merge(other.baseline)
        }
    }

    /// One pass over the catalog, split over the cores, gathering the `Cuts` (the baseline: as many as
    /// asked for, or 64 for a lineup by minutes). A block of tracks that all fall below every cut is passed
    /// over with one vector comparison, the common case once the cuts rise.
    private func scan(context: ListenerContext, eligibility: Eligibility, options: LineupOptions) -> Cuts {
        let novelty = Float(options.weights.novelty)
        let sideCapacity = context.isColdStart ? 0 : max(options.poolSize / 4, 20)
        typealias Block = SIMD16<Float>
        return features.noveltyScore.withUnsafeBufferPointer { noveltyScore in
            context.relevance.withUnsafeBufferPointer { relevance in
                let chunks = ChunkedWork.map(count: features.count) { range in
                    var cuts = Cuts(
                        top: TopK(capacity: options.poolSize * 4), fresh: TopK(capacity: sideCapacity),
                        lesserKnown: [TopK(capacity: sideCapacity / 2), TopK(capacity: sideCapacity / 2)],
                        baseline: TopK(capacity: options.count ?? 64))
                    // An empty catalog's scores may have no storage to point at.
                    guard !range.isEmpty else { return cuts }
                    // swift-format-ignore: NeverForceUnwrap
                    // The scan returned early on an empty range, so both arrays have storage.
                    let scores = UnsafeRawPointer(relevance.baseAddress!),
                        novelties = UnsafeRawPointer(noveltyScore.baseAddress!)
                    var index = range.lowerBound
                    var entry = cuts.entry
                    while index < range.upperBound {
                        // A whole block where one fits, else one track at a time (the end of the range).
                        let value: Block, score: Block, width: Int
                        if index + Block.scalarCount <= range.upperBound {
                            let offset = index * MemoryLayout<Float>.stride
                            score = scores.loadUnaligned(fromByteOffset: offset, as: Block.self)
                            value = score + novelty * novelties.loadUnaligned(fromByteOffset: offset, as: Block.self)
                            width = Block.scalarCount
                        } else {
                            score = Block(repeating: relevance[index])
                            value = Block(repeating: relevance[index] + novelty * noveltyScore[index])
                            width = 1
                        }
                        let pools = value .>= entry, ranks = score .>= cuts.baseline.entry
                        if any(pools .| ranks) {
                            for lane in 0..<width {
                                let track = index + lane
                                if ranks[lane] { cuts.baseline.offer(score[lane], track) }
                                guard pools[lane], eligibility.allows(track, features) else { continue }
                                cuts.top.offer(value[lane], track)
                                if cuts.fresh.wouldKeep(value[lane]), context.isNewArtist(track, features) {
                                    cuts.fresh.offer(value[lane], track)
                                }
                                let bin = Int(features.artistBin[Int(features.leadArtist[track])]) - 1
                                if bin >= 0, cuts.lesserKnown[bin].wouldKeep(value[lane]) {
                                    cuts.lesserKnown[bin].offer(value[lane], track)
                                }
                            }
                            entry = cuts.entry
                        }
                        index += width
                    }
                    return cuts
                }
                return chunks.dropFirst().reduce(into: chunks[0]) { $0.merge($1) }
            }
        }
    }
}
