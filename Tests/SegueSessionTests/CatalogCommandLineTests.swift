import Foundation
import SegueAudio
import SegueCore
import SegueStore
import SegueTestSupport
import Testing

/// `segue catalog import` and `--catalog` with a SQLite catalog, run as a person would.
extension CommandLineTests {
    @Test func theImportedSQLiteCatalogGivesTheSameLineupAsItsJSON() throws {
        let folder = try Fixtures.temporaryFolder()
        let sqlite = folder.appendingPathComponent("catalog.sqlite").path
        let imported = try segue(["catalog", "import", "samples/catalog.json", "--out", sqlite])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("wrote \(sqlite): 26 tracks"))
        #expect(imported.stdout.contains("note: 19 tracks have audio paths relative to the catalog file"))
        // The audio beside the SQLite catalog too: a lineup counts only tracks whose audio a session could play.
        try FileManager.default.copyItem(
            at: Fixtures.samples.appendingPathComponent("audio"), to: folder.appendingPathComponent("audio"))

        for listener in ["ana", "cleo"] {
            let common = ["--listener", "samples/listeners/\(listener).json", "--count", "6", "--separation", "3"]
            for extra in [[], ["--json"]] {
                let fromJSON = try segue(["lineup", "--catalog", "samples/catalog.json"] + common + extra)
                let fromSQLite = try segue(["lineup", "--catalog", sqlite] + common + extra)
                #expect(fromJSON.status == 0 && fromSQLite.status == 0, "\(fromJSON.stderr)\(fromSQLite.stderr)")
                #expect(!fromJSON.stdout.isEmpty)
                #expect(fromSQLite.stdout == fromJSON.stdout, "\(listener) \(extra)")
            }
        }

        let json = folder.appendingPathComponent("exported.json")
        let exported = try segue(["catalog", "export", sqlite, "--out", json.path])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(try Catalog.load(from: json).tracks == (try Catalog.load(from: Fixtures.catalogURL)).tracks)
    }

    /// `lineup --minutes` counts what `session --minutes` would play: tracks without audio are skipped with the
    /// reason and the next candidates take their place.
    @Test func aLineupCountsOnlyTracksWithPlayableAudio() throws {
        let run = try segue([
            "lineup", "--listener", "samples/listeners/ana.json", "--minutes", "10", "--separation", "3", "--json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let lineup = try JSONDecoder().decode(Lineup.self, from: Data(run.stdout.utf8))
        let catalog = try Catalog.load(from: Fixtures.catalogURL)
        let silent = Set(catalog.tracks.filter { $0.audio == nil }.map(\.id))
        #expect(!silent.isEmpty)
        #expect(lineup.picks.allSatisfy { $0.track.audio != nil })
        #expect(Set(lineup.skipped.map(\.trackID)).isSubset(of: silent))
        #expect(lineup.skipped.allSatisfy { $0.reason == "no audio file in the catalog" })
        #expect(!lineup.skipped.isEmpty)
    }

    @Test func aBrokenSQLiteCatalogNamesTheFileAndExitsNonZero() throws {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("catalog.sqlite")
        try Data("SQLite format 3\0 and then nothing a database needs".utf8).write(to: url)
        let run = try segue(["lineup", "--catalog", url.path, "--listener", "samples/listeners/ana.json"])
        #expect(run.status != 0)
        #expect(run.stderr.hasPrefix("segue: \(url.path): "), "\(run.stderr)")
        #expect(!run.stderr.contains("Fatal error"))
    }
}

/// `--db`: the catalog and the listener come from a Segue database, and the session is kept in it.
@Suite struct DatabaseCommandLineTests {
    @Test func aSessionRendersFromTheDatabaseAndIsKeptThere() throws {
        let folder = try Fixtures.temporaryFolder()
        let db = folder.appendingPathComponent("segue.db").path
        // The sample catalog's audio paths are relative; a link to its audio folder keeps them resolving.
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent("audio"),
            withDestinationURL: Fixtures.samples.appendingPathComponent("audio"))
        #expect(try CommandLine.segue(["catalog", "import", "samples/catalog.json", "--out", db]).status == 0)
        let added = try CommandLine.segue(["listener", "add", "samples/listeners/ana.json", "--db", db])
        #expect(added.status == 0, "\(added.stderr)")
        let out = folder.appendingPathComponent("out")
        let run = try CommandLine.segue([
            "session", "--db", db, "--listener", "ana", "--count", "3", "--out", out.path, "--library-root",
            Fixtures.samples.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let audio = try AudioFileReader(url: out.appendingPathComponent("session.wav")).readAll()
        #expect(Double(audio.frameCount) / Double(audio.sampleRate) > 20)
        #expect(try LibraryStore(url: URL(fileURLWithPath: db)).sessionCount(for: "ana") == 1)
        // An unknown listener names the ones there are.
        let unknown = try CommandLine.segue(["lineup", "--db", db, "--listener", "zed", "--count", "3"])
        #expect(unknown.status != 0 && unknown.stderr.contains("no listener 'zed' here (listeners: ana)"))
    }
}
