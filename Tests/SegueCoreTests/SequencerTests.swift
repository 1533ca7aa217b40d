import Foundation
import SegueCore
import SegueEvaluation
import SegueTestSupport
import Testing

@Suite struct SequencerTests {
    let base = URL(fileURLWithPath: "/tmp")

    func catalog(_ tracks: [Track]) throws -> Catalog { try Catalog(tracks: tracks, baseURL: base) }

    /// 4 artists × 4 tracks, some explicit.
    func mixedCatalog() throws -> Catalog {
        var tracks: [Track] = []
        for (a, artist) in ["Ana Sol", "Bo Lee", "Cy Twombly Band", "Dee Vine"].enumerated() {
            for n in 0..<4 {
                tracks.append(
                    Fixtures.track(
                        "\(a)\(n)", artist: artist, genres: a % 2 == 0 ? ["ambient"] : ["jazz"],
                        explicit: n == 1, popularity: 30 + 10 * n))
            }
        }
        return try catalog(tracks)
    }

    @Test func explicitTracksAreNeverChosenForAListenerWhoBlocksThem() throws {
        let catalog = try mixedCatalog()
        let listener = Listener(id: "l", name: "L", explicit: .block)
        let lineup = Sequencer(catalog: catalog).lineup(
            for: listener, options: LineupOptions(count: 12, artistSeparation: 2))
        #expect(lineup.picks.count == 12)
        #expect(lineup.picks.allSatisfy { !$0.track.explicit })
        let allowing = Listener(id: "m", name: "M", explicit: .allow)
        let all = Sequencer(catalog: catalog).lineup(
            for: allowing, options: LineupOptions(count: 16, artistSeparation: 1))
        #expect(all.picks.contains { $0.track.explicit })
    }

    @Test func noArtistTwiceWithinThreeSlotsAndNoRepeats() throws {
        let catalog = try mixedCatalog()
        let listener = Listener(
            id: "l", name: "L", explicit: .allow,
            history: [.init(trackID: "00", plays: 40, liked: true)])
        let lineup = Sequencer(catalog: catalog).lineup(
            for: listener, options: LineupOptions(count: 12, artistSeparation: 3))
        let artists = lineup.picks.map(\.track.artist)
        for i in artists.indices.dropFirst(1) {
            #expect(artists[i] != artists[i - 1])
            if i >= 2 { #expect(artists[i] != artists[i - 2]) }
        }
        #expect(Set(lineup.picks.map(\.track.id)).count == lineup.picks.count)
    }

    @Test func blockedArtistsNeverPlayEvenAsFeaturedArtists() throws {
        let catalog = try self.catalog([
            Fixtures.track("a", artist: "Nova Reyes feat. Kid Atlas"),
            Fixtures.track("b", artist: "Kid Atlas"),
            Fixtures.track("c", artist: "Mira & Kid Atlas"),
            Fixtures.track("d", artist: "Someone Else"),
            Fixtures.track("e", artist: "Other Person"),
            Fixtures.track("f", artist: "DJ One x Kid Atlas"),
            Fixtures.track("g", artist: "Sam Lane with KID ATLAS"),
            Fixtures.track("h", artist: "Lou ft. Kíd Atlas"),
        ])
        let listener = Listener(id: "l", name: "L", explicit: .allow, blockedArtists: ["kid atlas"])
        let lineup = Sequencer(catalog: catalog).lineup(for: listener, options: LineupOptions(count: 5))
        #expect(lineup.picks.map(\.track.id).sorted() == ["d", "e"])
        #expect(lineup.warnings.contains { $0.contains("only 2 tracks") })
    }

    @Test func aFeaturedArtistCountsForTheSeparationWindow() throws {
        var tracks = [
            Fixtures.track("a", artist: "Nova Reyes feat. Kid Atlas", popularity: 99),
            Fixtures.track("b", artist: "Kid Atlas", popularity: 98),
        ]
        for n in 0..<10 { tracks.append(Fixtures.track("x\(n)", artist: "Filler \(n)", popularity: 10)) }
        let lineup = Sequencer(catalog: try catalog(tracks)).lineup(
            for: Listener(id: "l", name: "L", explicit: .allow), options: LineupOptions(count: 12, artistSeparation: 8))
        let ids = lineup.picks.map(\.track.id)
        let a = try #require(ids.firstIndex(of: "a")), b = try #require(ids.firstIndex(of: "b"))
        #expect(abs(a - b) >= 8)
        #expect(lineup.picks.count == 12)
    }

    @Test func theDefaultSeparationIsEightSlots() throws {
        // 10 artists × 3 tracks: every window of 8 consecutive picks names 8 different artists.
        var tracks: [Track] = []
        for a in 0..<10 {
            for n in 0..<3 { tracks.append(Fixtures.track("\(a)-\(n)", artist: "Artist \(a)", popularity: 90 - a)) }
        }
        let lineup = Sequencer(catalog: try catalog(tracks)).lineup(
            for: Listener(id: "l", name: "L", explicit: .allow, history: [.init(trackID: "0-0", plays: 30)]),
            options: LineupOptions(count: 20))
        #expect(LineupOptions().artistSeparation == 8)
        let artists = lineup.picks.map(\.track.artist)
        for start in 0..<max(0, artists.count - 7) { #expect(Set(artists[start..<(start + 8)]).count == 8) }
        #expect(lineup.picks.count >= 10)
    }

    @Test func unplayableTracksAreSkippedAndTheNextCandidateTakesTheirPlace() throws {
        let catalog = try mixedCatalog()
        let listener = Listener(id: "l", name: "L", explicit: .allow)
        let lineup = Sequencer(catalog: catalog).lineup(for: listener, options: LineupOptions(count: 4)) { track in
            track.id.hasSuffix("3") ? "audio missing" : nil
        }
        #expect(lineup.picks.count == 4)
        #expect(!lineup.picks.contains { $0.track.id.hasSuffix("3") })
        #expect(!lineup.skipped.isEmpty)
        #expect(lineup.skipped.allSatisfy { $0.reason == "audio missing" && $0.trackID.hasSuffix("3") })
    }

    @Test func tracksSkippedRepeatedlyAreLeftOut() throws {
        let catalog = try mixedCatalog()
        let listener = Listener(
            id: "l", name: "L", explicit: .allow,
            history: [.init(trackID: "20", plays: 1, skips: 5), .init(trackID: "00", plays: 9)])
        let lineup = Sequencer(catalog: catalog).lineup(
            for: listener, options: LineupOptions(count: 16, artistSeparation: 1))
        #expect(!lineup.picks.contains { $0.track.id == "20" })
        #expect(lineup.picks.count == 15)
        #expect(lineup.warnings.contains { $0.contains("only 15 tracks") })
    }

    @Test func historyDrivesRelevanceAndReasonsSayWhy() throws {
        let catalog = try mixedCatalog()
        let listener = Listener(
            id: "l", name: "L", explicit: .allow,
            history: [.init(trackID: "10", plays: 14, liked: true), .init(trackID: "30", plays: 3)])
        let lineup = Sequencer(catalog: catalog).lineup(
            for: listener, options: LineupOptions(count: 3, artistSeparation: 3))
        let first = try #require(lineup.picks.first)
        #expect(["Bo Lee", "Dee Vine"].contains(first.track.artist))  // the jazz the listener plays
        // A track played again says so first, then whose it is.
        let bo = try #require(lineup.picks.first { $0.track.id == "10" })
        #expect(bo.reasons.prefix(2).map(\.description) == ["you've played it 14 times", "you played Bo Lee 14 times"])
        #expect(lineup.picks.contains { $0.reasons.map(\.description).contains("you played Dee Vine 3 times") })
        let new = try #require(lineup.picks.first { $0.isNewArtist })
        #expect(new.reasons.map(\.description).contains("new artist for you"))  // ambient: a genre they have not played
        // The score is the sum of its breakdown.
        for pick in lineup.picks {
            #expect(abs(pick.breakdown.total - pick.score) < 0.01)
            #expect(pick.breakdown.relevance > 0)
        }
    }

    @Test func flowReasonsNameTheTempoAndKeyMove() throws {
        let tracks = [
            Track(
                id: "a", title: "A", artist: "One", genres: ["house"], bpm: 122, key: "8A", energy: 0.6, popularity: 90,
                duration: 40),
            Track(
                id: "b", title: "B", artist: "Two", genres: ["house"], bpm: 124, key: "9A", energy: 0.6, popularity: 10,
                duration: 40),
            Track(
                id: "c", title: "C", artist: "Three", genres: ["house"], bpm: 62, key: "9B", energy: 0.6, popularity: 5,
                duration: 40),
        ]
        let listener = Listener(id: "l", name: "L", explicit: .allow, history: [.init(trackID: "a", plays: 5)])
        let lineup = Sequencer(catalog: try catalog(tracks)).lineup(
            for: listener, options: LineupOptions(count: 3, arc: .steady))
        // Every order of these three flows; the reason names the actual move.
        let expected: [String: String] = [
            "ab": "keeps the flow: 122 → 124 BPM, 8A → 9A", "ba": "keeps the flow: 124 → 122 BPM, 9A → 8A",
            "bc": "keeps the flow: 124 → 62 BPM (half time), 9A → 9B",
            "cb": "keeps the flow: 62 → 124 BPM (double time), 9B → 9A",
        ]
        let ids = lineup.picks.map(\.track.id)
        #expect(Set(ids) == ["a", "b", "c"])
        #expect(ids[1] == "b")  // a and c do not flow into each other (8A → 9B is two steps)
        for position in 1..<3 {
            let move = ids[position - 1] + ids[position]
            #expect(lineup.picks[position].reasons.map(\.description).contains(try #require(expected[move])))
        }
        let b = try #require(lineup.picks.first { $0.track.id == "b" })
        #expect(b.reasons.map(\.description).contains("new artist for you, in house which you like"))
        #expect(lineup.metrics.smoothTransitionShare == 1)
    }

    /// A matching tempo into a clashing key, or into a track with no known key, is not a smooth transition by the
    /// evaluation's definition, so no reason may call it one; and no reason reads out a raw energy figure.
    @Test func flowIsClaimedOnlyWhenTempoAndKeyAreBothSmooth() throws {
        let tracks = [
            Track(
                id: "a", title: "A", artist: "One", genres: ["house"], bpm: 122, key: "8A", energy: 0.62,
                popularity: 90, duration: 40),
            Track(
                id: "b", title: "B", artist: "Two", genres: ["house"], bpm: 123, key: "2B", energy: 0.64,
                popularity: 80, duration: 40),
            Track(
                id: "c", title: "C", artist: "Three", genres: ["house"], bpm: 122, energy: 0.6, popularity: 70,
                duration: 40),
        ]
        let listener = Listener(id: "l", name: "L", explicit: .allow, history: [.init(trackID: "a", plays: 5)])
        let lineup = Sequencer(catalog: try catalog(tracks)).lineup(
            for: listener, options: LineupOptions(count: 3, arc: .steady))
        #expect(lineup.picks.count == 3)
        let reasons = lineup.picks.flatMap { $0.reasons.map(\.description) }
        #expect(!reasons.contains { $0.hasPrefix("keeps the flow") })
        #expect(lineup.metrics.smoothTransitionShare == 0)
        #expect(!reasons.contains { $0.contains("energy 0") || $0.contains("0.6") })
        #expect(reasons.contains("a lively one for the steady mood of the set"))
    }

    /// With listening-based embeddings in the catalog, a track nobody has played has none: it is chosen on its
    /// content features alone, and its reasons say so.
    @Test func aTrackWithNoListeningSaysItWasChosenOnItsFeatures() throws {
        var tracks = (0..<4).map {
            Fixtures.track("t\($0)", artist: "Artist \($0)", genres: ["house"], popularity: 60 - $0)
        }
        for index in 0..<3 { tracks[index].embedding = [1, Float(index) / 10, 0.2] }
        let listener = Listener(id: "l", name: "L", explicit: .allow, history: [.init(trackID: "t0", plays: 4)])
        let lineup = Sequencer(catalog: try catalog(tracks)).lineup(
            for: listener, options: LineupOptions(count: 4, artistSeparation: 2))
        let reasons = Dictionary(
            uniqueKeysWithValues: lineup.picks.map { ($0.track.id, $0.reasons.map(\.description)) })
        let fallback = "new to our listeners: chosen on its genre, tempo and energy"
        #expect(reasons["t3"]?.contains(fallback) == true)
        for id in ["t0", "t1", "t2"] { #expect(reasons[id]?.contains(fallback) == false) }
    }

    /// A listener who replays tracks is likelier to play again what they played most than an unplayed track of the
    /// same artist; a listener who never replays gets no such lift.
    @Test func replaysLiftTracksTheListenerPlaysAgain() throws {
        let tracks = (0..<6).map { Fixtures.track("t\($0)", artist: "Same", genres: ["jazz"], popularity: 50) }
        let catalog = try catalog(tracks)
        let features = TrackFeatures(catalog: catalog)
        let replayer = Listener(
            id: "r", name: "R", explicit: .allow,
            history: [.init(trackID: "t0", plays: 6), .init(trackID: "t1", plays: 2), .init(trackID: "t2", plays: 1)])
        let relevance = ListenerContext(listener: replayer, catalog: catalog, features: features).relevance
        #expect(relevance[0] > relevance[1])
        #expect(relevance[1] > relevance[2])
        #expect(relevance[2] > relevance[3])
        #expect(relevance[3] == relevance[4])
        let once = Listener(
            id: "o", name: "O", explicit: .allow,
            history: [.init(trackID: "t0", plays: 1), .init(trackID: "t1", plays: 1), .init(trackID: "t2", plays: 1)])
        let flat = ListenerContext(listener: once, catalog: catalog, features: features).relevance
        #expect(flat[0] == flat[3])
        // A replay says so.
        let lineup = Sequencer(catalog: catalog).lineup(
            for: replayer, options: LineupOptions(count: 6, artistSeparation: 1))
        let first = try #require(lineup.picks.first)
        #expect(first.track.id == "t0")
        #expect(first.reasons.first?.description == "you've played it 6 times")
        #expect(
            !lineup.picks.contains {
                $0.track.id == "t3" && $0.reasons.contains { $0.description.hasPrefix("you've played it") }
            })
    }

    @Test func coldStartIsPopularButSpreadAcrossGenresAndSaysSo() throws {
        var tracks: [Track] = []
        for (g, genre) in ["ambient", "jazz", "rock", "folk"].enumerated() {
            for n in 0..<4 {
                tracks.append(
                    Fixtures.track(
                        "\(g)\(n)", artist: "\(genre) artist \(n)", genres: [genre], popularity: 95 - 20 * g - n))
            }
        }
        let lineup = Sequencer(catalog: try catalog(tracks)).lineup(
            for: Listener(id: "new", name: "N", explicit: .block), options: LineupOptions(count: 8))
        #expect(lineup.picks.count == 8)
        #expect(lineup.picks.allSatisfy { $0.reasons.first?.description.hasPrefix("no history yet: a") == true })
        for pick in lineup.picks {
            let genre = pick.track.genres[0]
            let expected =
                (pick.track.popularity ?? 0) >= 50 ? "a popular \(genre) pick" : "a \(genre) pick for variety"
            #expect(pick.reasons.first?.description == "no history yet: \(expected), to learn your taste")
        }
        #expect(lineup.picks.contains { $0.track.popularity == 95 })  // the most popular track plays
        #expect(lineup.picks.allSatisfy { $0.reasons.first?.description.hasSuffix(", to learn your taste") == true })
        // Relevance alone would play the 8 most popular (ambient and jazz); cold start spreads across all four genres.
        #expect(Set(lineup.picks.flatMap(\.track.genres)).count == 4)
        #expect(lineup.picks.allSatisfy { !$0.isNewArtist })
    }

    @Test func unknownAndNaNFeaturesAreTreatedAsUnknown() throws {
        let tracks = [
            Track(
                id: "a", title: "A", artist: "One", genres: [], bpm: .nan, key: nil, energy: .nan, popularity: nil,
                duration: 40),
            Track(id: "b", title: "B", artist: "Two", bpm: .infinity, energy: nil, duration: 40, embedding: [.nan, 1]),
            Track(
                id: "c", title: "C", artist: "Three", genres: ["jazz"], bpm: 120, key: "8A", energy: 0.5,
                popularity: 40, duration: 40,
                embedding: [1, 0]),
        ]
        let listener = Listener(
            id: "l", name: "L", explicit: .allow,
            history: [.init(trackID: "a", plays: 3), .init(trackID: "c", plays: 2), .init(trackID: "gone", plays: 1)])
        let lineup = Sequencer(catalog: try catalog(tracks)).lineup(for: listener, options: LineupOptions(count: 3))
        #expect(Set(lineup.picks.map(\.track.id)) == ["a", "b", "c"])
        #expect(lineup.picks.allSatisfy { $0.score.isFinite })
        #expect(lineup.metrics.intraListDiversity.isFinite && lineup.metrics.calibrationKL.isFinite)
        #expect(lineup.warnings.contains { $0.hasPrefix("1 history entries name tracks not in the catalog: gone") })
    }

    /// In the classic world (no replays); in the realistic one the listener's replays pull against the dial, and
    /// the evaluation reports how far (`segue-bench eval lineup`).
    @Test func theDiscoveryDialSetsTheShareOfNewArtists() throws {
        let world = try SyntheticWorld.generate(listeners: 30, tracks: 3000, seed: 5, kind: .classic)
        let sequencer = Sequencer(catalog: world.catalog)
        func share(_ dial: Double) -> Double {
            let picks = world.listeners.flatMap { listener in
                sequencer.lineup(for: listener, options: LineupOptions(count: 20, discovery: dial)).picks
            }
            return Double(picks.filter(\.isNewArtist).count) / Double(picks.count)
        }
        let low = share(0.2), high = share(0.6)
        #expect(abs(low - 0.2) <= 0.06)
        #expect(abs(high - 0.6) <= 0.06)
    }

    /// In the realistic world a listener's replays outweigh the dial's pull, so the dial is also a floor: by every
    /// point of the set, at least its share of the picks so far (rounded down) are new artists.
    @Test func theDiscoveryDialIsAFloorAtEveryPointOfTheSet() throws {
        let world = try SyntheticWorld.generate(listeners: 30, tracks: 3000, seed: 5, kind: .realistic)
        let sequencer = Sequencer(catalog: world.catalog)
        var picks = 0, new = 0
        for listener in world.listeners where !listener.history.isEmpty {
            let lineup = sequencer.lineup(for: listener, options: LineupOptions(count: 20, discovery: 0.2))
            #expect(lineup.picks.count == 20)
            var sofar = 0
            for (position, pick) in lineup.picks.enumerated() {
                if pick.isNewArtist { sofar += 1 }
                #expect(sofar >= (position + 1) / 5, "listener \(listener.id), pick \(position + 1)")
            }
            picks += lineup.picks.count
            new += sofar
        }
        let share = Double(new) / Double(max(picks, 1))
        #expect(share >= 0.2 && share <= 0.26)
    }

    @Test func lesserKnownArtistsReachThePoolWhenTheMostRelevantAreAllHeadArtists() throws {
        // 5 head artists with 20 hits each; 45 artists with 2 deep cuts each. The listener plays the hits
        // and has heard every artist once, so there are no new artists to bring the others in.
        var tracks: [Track] = []
        for a in 0..<5 {
            for n in 0..<20 {
                tracks.append(Fixtures.track("h\(a)-\(n)", artist: "Hit \(a)", bpm: 120, popularity: 90 + n % 10))
            }
        }
        for a in 0..<45 {
            for n in 0..<2 {
                tracks.append(Fixtures.track("c\(a)-\(n)", artist: "Cut \(a)", bpm: 120, popularity: 2 + n))
            }
        }
        let catalog = try catalog(tracks)
        let history =
            (0..<5).map { Listener.HistoryEntry(trackID: "h\($0)-0", plays: 20) }
            + (0..<45).map { Listener.HistoryEntry(trackID: "c\($0)-0", plays: 1) }
        let listener = Listener(id: "l", name: "L", explicit: .allow, history: history)
        let sequencer = Sequencer(catalog: catalog)
        // A pool of 20 by relevance holds only hits; the mid and tail cuts add the best of the rest.
        let lineup = sequencer.lineup(
            for: listener, options: LineupOptions(count: 12, artistSeparation: 3, poolSize: 20))
        let bins = lineup.picks.map {
            sequencer.features.artistBin[Int(sequencer.features.leadArtist[catalog.index(of: $0.track.id)!])]
        }
        #expect(bins.filter { $0 > 0 }.count >= 2, "bins \(bins)")
        #expect(lineup.picks.contains { $0.reasons.map(\.description).contains("gives a lesser-known artist a turn") })
        // The hits still lead: most picks are theirs.
        #expect(bins.filter { $0 == 0 }.count > bins.count / 2)
    }

    @Test func theRulesKeptBaselineFillsItsSlotsWhenOneArtistHoldsTheTopOfTheRanking() throws {
        // 300 hits by one artist rank above everything else; the rules allow it one slot in three.
        var tracks = (0..<300).map { Fixtures.track("a\($0)", artist: "Ubiquitous", popularity: 99) }
        for n in 0..<30 { tracks.append(Fixtures.track("o\(n)", artist: "Other \(n)", popularity: 20)) }
        let catalog = try catalog(tracks)
        let listener = Listener(id: "l", name: "L", explicit: .allow)
        let sequencer = Sequencer(catalog: catalog)
        let context = ListenerContext(listener: listener, catalog: catalog, features: sequencer.features)
        let picks = sequencer.rulesKeptBaseline(for: listener, context: context, count: 10, separation: 3)
        #expect(picks.count == 10)
        let artists = picks.map { catalog.tracks[$0].artist }
        #expect(artists.filter { $0 == "Ubiquitous" }.count == 4)  // slots 1, 4, 7 and 10
        for position in picks.indices.dropFirst(1) {
            #expect(!artists[max(0, position - 2)..<position].contains(artists[position]))
        }
    }

    @Test func theLineupCarriesItsImpactReportAndTheBaselines() throws {
        // The classic world: fresh draws, so relevance alone crowds a few artists and genres (in the realistic world
        // a listener's replays already spread across their favourites).
        let world = try SyntheticWorld.generate(listeners: 4, tracks: 2000, seed: 2, kind: .classic)
        let listener = try #require(world.listeners.first)
        let lineup = Sequencer(catalog: world.catalog).lineup(for: listener, options: LineupOptions(count: 20))
        let json = try JSONSerialization.jsonObject(with: try JSONFile.encode(lineup)) as? [String: Any]
        #expect(json?["baseline_metrics"] != nil && json?["metrics"] != nil && json?["tracks"] != nil)
        let mix = lineup.metrics.popularityMix
        #expect(abs(mix.head + mix.mid + mix.tail - 1) < 0.01)
        #expect(lineup.metrics.intraListDiversity > lineup.baselineMetrics.intraListDiversity)
        #expect(lineup.metrics.smoothTransitionShare > lineup.baselineMetrics.smoothTransitionShare)
        #expect(lineup.metrics.energyArcError < lineup.baselineMetrics.energyArcError + 0.05)
    }

    @Test func sameSeedSameLineupOtherSeedMayDiffer() throws {
        let catalog = try mixedCatalog()
        let listener = Listener(id: "l", name: "L", explicit: .allow)
        let a = Sequencer(catalog: catalog).lineup(for: listener, options: LineupOptions(count: 8, seed: 7))
        let b = Sequencer(catalog: catalog).lineup(for: listener, options: LineupOptions(count: 8, seed: 7))
        #expect(a == b)
        let others = (1...20).map {
            Sequencer(catalog: catalog).lineup(for: listener, options: LineupOptions(count: 8, seed: $0))
        }
        #expect(others.contains { $0.picks.map(\.track.id) != a.picks.map(\.track.id) })
    }

    @Test func minutesDecideTheLengthWhenNoCountIsGiven() throws {
        let catalog = try mixedCatalog()  // 40 s tracks, 6 s crossfades
        let lineup = Sequencer(catalog: catalog).lineup(
            for: Listener(id: "l", name: "L", explicit: .allow),
            options: LineupOptions(minutes: 2, artistSeparation: 2, crossfade: 6))
        // 40 + 34 + 34 = 108 < 120 ≤ 142
        #expect(lineup.picks.count == 4)
    }

    @Test func anEmptyCatalogGivesAnEmptyLineupAndSaysSo() throws {
        let catalog = try Catalog(tracks: [], baseURL: URL(fileURLWithPath: "/tmp"))
        let listener = Listener(id: "l", name: "L", explicit: .block, history: [.init(trackID: "ghost", plays: 3)])
        let lineup = Sequencer(catalog: catalog).lineup(for: listener, options: LineupOptions(count: 5))
        #expect(lineup.picks.isEmpty)
        #expect(lineup.warnings.contains { $0.contains("allows only 0 tracks") })
        #expect(lineup.warnings.contains { $0.contains("ghost") })
    }

    @Test func historyOfTracksNotInTheCatalogIsReported() throws {
        let catalog = try mixedCatalog()
        let listener = Listener(id: "l", name: "L", explicit: .allow, history: [.init(trackID: "ghost", plays: 3)])
        let lineup = Sequencer(catalog: catalog).lineup(for: listener, options: LineupOptions(count: 2))
        #expect(lineup.warnings.contains { $0.contains("ghost") })
    }

    @Test(arguments: [
        ("Nova Reyes feat. Kid Atlas", ["Nova Reyes", "Kid Atlas"]),
        ("A ft. B", ["A", "B"]),
        ("Mira & Kid Atlas", ["Mira", "Kid Atlas"]),
        ("DJ One x MC Two", ["DJ One", "MC Two"]),
        ("Solo Artist", ["Solo Artist"]),
    ])
    func featuredArtistsAreRecognised(credit: String, names: [String]) {
        #expect(ArtistCredit.names(in: credit) == names)
    }
}

@Suite struct RelevanceModelTests {
    @Test func theFastColumnPassAgreesWithTheReadableParts() throws {
        let world = try SyntheticWorld.generate(listeners: 3, tracks: 3000, seed: 4, embeddingDimension: 20)
        // Some tracks get a second genre, a featured artist or no genre, so the pass reads the full lists too.
        var tracks = world.catalog.tracks
        for index in tracks.indices {
            let source = world.catalog.tracks
            if index % 5 == 0 { tracks[index].genres.append(source[(index * 7) % source.count].genres[0]) }
            if index % 3 == 0 { tracks[index].artist += " feat. " + source[(index * 11) % source.count].artist }
            if index % 17 == 0 { tracks[index].genres = [] }
        }
        let catalog = try Catalog(tracks: tracks, baseURL: world.catalog.baseURL)
        let features = TrackFeatures(catalog: catalog)
        #expect(features.soleGenre.contains(TrackFeatures.several.genre))
        #expect(features.soleArtist.contains(TrackFeatures.several.artist))
        for listener in world.listeners {
            let model = RelevanceModel(taste: TasteProfile(listener: listener, catalog: catalog), features: features)
            let fast = model.scores(features)
            #expect(!model.isColdStart)
            for index in stride(from: 0, to: features.count, by: 2) {
                #expect(abs(fast[index] - model.parts(index, features).total) < 1e-4)
            }
        }
    }

    @Test func popularityTiltRecoversTheExponentOfWhatTheListenerPlays() {
        // Catalog: most tracks unpopular. Listeners play it tilted by popularity^β, with many plays.
        let counts: [Double] = (0...100).map { popularity in popularity == 0 ? 0 : 1 / Double(popularity) }
        let total = counts.reduce(0, +)
        let catalog = counts.map { $0 / total }
        for beta in [2.0, 0.5, -0.5] {
            let plays: [Double] = (0...100).map { popularity in
                let tilt = pow(Double(max(popularity, 1)) / 100, beta)
                return 5000 * catalog[popularity] * tilt
            }
            let table = RelevanceModel.popularityTilt(listener: plays, catalog: catalog)
            #expect(table.count == 102)
            for popularity in [1, 10, 50, 100] {
                let expected = beta * log(Double(popularity) / 100)
                #expect(
                    abs(Double(table[popularity]) - expected) < 0.05 * max(1, abs(expected)),
                    "β \(beta), popularity \(popularity)")
            }
            // Unknown popularity: the catalog's mean, between the ends.
            #expect((min(table[1], table[100])...max(table[1], table[100])).contains(table[101]))
        }
        // Three plays of the hits tilt less than three thousand: the prior holds a short history near 0.
        var hits = [Double](repeating: 0, count: 101)
        hits[95] = 3
        let short = RelevanceModel.popularityTilt(listener: hits, catalog: catalog)
        hits[95] = 3000
        let long = RelevanceModel.popularityTilt(listener: hits, catalog: catalog)
        #expect(short[10] < 0 && long[10] < short[10])
        // No plays of known popularity: no tilt.
        #expect(
            RelevanceModel.popularityTilt(listener: [Double](repeating: 0, count: 101), catalog: catalog).allSatisfy {
                $0 == 0
            })
    }

    @Test func liftsWeighWhatTheListenerPlaysAgainstWhatTheCatalogHolds() throws {
        // Eight ambient tracks for every jazz track, and some folk; the listener plays ambient and jazz as often.
        var tracks: [Track] = []
        for n in 0..<80 { tracks.append(Fixtures.track("a\(n)", artist: "Amb \(n % 8)", genres: ["ambient"])) }
        for n in 0..<10 { tracks.append(Fixtures.track("j\(n)", artist: "Jazz \(n % 2)", genres: ["jazz"])) }
        for n in 0..<10 { tracks.append(Fixtures.track("f\(n)", artist: "Folk \(n)", genres: ["folk"])) }
        let catalog = try Catalog(tracks: tracks, baseURL: URL(fileURLWithPath: "/tmp"))
        let history = [
            Listener.HistoryEntry(trackID: "a0", plays: 6), Listener.HistoryEntry(trackID: "a1", plays: 6),
            Listener.HistoryEntry(trackID: "j0", plays: 6), Listener.HistoryEntry(trackID: "j1", plays: 6),
            Listener.HistoryEntry(trackID: "f0", plays: 0, skips: 5),
        ]
        let features = TrackFeatures(catalog: catalog)
        let model = RelevanceModel(
            taste: TasteProfile(listener: Listener(id: "l", name: "L", history: history), catalog: catalog),
            features: features)
        func genre(_ name: String) -> Float { model.genreWeight[Int(features.genreIDByName[name]!)] }
        func artist(_ name: String) -> Float {
            model.artistWeight[Int(features.artistIDByKey[ArtistCredit.key(name)]!)]
        }
        // Jazz is as played as ambient from an eighth of the tracks: it lifts. Ambient is half the plays
        // but four fifths of the catalog: it lifts less than 1 (below 0), yet far above the skipped folk.
        #expect(genre("jazz") > 0 && genre("ambient") < 0 && genre("ambient") > genre("folk") + 1)
        // Folk was only skipped: below 0, as is the skipped artist; an artist never played is neutral.
        #expect(genre("folk") < 0 && artist("Folk 0") < 0)
        #expect(artist("Folk 1") == 0 && artist("Jazz 0") > 0)
        // The lift is the log of (play weight + prior) over (the catalog's share of all play weight + prior).
        let expectedJazz = log((12 + 2) / (24 * 0.1 + 2))
        #expect(abs(Double(genre("jazz")) - expectedJazz) < 1e-5)
    }

    @Test func tempoAndEnergyTablesAreTheGaussianAtEachStep() {
        let stats = TasteProfile.Stats(mean: 120, spread: 8)
        let table = RelevanceModel.closenessTable(
            steps: TrackFeatures.tempoSteps, value: { 20 + Double($0) / 4 }, stats)
        #expect(table.count == TrackFeatures.tempoSteps + 1)
        #expect(table[400] == 1)  // 20 + 400 / 4 = 120 BPM
        #expect(abs(table[432] - Float(exp(-0.5))) < 1e-6)  // 128 BPM: one spread away
        #expect(table[TrackFeatures.tempoSteps] == 0.5)  // unknown
        #expect(RelevanceModel.closenessTable(steps: 10, value: Double.init, nil).allSatisfy { $0 == 0.5 })
    }
}

@Suite struct QuantizedEmbeddingsTests {
    @Test func eightBitCodesKeepCosinesWithinOneHundredth() throws {
        var rng = SeededRandomNumberGenerator(seed: 9)
        let rows: [[Float]?] = (0..<200).map { n in
            n % 17 == 0 ? nil : (0..<64).map { _ in Float.random(in: -1...1, using: &rng) }
        }
        let embeddings = QuantizedEmbeddings(dimension: 64, rows: rows)
        func unit(_ v: [Float]) -> [Float] {
            let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot(); return v.map { $0 / n }
        }
        let centre = unit((0..<64).map { _ in Float.random(in: -1...1, using: &rng) })
        let query = try #require(embeddings.query(centre))
        for a in 0..<rows.count {
            guard let row = rows[a] else {
                #expect(!embeddings.has(a))
                continue
            }
            let exact = zip(unit(row), centre).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(embeddings.dot(a, query) - exact) < 0.01)
            for b in stride(from: 1, to: rows.count, by: 13) {
                guard let other = rows[b] else { continue }
                let cosine = zip(unit(row), unit(other)).reduce(0) { $0 + $1.0 * $1.1 }
                #expect(abs(embeddings.cosine(a, b) - cosine) < 0.01)
            }
        }
        #expect(embeddings.query([Float](repeating: 0, count: 64)) == nil)
        #expect(embeddings.query([1, 2]) == nil)
    }
}
