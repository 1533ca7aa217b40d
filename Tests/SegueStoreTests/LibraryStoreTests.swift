import Foundation
import GRDB
import SegueCore
import SegueStore
import SegueTestSupport
import Testing

@Suite struct LibraryStoreTests {
    func store() throws -> LibraryStore {
        try LibraryStore(url: try Fixtures.temporaryFolder().appendingPathComponent("nested/segue.db"), create: true)
    }

    @Test func theDefaultPathFollowsXDGDataHomeElseHome() {
        #expect(
            LibraryStore.defaultURL(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/a"]).path
                == "/data/segue/segue.db")
        #expect(LibraryStore.defaultURL(environment: ["HOME": "/home/a"]).path == "/home/a/.local/share/segue/segue.db")
        // A relative XDG_DATA_HOME is invalid by the spec and ignored.
        #expect(
            LibraryStore.defaultURL(environment: ["XDG_DATA_HOME": "rel", "HOME": "/h"]).path
                == "/h/.local/share/segue/segue.db")
    }

    @Test func aListenerAndTheirHistoryComeBackAsSaved() throws {
        let store = try store()
        let listener = Listener(
            id: "ana", name: "Ana\u{0}Null", locale: "es-MX", explicit: .block,
            history: [
                .init(trackID: "t2", plays: 3, skips: 1, liked: true, lastPlayed: "2026-11-30"),
                .init(trackID: "t1", plays: 0, skips: 4),
            ], blockedArtists: ["Nope", "Ná"], nameInCommentary: true)
        try store.saveListener(listener)
        var expected = listener
        expected.history.sort { $0.trackID < $1.trackID }
        let read = try store.listener(id: "ana")
        #expect(read.history == expected.history && read.blockedArtists == expected.blockedArtists)
        #expect(read.locale == "es-MX" && read.explicit == .block && read.nameInCommentary)
        // Saving again replaces the history rather than adding to it.
        try store.saveListener(Listener(id: "ana", name: "Ana", history: [.init(trackID: "t9", plays: 1)]))
        #expect(try store.listener(id: "ana").history.map(\.trackID) == ["t9"])
        let error = #expect(throws: CatalogError.self) { try store.listener(id: "bo") }
        #expect(error?.description.contains("no listener 'bo' here (listeners: ana)") == true)
    }

    @Test func aCatalogAndItsStatsComeFromTheStoreAndTwoConnectionsSeeOneStore() throws {
        let store = try store()
        let tracks = [
            Fixtures.track("a", artist: "Ann feat. Bo", genres: ["jazz", "soul"], duration: 1800),
            Fixtures.track("b", artist: "Bo", genres: ["jazz"], duration: 1800),
        ]
        try store.replaceCatalog(try Catalog(tracks: tracks, baseURL: store.url.deletingLastPathComponent()))
        // Another connection (a server reading while an import writes) sees the committed catalog.
        let reader = try LibraryStore(url: store.url)
        #expect(try reader.catalog().tracks.map(\.id) == ["a", "b"])
        let stats = try reader.stats()
        #expect(stats.tracks == 2 && stats.artists == 2 && stats.hours == 1)
        #expect(stats.genres.map(\.name) == ["jazz", "soul"] && stats.genres.map(\.tracks) == [2, 1])
        // The file is also a catalog for --catalog.
        #expect(try CatalogLoader.load(from: store.url).tracks.count == 2)
    }

    @Test func theMigratorRecordsItsVersionAndAReopenChangesNothing() throws {
        let store = try store()
        let queue = try DatabaseQueue(path: store.url.path)
        let applied = try queue.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        try queue.close()
        #expect(applied == ["v1"])
        _ = try LibraryStore(url: store.url)
        #expect(try LibraryStore(url: store.url).stats() == LibraryStats())
    }
}

@Suite struct LibraryImportStoreTests {
    func file(_ path: String, _ title: String, fingerprint: [UInt32], size: Int64 = 100) -> ImportedFile {
        ImportedFile(
            path: path, size: size, mtime: 1, title: title, artist: "Ann feat. Bo", featuredArtists: ["Cy"],
            album: "First", albumArtist: "Ann", year: 2020, genres: ["jazz"], trackNumber: 2, duration: 200,
            loudness: -12, bpm: 120, key: "8A", energy: 0.6, introLength: 4, fingerprint: fingerprint)
    }

    @Test func addsUpdatesRecognisesMovesAndMarksMissing() throws {
        let folder = try Fixtures.temporaryFolder()
        let store = try LibraryStore(url: folder.appendingPathComponent("segue.db"), create: true)
        let root = folder.appendingPathComponent("music")
        let same: @Sendable ([UInt32], [UInt32]) -> Bool = { $0 == $1 }
        let a = file(root.path + "/a.flac", "Alpha", fingerprint: [1, 2, 3])
        let b = file(root.path + "/b.flac", "Beta", fingerprint: [4, 5, 6])
        let first = try store.applyImport([a, b], seen: [a.path, b.path], roots: [root], sameRecording: same)
        #expect(first.added == [a.path, b.path])
        let catalog = try store.catalog()
        let alpha = try #require(catalog.tracks.first)
        #expect(alpha.title == "Alpha" && alpha.album == "First" && alpha.key == "8A" && alpha.audio == a.path)
        #expect(try store.libraryRoots() == [root.standardizedFileURL])
        // a moves into a subfolder, b is deleted: a keeps its track id, b is missing and leaves the catalog.
        let moved = file(root.path + "/sub/a.flac", "Alpha", fingerprint: [1, 2, 3])
        let second = try store.applyImport([moved], seen: [moved.path], roots: [root], sameRecording: same)
        #expect(second.moved.map(\.from) == [a.path] && second.moved.map(\.to) == [moved.path])
        #expect(second.missing == [b.path] && second.added.isEmpty)
        #expect(try store.catalog().tracks.map(\.id) == [alpha.id])
        #expect(try store.catalog().tracks.first?.audio == moved.path)
        // Edited tags on the same path update the same track.
        var retagged = moved
        retagged.title = "Alpha (Remaster)"
        retagged.size = 120
        let third = try store.applyImport([retagged], seen: [moved.path], roots: [root], sameRecording: same)
        #expect(third.updated == [moved.path])
        #expect(try store.catalog().tracks.map(\.title) == ["Alpha (Remaster)"])
        let stats = try store.stats()
        #expect(stats.filesPresent == 1 && stats.filesMissing == 1 && stats.missingFiles == [b.path])
        #expect(stats.artists == 3 && stats.albums == 1 && stats.analysed == 2)
        let known = try store.knownFiles()
        #expect(known[moved.path]?.size == 120 && known[moved.path]?.isAnalysed == true)
    }
}
