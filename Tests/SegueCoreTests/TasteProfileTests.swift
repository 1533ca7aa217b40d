import Foundation
import SegueTestSupport
import Testing

@testable import SegueCore

@Suite struct TasteProfileTests {
    @Test func repeatedEntriesForOneTrackAddUp() throws {
        let catalog = try Catalog(
            tracks: [Fixtures.track("a", artist: "Ann"), Fixtures.track("b", artist: "Bo")],
            baseURL: URL(fileURLWithPath: "/tmp"))
        // An export that lists every play: one skip per entry, never "skipped repeatedly" entry by entry.
        let skippedOften = (0..<4).map { _ in Listener.HistoryEntry(trackID: "a", plays: 0, skips: 1) }
        let playedOften = (0..<5).map { _ in Listener.HistoryEntry(trackID: "b", plays: 2) }
        let listener = Listener(id: "l", name: "L", explicit: .allow, history: skippedOften + playedOften)
        let taste = TasteProfile(listener: listener, catalog: catalog)
        #expect(taste.rejectedTrackIDs == ["a"])
        #expect(taste.artistPlays[ArtistCredit.key("Bo")] == 10)
    }

    @Test func aPlayDatedInTheFutureCountsAsOfTheReferenceTimeAndIsReported() throws {
        let tracks =
            (0..<6).map { Fixtures.track("j\($0)", artist: "Jazz \($0)", genres: ["jazz"]) }
            + [Fixtures.track("m", artist: "Metal", genres: ["metal"])]
        let catalog = try Catalog(tracks: tracks, baseURL: URL(fileURLWithPath: "/tmp"))
        // Six jazz tracks played well last month, one metal track once, dated by a broken clock in 2099.
        let history =
            (0..<6).map { Listener.HistoryEntry(trackID: "j\($0)", plays: 8, lastPlayed: "2026-11-0\($0 + 1)") }
            + [Listener.HistoryEntry(trackID: "m", plays: 1, lastPlayed: "2099-01-01T00:00:00Z")]
        let listener = Listener(id: "l", name: "L", explicit: .allow, history: history)
        // Measured from the newest date, 2099 makes the month of jazz 72 years old: metal is all that is left.
        let unclamped = TasteProfile(listener: listener, catalog: catalog)
        #expect((unclamped.genreMix["metal"] ?? 0) > 0.99)
        let options = LineupOptions(count: 3, asOf: "2026-12-03")
        let clamped = TasteProfile(listener: listener, catalog: catalog, asOf: options.referenceDate)
        #expect((clamped.genreMix["jazz"] ?? 0) > 0.9)
        #expect(clamped.futureDated.map(\.trackID) == ["m"] && clamped.futureDated[0].date == "2099-01-01T00:00:00Z")
        // The clock is the reference when no --as-of is given; either way the plan's warnings say so.
        let sequencer = Sequencer(catalog: catalog)
        for lineup in [
            sequencer.lineup(for: listener, options: options),
            sequencer.lineup(for: listener, options: LineupOptions(count: 3), now: Date()),
        ] {
            #expect(
                lineup.warnings.contains {
                    $0.contains("dated after the session's reference time") && $0.contains("m at 2099")
                })
            #expect(lineup.picks.filter { $0.track.genres == ["jazz"] }.count >= 2)
        }
        #expect(LineupOptions(asOf: "next tuesday").referenceDate == nil)
    }

    @Test func aNegativeCountIsAnErrorNamingItsField() throws {
        let json =
            #"{"id": "l", "name": "L", "explicit": "allow", "history": [{"track_id": "a", "plays": -3, "skips": 0}]}"#
        let url = try Fixtures.temporaryFolder().appendingPathComponent("l.json")
        try Data(json.utf8).write(to: url)
        let error = #expect(throws: CatalogError.self) { try Listener.load(from: url) }
        #expect(error?.description.contains("history[0].plays") == true)
        #expect(error?.description.contains("-3 is not a count") == true)
    }

    @Test func whenNothingCanPlayTheLineupSaysWhichRulesTookTheTracks() throws {
        let tracks = [
            Fixtures.track("a", artist: "Ann", explicit: true), Fixtures.track("b", artist: "Ann", explicit: true),
            Fixtures.track("c", artist: "Bo"), Fixtures.track("d", artist: "Cy"),
        ]
        let catalog = try Catalog(tracks: tracks, baseURL: URL(fileURLWithPath: "/tmp"))
        let history = (0..<5).map { _ in Listener.HistoryEntry(trackID: "d", plays: 0, skips: 1) }
        let listener = Listener(id: "l", name: "L", explicit: .block, history: history, blockedArtists: ["Bo"])
        let lineup = Sequencer(catalog: catalog).lineup(for: listener, options: LineupOptions(count: 2))
        #expect(lineup.picks.isEmpty)
        #expect(
            lineup.warnings.contains(
                "no track of 4 can play: 2 explicit, and the listener blocks explicit tracks; "
                    + "1 by an artist the listener blocks; 1 skipped repeatedly by the listener"))
    }

    /// A fuzzed listener: two entries of one track with the largest count a file may give once trapped on their sum.
    @Test func countsTooLargeToAddUpAreHeldAtTheLargest() throws {
        let catalog = try Catalog(
            tracks: [
                Fixtures.track("a", artist: "Ann"), Fixtures.track("b", artist: "Ann"),
                Fixtures.track("c", artist: "Bo"),
            ],
            baseURL: URL(fileURLWithPath: "/tmp"))
        let history = [
            Listener.HistoryEntry(trackID: "a", plays: .max, skips: .max),
            Listener.HistoryEntry(trackID: "a", plays: .max, skips: .max),
            Listener.HistoryEntry(trackID: "b", plays: .max),
        ]
        let listener = Listener(id: "l", name: "L", explicit: .allow, history: history)
        let taste = TasteProfile(listener: listener, catalog: catalog)
        #expect(taste.artistPlays[ArtistCredit.key("Ann")] == .max)
        #expect(TasteProfile.merged(history).map(\.plays) == [.max, .max])
        #expect(TasteProfile.count(.min, plus: -1) == .min)
        #expect(TasteProfile.count(2, plus: 3) == 5)
        let lineup = Sequencer(catalog: catalog).lineup(for: listener, options: LineupOptions(count: 2))
        #expect(!lineup.picks.isEmpty)
    }
}
