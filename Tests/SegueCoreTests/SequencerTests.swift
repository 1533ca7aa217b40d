import Foundation
import SegueCore
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
                tracks.append(Fixtures.track("\(a)\(n)", artist: artist, genres: a % 2 == 0 ? ["ambient"] : ["jazz"],
                                             explicit: n == 1, popularity: 30 + 10 * n))
            }
        }
        return try catalog(tracks)
    }

    @Test func explicitTracksAreNeverChosenForAListenerWhoBlocksThem() throws {
        let catalog = try mixedCatalog()
        let listener = Listener(id: "l", name: "L", explicit: .block)
        let lineup = Sequencer(catalog: catalog).lineup(for: listener, options: LineupOptions(count: 12, artistSeparation: 2))
        #expect(lineup.picks.count == 12)
        #expect(lineup.picks.allSatisfy { !$0.track.explicit })
        let allowing = Listener(id: "m", name: "M", explicit: .allow)
        let all = Sequencer(catalog: catalog).lineup(for: allowing, options: LineupOptions(count: 16, artistSeparation: 1))
        #expect(all.picks.contains { $0.track.explicit })
    }

    @Test func noArtistTwiceWithinThreeSlotsAndNoRepeats() throws {
        let catalog = try mixedCatalog()
        let listener = Listener(id: "l", name: "L", explicit: .allow,
                                history: [.init(trackID: "00", plays: 40, liked: true)])
        let lineup = Sequencer(catalog: catalog).lineup(for: listener, options: LineupOptions(count: 12, artistSeparation: 3))
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
        ])
        let listener = Listener(id: "l", name: "L", explicit: .allow, blockedArtists: ["kid atlas"])
        let lineup = Sequencer(catalog: catalog).lineup(for: listener, options: LineupOptions(count: 5))
        #expect(lineup.picks.map(\.track.id).sorted() == ["d", "e"])
        #expect(lineup.warnings.contains { $0.contains("only 2 tracks") })
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
        let listener = Listener(id: "l", name: "L", explicit: .allow,
                                history: [.init(trackID: "20", plays: 1, skips: 5), .init(trackID: "00", plays: 9)])
        let lineup = Sequencer(catalog: catalog).lineup(for: listener, options: LineupOptions(count: 16, artistSeparation: 1))
        #expect(!lineup.picks.contains { $0.track.id == "20" })
        #expect(lineup.picks.count == 15)
    }

    @Test func historyDrivesRelevanceAndReasonsSayWhy() throws {
        let catalog = try mixedCatalog()
        let listener = Listener(id: "l", name: "L", explicit: .allow,
                                history: [.init(trackID: "10", plays: 14, liked: true), .init(trackID: "30", plays: 3)])
        let lineup = Sequencer(catalog: catalog).lineup(for: listener, options: LineupOptions(count: 3, artistSeparation: 3))
        let first = try #require(lineup.picks.first)
        #expect(first.track.artist == "Bo Lee")
        #expect(first.reasons.contains("you played Bo Lee 14 times"))
        #expect(lineup.picks[1].track.artist == "Dee Vine")
        #expect(lineup.picks.contains { $0.reasons.contains { $0.hasPrefix("new artist for you") } })
    }

    @Test func coldStartSaysSo() throws {
        let catalog = try mixedCatalog()
        let lineup = Sequencer(catalog: catalog).lineup(for: Listener(id: "new", name: "N", explicit: .block),
                                                        options: LineupOptions(count: 3))
        #expect(lineup.picks.count == 3)
        #expect(lineup.picks.allSatisfy { $0.reasons.first == "no history yet: a popular pick to learn your taste" })
    }

    @Test func sameSeedSameLineupOtherSeedMayDiffer() throws {
        let catalog = try mixedCatalog()
        let listener = Listener(id: "l", name: "L", explicit: .allow)
        let a = Sequencer(catalog: catalog).lineup(for: listener, options: LineupOptions(count: 8, seed: 7))
        let b = Sequencer(catalog: catalog).lineup(for: listener, options: LineupOptions(count: 8, seed: 7))
        #expect(a == b)
        let others = (1...20).map { Sequencer(catalog: catalog).lineup(for: listener, options: LineupOptions(count: 8, seed: $0)) }
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
