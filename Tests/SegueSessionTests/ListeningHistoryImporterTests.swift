import Foundation
import SegueCore
import SegueSession
import SegueStore
import SegueTestSupport
import Testing

/// `segue listener import` end to end: a Spotify export into the database, counted, kept once, re-matched later.
@Suite struct ListeningHistoryImporterTests {
    static let spotify = Fixtures.root.appendingPathComponent(
        "Tests/SegueFilesTests/Fixtures/history/Streaming_History_Audio_2023.json")

    static func tracks(_ titles: [(String, String, String)]) -> [Track] {
        titles.map { Track(id: $0.0, title: $0.1, artist: $0.2, duration: 200) }
    }

    static let catalog = tracks([
        ("t01", "Night Drive", "Nova Reyes"), ("t02", "Golden Hour", "Nova Reyes feat. Kid Atlas"),
        ("t03", "Paper Planes", "The Lanterns"), ("t05", "Hoppípolla", "Sigur Rós"),
    ])

    @Test func aSpotifyExportImportsOnceAndUnmatchedPlaysMatchWhenTheLibraryGrows() throws {
        let folder = try Fixtures.temporaryFolder()
        let store = try LibraryStore(url: folder.appendingPathComponent("segue.db"), create: true)
        try store.replaceCatalog(try Catalog(tracks: Self.catalog, baseURL: folder))
        let importer = ListeningHistoryImporter(store: store)
        let first = try importer.importHistory(.init(spotify: [Self.spotify]), listener: "ana", name: "Ana")
        #expect(first.eventsRead == 25 && first.nonMusic == 5)
        let history = try store.listener(id: "ana").history
        #expect(
            history.first { $0.trackID == "t01" }
                == .init(trackID: "t01", plays: 3, skips: 3, lastPlayed: "2023-03-03T21:01:55Z"))
        #expect(history.first { $0.trackID == "t05" }?.plays == 2)
        let kept = try store.plays(of: "ana")
        #expect(kept.count == 24)  // every music event once (one of the 25 repeats another), matched or not
        #expect(kept.contains { $0.title == "Static Bloom" && $0.trackID == nil })

        // The same file again adds nothing.
        let again = try importer.importHistory(.init(spotify: [Self.spotify]), listener: "ana")
        #expect(again.plays == 0 && again.skips == 0)
        #expect(try store.plays(of: "ana").count == 24)
        #expect(try store.listener(id: "ana").history == history)

        // A track added to the library later picks up the plays kept for it, counted once.
        try store.replaceCatalog(
            try Catalog(tracks: Self.catalog + Self.tracks([("t11", "Static Bloom", "Ghost Signals")]), baseURL: folder)
        )
        let grown = try importer.importHistory(.init(spotify: [Self.spotify]), listener: "ana")
        #expect(grown.matched == 3)
        let bloom = try #require(try store.listener(id: "ana").history.first { $0.trackID == "t11" })
        #expect(bloom.plays + bloom.skips > 0)
        _ = try importer.importHistory(.init(spotify: [Self.spotify]), listener: "ana")
        #expect(try store.listener(id: "ana").history.first { $0.trackID == "t11" } == bloom)
    }

    @Test func theCommandLineSaysWhatItCountedAndNamesABadFile() throws {
        let folder = try Fixtures.temporaryFolder()
        let db = folder.appendingPathComponent("segue.db").path
        #expect(try CommandLine.segue(["catalog", "import", "samples/catalog.json", "--out", db]).status == 0)
        let run = try CommandLine.segue([
            "listener", "import", "--id", "me", "--spotify", Self.spotify.path, "--db", db,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("listener me"))
        let broken = folder.appendingPathComponent("broken.json")
        try Data("[{\"ts\": \"2023-01-01T00:00:00Z\", ".utf8).write(to: broken)
        let bad = try CommandLine.segue(["listener", "import", "--id", "me", "--spotify", broken.path, "--db", db])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains(broken.path))
    }
}
