import Foundation

/// One listener's taste mapped onto a catalog's features: what the search, the reasons and the
/// impact report all read.
public struct ListenerContext: Sendable {
    public let taste: TasteProfile
    public let model: RelevanceModel
    /// Relevance of every catalog track (less for tracks and artists of the listener's recent sessions).
    public private(set) var relevance: [Float]
    /// What the recent sessions took from each track's relevance (by catalog index; only tracks they touched).
    public let freshnessPenalty: [Int: Float]
    /// The listener's plays of each track they played (by catalog index).
    public let trackPlays: [Int: Int]
    /// Per artist id: whether the listener has played (or skipped) that artist.
    public let playedArtist: [Bool]
    /// The calibration target: genre ids and their shares (summing to 1).
    public let genreTarget: [(genre: Int32, share: Double)]
    /// The listener's usual energy, the centre of the energy arc.
    public let energyCentre: Double

    /// Builds the context; a listener with no history is calibrated to the catalog's main genres. History dated
    /// after `asOf` counts as of `asOf` (see `TasteProfile`); `recent` sessions lower the relevance of what they
    /// played (see `RecentSessions`), as of `asOf`.
    public init(
        listener: Listener, catalog: Catalog, features: TrackFeatures, asOf: Date? = nil,
        recent: RecentSessions? = nil
    ) {
        let taste = TasteProfile(listener: listener, catalog: catalog, asOf: asOf)
        self.taste = taste
        model = RelevanceModel(taste: taste, features: features)
        var relevance = model.scores(features)
        var trackPlays: [Int: Int] = [:]
        for entry in listener.history where entry.plays > 0 {
            guard let index = catalog.index(of: entry.trackID) else { continue }
            // Held at the largest count rather than overflowing (a history may repeat an entry with huge counts).
            let (sum, overflow) = trackPlays[index, default: 0].addingReportingOverflow(entry.plays)
            trackPlays[index] = overflow ? Int.max : sum
        }
        self.trackPlays = trackPlays
        for (index, lift) in Self.replayLift(plays: trackPlays, rejected: taste.rejectedTrackIDs, catalog: catalog) {
            relevance[index] += lift
        }
        let penalty = Self.freshnessPenalty(recent, asOf: asOf, catalog: catalog, features: features)
        for (index, amount) in penalty { relevance[index] -= amount }
        self.relevance = relevance
        freshnessPenalty = penalty
        var played = [Bool](repeating: false, count: features.artistKeys.count)
        for key in taste.artistPlays.keys { if let id = features.artistIDByKey[key] { played[Int(id)] = true } }
        playedArtist = played
        var mix: [(genre: Int32, share: Double)] = []
        if taste.genreMix.isEmpty {
            // Cold start: the catalog's genres with at least 2 % of its tracks, so the picks spread across them.
            var counts = [Double](repeating: 0, count: features.genreNames.count)
            for index in 0..<features.count {
                let genres = features.genres(of: index)
                for id in genres { counts[Int(id)] += 1 / Double(genres.count) }
            }
            let total = counts.reduce(0, +)
            mix = counts.enumerated().filter { total > 0 && $0.element / total >= 0.02 }.map {
                (Int32($0.offset), $0.element)
            }
        } else {
            for (id, name) in features.genreNames.enumerated() {
                if let share = taste.genreMix[name], share > 0 { mix.append((Int32(id), share)) }
            }
        }
        let sum = mix.reduce(0) { $0 + $1.share }
        genreTarget = sum > 0 ? mix.map { ($0.genre, $0.share / sum) } : []
        if let energy = taste.energy {
            energyCentre = energy.mean
        } else {
            let known = features.energy.filter(\.isFinite)
            energyCentre = known.isEmpty ? 0.55 : Double(known.reduce(0, +)) / Double(known.count)
        }
    }

    /// How much likelier the listener is to play again a track they played than a random catalog track, as a lift
    /// (natural log, like the model's): ln(1 + r × plays / total × catalog size), where r is the listener's own
    /// share of plays that were replays (1 − tracks / plays in their history). A listener who never replays gets
    /// none; tracks they rejected (skipped repeatedly) get none. `plays` is the listener's plays per catalog index.
    static func replayLift(plays: [Int: Int], rejected: Set<String>, catalog: Catalog) -> [Int: Float] {
        // In index order, in floating point: the same sum every time, and no overflow near Int.max.
        let played = plays.keys.sorted().filter { !rejected.contains(catalog.tracks[$0].id) }
        let total = played.reduce(0.0) { $0 + Double(plays[$1] ?? 0) }
        guard total > Double(played.count) else { return [:] }
        let rate = 1 - Double(played.count) / total
        var lifts: [Int: Float] = [:]
        for index in played {
            let odds = rate * Double(plays[index] ?? 0) / total * Double(catalog.tracks.count)
            lifts[index] = Float(log1p(odds))
        }
        return lifts
    }

    /// What `recent` takes from each track's relevance: the track's own sessions' weights (at most 2) times
    /// `RecentSessions.trackPenalty`, plus, for every track of a lead artist those sessions played, their weights
    /// per track of the artist played (at most 2) times `RecentSessions.artistPenalty`.
    static func freshnessPenalty(
        _ recent: RecentSessions?, asOf: Date?, catalog: Catalog, features: TrackFeatures
    ) -> [Int: Float] {
        guard let recent else { return [:] }
        var tracks: [Int: Double] = [:], artists: [Int32: Double] = [:]
        for (weight, ids) in recent.weighted(asOf: asOf) {
            for id in ids {
                guard let index = catalog.index(of: id) else { continue }
                tracks[index, default: 0] += weight
                artists[features.leadArtist[index], default: 0] += weight
            }
        }
        guard !tracks.isEmpty else { return [:] }
        var penalty: [Int: Float] = [:]
        for index in 0..<features.count {
            if let weight = artists[features.leadArtist[index]] {
                penalty[index] = Float(min(weight, 2) * RecentSessions.artistPenalty)
            }
        }
        for (index, weight) in tracks {
            penalty[index, default: 0] += Float(min(weight, 2) * RecentSessions.trackPenalty)
        }
        return penalty
    }

    /// The same context ranking by other relevance scores (one per catalog track, in the model's units: a natural
    /// log lift over a random catalog track), e.g. an evaluation's oracle, to measure what the rest of the objective
    /// costs when relevance is perfect.
    public func replacingRelevance(with relevance: [Float]) -> ListenerContext {
        precondition(relevance.count == self.relevance.count, "one relevance score per catalog track")
        var context = self
        context.relevance = relevance
        return context
    }

    /// True when the history says nothing about taste.
    public var isColdStart: Bool { model.isColdStart }

    /// Whether none of the track's artists has been played by the listener (never true at cold start).
    public func isNewArtist(_ index: Int, _ features: TrackFeatures) -> Bool {
        !isColdStart && features.hasNoArtist(index, in: playedArtist)
    }
}
