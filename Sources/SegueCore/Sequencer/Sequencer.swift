import Foundation

/// Picks a personal lineup from a catalog and a listener's history, track by track, under hard rules.
///
/// Hard rules are never traded against score: explicit tracks are never chosen for a listener who
/// blocks them, blocked artists (lead or featured) never play, no track repeats, tracks the listener
/// skipped repeatedly are left out, and no artist appears twice within `artistSeparation` slots.
public struct Sequencer: Sendable {
    public let catalog: Catalog
    /// Each catalog track's artist keys (lead and featured), computed once.
    private let artistKeys: [[String]]
    /// Each catalog track's parsed Camelot key, computed once.
    private let camelot: [CamelotKey?]

    public init(catalog: Catalog) {
        self.catalog = catalog
        artistKeys = catalog.tracks.map { track in
            Array(Set([ArtistCredit.key(track.artist)] + track.artistNames.map(ArtistCredit.key)))
        }
        camelot = catalog.tracks.map { $0.key.flatMap(CamelotKey.init) }
    }

    /// Builds the lineup.
    /// - Parameters:
    ///   - accept: called for each track about to be picked; a non-nil answer is the reason to skip it
    ///     (e.g. unreadable audio), and the next candidate takes its place.
    public func lineup(
        for listener: Listener, options: LineupOptions, accept: (Track) -> String? = { _ in nil }
    ) -> Lineup {
        let taste = TasteProfile(listener: listener, catalog: catalog)
        var rng = SeededRandomNumberGenerator(seed: options.seed)
        var candidates = eligibleIndices(for: listener, taste: taste).map { index in
            (index: index, base: relevance(ofTrackAt: index, taste: taste), jitter: Double.random(in: 0..<0.08, using: &rng))
        }
        var picks: [LineupPick] = []
        var pickedIndices: [Int] = []
        var skipped: [SkippedTrack] = []
        var warnings: [String] = []
        if !taste.unknownTrackIDs.isEmpty {
            warnings.append("\(taste.unknownTrackIDs.count) history entries name tracks not in the catalog: "
                + taste.unknownTrackIDs.joined(separator: ", "))
        }
        var seconds = 0.0
        let target = options.minutes * 60
        func wantsMore() -> Bool {
            if let count = options.count { return picks.count < count }
            return seconds < target
        }
        while wantsMore() {
            let recent = Set(pickedIndices.suffix(max(options.artistSeparation - 1, 0)).flatMap { artistKeys[$0] })
            let previous = picks.last?.track
            let previousIndex = pickedIndices.last
            var chosen: (position: Int, score: Double)?
            // Best candidate first (ties by id); one that `accept` turns down is dropped and the next is tried.
            while chosen == nil {
                var best: (position: Int, score: Double)?
                for (position, candidate) in candidates.enumerated()
                where !artistKeys[candidate.index].contains(where: recent.contains) {
                    let value = score(candidate.base + candidate.jitter, flowFrom: previousIndex, to: candidate.index)
                    if let current = best {
                        let better = value > current.score
                            || (value == current.score
                                && catalog.tracks[candidate.index].id < catalog.tracks[candidates[current.position].index].id)
                        if !better { continue }
                    }
                    best = (position, value)
                }
                guard let best else { break }
                let track = catalog.tracks[candidates[best.position].index]
                if let reason = accept(track) {
                    skipped.append(SkippedTrack(trackID: track.id, title: track.title, reason: reason))
                    candidates.remove(at: best.position)
                    continue
                }
                chosen = best
            }
            guard let chosen else {
                let wanted = options.count.map { "\($0) tracks" } ?? "\(Int(options.minutes)) minutes"
                warnings.append("the catalog allows only \(picks.count) tracks for this listener under the rules; asked for \(wanted)")
                break
            }
            let index = candidates[chosen.position].index
            let track = catalog.tracks[index]
            let isNew = isNewArtist(track, taste: taste)
            picks.append(LineupPick(
                position: picks.count + 1, track: track,
                reasons: reasons(for: track, taste: taste, previous: previous, isNew: isNew),
                score: (chosen.score * 1000).rounded() / 1000, isNewArtist: isNew))
            pickedIndices.append(index)
            seconds += track.duration - (picks.count > 1 ? options.crossfade : 0)
            candidates.remove(at: chosen.position)
        }
        return Lineup(listenerID: listener.id, seed: options.seed, picks: picks, skipped: skipped, warnings: warnings)
    }

    /// Catalog indices of the tracks that pass the hard rules that do not depend on position.
    func eligibleIndices(for listener: Listener, taste: TasteProfile) -> [Int] {
        let blocked = Set(listener.blockedArtists.map(ArtistCredit.key))
        return catalog.tracks.indices.filter { index in
            let track = catalog.tracks[index]
            if listener.explicit == .block && track.explicit { return false }
            if taste.rejectedTrackIDs.contains(track.id) { return false }
            return !artistKeys[index].contains(where: blocked.contains)
        }
    }

    /// How well the track at `index` fits the listener's taste, before position effects.
    func relevance(ofTrackAt index: Int, taste: TasteProfile) -> Double {
        let track = catalog.tracks[index]
        let popularity = Double(track.popularity ?? 50) / 100
        if taste.isEmpty { return popularity }
        let genre = track.genres.map { taste.genres[$0] ?? taste.genres[$0.lowercased()] ?? 0 }.max() ?? 0
        let artist = artistKeys[index].map { taste.artists[$0] ?? 0 }.max() ?? 0
        return 1.0 * genre + 0.6 * artist + 0.15 * popularity
    }

    /// Adds a small reward for a smooth tempo and key move from the previous track.
    private func score(_ base: Double, flowFrom previous: Int?, to index: Int) -> Double {
        guard let previous else { return base }
        var flow = 0.0
        if let a = catalog.tracks[previous].bpm, let b = catalog.tracks[index].bpm, a > 0, b > 0 {
            flow += abs(a - b) / a <= 0.06 ? 0.1 : 0
        }
        if let a = camelot[previous], let b = camelot[index] {
            flow += a.distance(to: b) <= 1 ? 0.05 : 0
        }
        return base + flow
    }

    private func isNewArtist(_ track: Track, taste: TasteProfile) -> Bool {
        !taste.isEmpty && !track.artistNames.contains { taste.artistPlays[ArtistCredit.key($0)] != nil }
    }

    private func reasons(for track: Track, taste: TasteProfile, previous: Track?, isNew: Bool) -> [String] {
        var reasons: [String] = []
        if taste.isEmpty {
            reasons.append("no history yet: a popular pick to learn your taste")
        } else if let plays = track.artistNames.compactMap({ taste.artistPlays[ArtistCredit.key($0)] }).max(), plays > 0 {
            reasons.append("you played \(ArtistCredit.lead(of: track.artist)) \(plays) \(plays == 1 ? "time" : "times")")
        }
        let liked = taste.likedGenres(of: track)
        if isNew {
            reasons.append(liked.isEmpty ? "new artist for you" : "new artist for you, in \(liked[0]) which you like")
        } else if let genre = liked.first {
            reasons.append("you like \(genre)")
        }
        if let previous, let a = previous.bpm, let b = track.bpm, abs(a - b) / a <= 0.06 {
            var flow = "keeps the flow: \(Int(a.rounded())) → \(Int(b.rounded())) BPM"
            if let k1 = previous.key, let k2 = track.key, let c1 = CamelotKey(k1), let c2 = CamelotKey(k2), c1.distance(to: c2) <= 1 {
                flow += ", \(c1) → \(c2)"
            }
            reasons.append(flow)
        }
        if reasons.isEmpty { reasons.append("fits the mix") }
        return reasons
    }
}
