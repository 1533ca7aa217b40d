import Foundation
import SegueCore
import SegueTestSupport
import Testing

/// Realistic history files, read and counted against a small catalog, with every count checked.
@Suite struct HistoryImportTests {
    static let folder = Fixtures.root.appendingPathComponent("Tests/SegueFilesTests/Fixtures/history")

    static let catalog = [
        Track(id: "t01", title: "Night Drive", artist: "Nova Reyes", album: "Neon Coast", duration: 215),
        Track(
            id: "t02", title: "Golden Hour", artist: "Nova Reyes feat. Kid Atlas", album: "Neon Coast", duration: 190),
        Track(id: "t03", title: "Paper Planes", artist: "The Lanterns", album: "Harbor Lights", duration: 240),
        Track(
            id: "t04", title: "Paper Planes (Live)", artist: "The Lanterns", album: "Live at the Roundhouse",
            duration: 250),
        Track(id: "t05", title: "Hoppípolla", artist: "Sigur Rós", album: "Takk...", duration: 268),
        Track(id: "t06", title: "Don't Stop Now", artist: "Mira & The Tides", album: "Tidal", duration: 200),
        Track(id: "t07", title: "Blue Monday", artist: "Echo Park", album: "Singles", duration: 200),
        Track(id: "t08", title: "Blue Monday", artist: "Echo Park", album: "Night Sessions", duration: 200),
        Track(id: "t09", title: "Summer Rain", artist: "Kid Atlas", album: "Summer Rain", duration: 180),
        Track(id: "t10", title: "Cafe Lights", artist: "Amélie Laurent", album: "Rue Lumière", duration: 200),
    ]

    static func read(_ name: String) throws -> (data: Data, path: String) {
        let url = folder.appendingPathComponent(name)
        return (try Data(contentsOf: url), name)
    }

    static func spotify() throws -> PlayEventBatch {
        let (data, path) = try read("Streaming_History_Audio_2023.json")
        return try SpotifyStreamingHistory.read(data, path: path)
    }

    @Test func readsTheSpotifyExtendedHistory() throws {
        let batch = try Self.spotify()
        #expect(batch.events.count == 25)
        #expect(batch.nonMusic == 5)  // three podcast episodes, an audiobook, a play naming no track
        #expect(batch.rejectedCount == 0)
        #expect(
            batch.events.first
                == PlayEvent(
                    source: .spotify, time: 1_677_657_490, artist: "Nova Reyes", title: "Night Drive",
                    album: "Neon Coast", msPlayed: 215_000, skipped: false, reasonEnd: "trackdone"))
        #expect(batch.events.first?.timestamp == "2023-03-01T07:58:10Z")
        #expect(batch.events[6].skipped == nil)  // "skipped": null
        #expect(batch.events.contains { $0.title == "Hoppípolla" && $0.artist == "Sigur Rós" })
    }

    @Test func importsTheSpotifyHistoryWithExactCounts() throws {
        var builder = ListeningHistoryBuilder(matcher: TrackMatcher(tracks: Self.catalog))
        builder.add(try Self.spotify())
        let result = builder.build()
        let summary = result.summary
        #expect(summary.eventsRead == 25)
        #expect(summary.nonMusic == 5)
        #expect(summary.duplicates == 1)
        #expect(summary.matched == 19)
        #expect(summary.unmatched == 5)
        #expect(summary.plays == 14)
        #expect(summary.skips == 5)
        #expect(summary.shortPlays == 2)
        #expect(summary.tracks == 10)
        #expect(
            result.entries == [
                .init(trackID: "t01", plays: 3, skips: 3, lastPlayed: "2023-03-03T21:01:55Z"),
                .init(trackID: "t02", plays: 2, skips: 1, lastPlayed: "2023-03-04T10:05:05Z"),
                .init(trackID: "t03", plays: 2, skips: 0, lastPlayed: "2023-03-05T22:14:00Z"),
                .init(trackID: "t04", plays: 1, skips: 0, lastPlayed: "2023-03-01T08:51:50Z"),
                .init(trackID: "t05", plays: 2, skips: 0, lastPlayed: "2023-03-06T05:00:00Z"),
                .init(trackID: "t06", plays: 0, skips: 1),
                .init(trackID: "t07", plays: 1, skips: 0, lastPlayed: "2023-03-02T19:13:25Z"),
                .init(trackID: "t08", plays: 1, skips: 0, lastPlayed: "2023-03-02T19:10:00Z"),
                .init(trackID: "t09", plays: 1, skips: 0, lastPlayed: "2023-03-02T19:16:30Z"),
                .init(trackID: "t10", plays: 1, skips: 0, lastPlayed: "2023-03-02T19:20:00Z"),
            ])
        #expect(
            summary.topUnmatched == [
                UnmatchedTrack(artist: "Ghost Signals", title: "Static Bloom", count: 3),
                UnmatchedTrack(artist: "Mira & The Tides", title: "Tidal Wave", count: 1),
                UnmatchedTrack(artist: "Velvet Static", title: "Afterglow", count: 1),
            ])
        // The entries read back as a listener's history.
        let listener = Listener(id: "ana", name: "Ana", history: result.entries)
        let decoded = try JSONDecoder().decode(Listener.self, from: JSONEncoder().encode(listener))
        #expect(decoded.history == result.entries)
    }

    @Test func importingTheSameFileAgainAddsNothing() throws {
        let matcher = TrackMatcher(tracks: Self.catalog)
        var first = ListeningHistoryBuilder(matcher: matcher)
        first.add(try Self.spotify())
        let imported = first.build()

        var second = ListeningHistoryBuilder(matcher: matcher, alreadyImported: Set(imported.plays.map(\.eventKey)))
        second.add(try Self.spotify())
        let again = second.build()
        #expect(again.entries.isEmpty)
        #expect(again.plays.isEmpty)
        #expect(again.summary.duplicates == 25)
        #expect(again.merged(into: imported.entries) == imported.entries)
    }

    @Test func readsTheListenBrainzExportAsAnArrayAndAsLines() throws {
        let (data, path) = try Self.read("listens.json")
        let array = try ListenBrainzHistory.read(data, path: path)
        #expect(array.events.count == 5)
        #expect(
            array.events[1]
                == PlayEvent(
                    source: .listenbrainz, time: 1_677_657_700, artist: "Nova Reyes ft. Kid Atlas",
                    title: "Golden Hour",
                    album: "Neon Coast"))
        #expect(array.events[3].album == nil)

        let (lines, linesPath) = try Self.read("listens.jsonl")
        let jsonl = try ListenBrainzHistory.read(lines, path: linesPath)
        #expect(jsonl.events == Array(array.events.prefix(3)))  // listened_at as a string reads the same
        #expect(jsonl.rejectedCount == 1)
        #expect(
            jsonl.rejections.first?.description
                == "listens.jsonl: line 4, column 1: [3].track_metadata.artist_name: missing or empty")

        var builder = ListeningHistoryBuilder(matcher: TrackMatcher(tracks: Self.catalog))
        builder.add(array)
        builder.add(jsonl)  // the same listens again
        let result = builder.build()
        #expect(result.summary.duplicates == 3)
        #expect(result.summary.matched == 4)
        #expect(result.summary.unmatched == 1)
        #expect(result.summary.plays == 4)  // a listen without a duration is a play
        #expect(result.summary.rejected == 1)
        #expect(result.entries.map(\.trackID) == ["t01", "t02", "t03", "t05"])
    }

    @Test func readsTheCSVHistory() throws {
        let (data, path) = try Self.read("plays.csv")
        let batch = try CSVHistory.read(data, path: path)
        #expect(
            batch.events.map(\.time) == [
                1_677_657_490, 1_677_657_700, 1_677_660_450, 1_677_660_710, 1_677_785_165, 1_677_785_400,
            ])
        #expect(batch.events[4].title == "Static \"Bloom\"")
        #expect(batch.events[4].album == nil)
        #expect(batch.events[5].title == "Afterglow, Part 2")
        #expect(batch.rejectedCount == 1)
        #expect(batch.rejections.first?.line == 7)
        #expect(batch.rejections.first?.field == "timestamp")

        var builder = ListeningHistoryBuilder(matcher: TrackMatcher(tracks: Self.catalog))
        builder.add(batch)
        let result = builder.build()
        #expect(result.entries.map(\.trackID) == ["t01", "t02", "t03", "t07"])
        #expect(result.summary.unmatched == 2)
    }

    @Test func readsTheLikesFile() throws {
        let (data, path) = try Self.read("likes.txt")
        let likes = try LikesFile.read(data, path: path)
        #expect(
            likes.tracks == [
                LikedTrack(artist: "Nova Reyes", title: "Night Drive"),
                LikedTrack(artist: "Ghost Signals", title: "Static Bloom"),
                LikedTrack(artist: "Echo Park", title: "Blue Monday", album: "Singles"),
                LikedTrack(artist: "The Lanterns", title: "Paper Planes - 2011 Remaster"),
                LikedTrack(artist: "Amélie Laurent", title: "Café Lights"),
            ])
        #expect(likes.rejectedCount == 1)
        #expect(likes.rejections.first?.description == "likes.txt: line 7: expected 'Artist - Title'")

        var builder = ListeningHistoryBuilder(matcher: TrackMatcher(tracks: Self.catalog))
        builder.add(likes)
        let result = builder.build()
        #expect(result.entries.filter { $0.liked == true }.map(\.trackID) == ["t01", "t03", "t07", "t10"])
        #expect(result.summary.unmatchedLikes == [LikedTrack(artist: "Ghost Signals", title: "Static Bloom")])
    }
}
