import Testing

@testable import SegueCore

/// How matched plays become history entries: the 30-second rule, skips, likes, last plays, duplicates.
@Suite struct HistoryCountingTests {
    static let catalog = [
        Track(id: "t01", title: "Night Drive", artist: "Nova Reyes", album: "Neon Coast", duration: 215),
        Track(
            id: "t02", title: "Golden Hour", artist: "Nova Reyes feat. Kid Atlas", album: "Neon Coast", duration: 190),
    ]

    static func play(
        _ time: Int64, _ title: String = "Night Drive", ms: Int? = 200_000, skipped: Bool? = false,
        reasonEnd: String? = "trackdone", source: PlayEvent.Source = .spotify
    ) -> PlayEvent {
        PlayEvent(
            source: source, time: time, artist: "Nova Reyes", title: title, msPlayed: ms, skipped: skipped,
            reasonEnd: reasonEnd)
    }

    static func build(
        _ events: [PlayEvent], likes: [LikedTrack] = [], alreadyImported: Set<String> = []
    ) -> ImportedHistory {
        var builder = ListeningHistoryBuilder(
            matcher: TrackMatcher(tracks: catalog), alreadyImported: alreadyImported)
        builder.add(PlayEventBatch(path: "h.json", events: events))
        if !likes.isEmpty { builder.add(LikedTrackList(path: "likes.txt", tracks: likes)) }
        return builder.build()
    }

    /// (ms played, skipped, reason end) → (counts as a play, counts as a skip).
    static let rules: [(ms: Int?, skipped: Bool?, reason: String?, play: Bool, skip: Bool)] = [
        (30_000, false, "trackdone", true, false),
        (29_999, false, "trackdone", false, false),
        (29_999, nil, "fwdbtn", false, true),
        (0, nil, "fwdbtn", false, true),
        (29_999, nil, "backbtn", false, false),
        (45_000, true, "fwdbtn", true, true),
        (45_000, nil, "fwdbtn", true, false),
        (10_000, true, "endplay", false, true),
        (nil, nil, nil, true, false),
        (nil, true, nil, true, true),
    ]

    @Test(arguments: rules)
    func countsPlaysAndSkipsByTheRules(_ rule: (ms: Int?, skipped: Bool?, reason: String?, play: Bool, skip: Bool)) {
        let result = Self.build([Self.play(1_000, ms: rule.ms, skipped: rule.skipped, reasonEnd: rule.reason)])
        #expect(result.summary.plays == (rule.play ? 1 : 0))
        #expect(result.summary.skips == (rule.skip ? 1 : 0))
        #expect(result.summary.shortPlays == (rule.play || rule.skip ? 0 : 1))
        #expect(result.plays.first?.countsAsPlay == rule.play)
        #expect(result.plays.first?.countsAsSkip == rule.skip)
        #expect(result.entries.count == (rule.play || rule.skip ? 1 : 0))
    }

    @Test func lastPlayedIsTheNewestCountedPlay() throws {
        let result = Self.build([
            Self.play(1_672_927_392),
            Self.play(1_672_927_999, ms: 5_000, skipped: true, reasonEnd: "fwdbtn"),  // newer, but a skip
            Self.play(1_600_000_000),
        ])
        let entry = try #require(result.entries.first)
        #expect(entry == Listener.HistoryEntry(trackID: "t01", plays: 2, skips: 1, lastPlayed: "2023-01-05T14:03:12Z"))
    }

    @Test func reimportingTheSameEventsAddsNothing() {
        let events = [Self.play(1_000), Self.play(2_000, "Golden Hour (feat. Kid Atlas)"), Self.play(3_000)]
        let first = Self.build(events)
        #expect(first.summary.plays == 3)
        #expect(first.summary.duplicates == 0)

        // The same events twice in one import count once.
        let twice = Self.build(events + events)
        #expect(twice.entries == first.entries)
        #expect(twice.summary.duplicates == 3)
        #expect(twice.plays.count == 3)

        // A later import of the same file, given the keys the store kept, adds nothing.
        let again = Self.build(events, alreadyImported: Set(first.plays.map(\.eventKey)))
        #expect(again.entries.isEmpty)
        #expect(again.plays.isEmpty)
        #expect(again.summary.duplicates == 3)
        #expect(again.summary.plays == 0)
        #expect(again.merged(into: first.entries) == first.entries)
    }

    @Test func eventKeysTellPlaysApart() {
        let play = Self.play(1_000)
        var other = play
        #expect(play.eventKey == other.eventKey)
        other.time = 1_001
        #expect(play.eventKey != other.eventKey)
        other = play
        other.source = .listenbrainz
        #expect(play.eventKey != other.eventKey)
        // An artist and title cannot run together into another pair's key.
        let a = PlayEvent(source: .csv, time: 1, artist: "A|B", title: "C")
        let b = PlayEvent(source: .csv, time: 1, artist: "A", title: "B|C")
        #expect(a.eventKey != b.eventKey)
        // What is not the play's identity does not change its key.
        other = play
        other.msPlayed = 1
        other.album = "Neon Coast"
        #expect(play.eventKey == other.eventKey)
    }

    @Test func unmatchedPlaysAreCountedAndListedMostPlayedFirst() {
        let ghost = PlayEvent(source: .csv, time: 1, artist: "Ghost Signals", title: "Static Bloom")
        var ghostAgain = ghost
        ghostAgain.time = 2
        ghostAgain.title = "Static Bloom (feat. Nobody)"
        let velvet = PlayEvent(source: .csv, time: 3, artist: "Velvet Static", title: "Afterglow")
        let result = Self.build([velvet, ghost, ghostAgain, Self.play(4)])
        #expect(result.summary.matched == 1)
        #expect(result.summary.unmatched == 3)
        #expect(result.summary.unmatchedTracks == 2)
        #expect(
            result.summary.topUnmatched == [
                UnmatchedTrack(artist: "Ghost Signals", title: "Static Bloom", count: 2),
                UnmatchedTrack(artist: "Velvet Static", title: "Afterglow", count: 1),
            ])
        #expect(result.plays.filter { $0.trackID == nil }.count == 3)
        #expect(result.summary.description.contains("Ghost Signals – Static Bloom (2 plays)"))
    }

    @Test func likesMarkTracksEvenWithoutPlays() {
        let result = Self.build(
            [Self.play(1_000)],
            likes: [
                LikedTrack(artist: "Nova Reyes", title: "Golden Hour"),
                LikedTrack(artist: "Nova Reyes", title: "Night Drive"),
                LikedTrack(artist: "Nobody", title: "Nothing"),
            ])
        #expect(
            result.entries == [
                Listener.HistoryEntry(trackID: "t01", plays: 1, liked: true, lastPlayed: "1970-01-01T00:16:40Z"),
                Listener.HistoryEntry(trackID: "t02", plays: 0, liked: true),
            ])
        #expect(result.summary.likesRead == 3)
        #expect(result.summary.likesMatched == 2)
        #expect(result.summary.unmatchedLikes == [LikedTrack(artist: "Nobody", title: "Nothing")])
    }

    @Test func mergingAddsToAnExistingHistory() {
        let result = Self.build([Self.play(1_672_927_392)])
        let existing = [
            Listener.HistoryEntry(trackID: "t01", plays: 4, skips: 1, lastPlayed: "2022-12-01T00:00:00Z"),
            Listener.HistoryEntry(trackID: "t09", plays: 2),
        ]
        #expect(
            result.merged(into: existing) == [
                Listener.HistoryEntry(trackID: "t01", plays: 5, skips: 1, lastPlayed: "2023-01-05T14:03:12Z"),
                Listener.HistoryEntry(trackID: "t09", plays: 2),
            ])
    }

    @Test func countsWhatTheBatchesSkipped() {
        var builder = ListeningHistoryBuilder(matcher: TrackMatcher(tracks: Self.catalog))
        let rejection = HistoryRejection(path: "h.json", line: 3, column: 1, entry: 1, field: "ts", reason: "missing")
        builder.add(
            PlayEventBatch(
                path: "h.json", events: [Self.play(1)], nonMusic: 4, rejectedCount: 30, rejections: [rejection]))
        let summary = builder.build().summary
        #expect(summary.files == 1)
        #expect(summary.eventsRead == 1)
        #expect(summary.nonMusic == 4)
        #expect(summary.rejected == 30)
        #expect(summary.rejections == [rejection])
        #expect(rejection.description == "h.json: line 3, column 1: [1].ts: missing")
    }
}
