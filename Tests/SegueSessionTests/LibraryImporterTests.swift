import Foundation
import SegueAudio
import SegueCore
import SegueFiles
import SegueLibrary
import SegueSession
import SegueStore
import SegueTestSupport
import Testing

/// `segue library import` end to end: a small library of synthesised, tagged files in a temporary folder.
@Suite struct LibraryImporterTests {
    static let aMinor = SyntheticMusic.Key(tonic: 9, isMinor: true)
    static let cMajor = SyntheticMusic.Key(tonic: 0, isMinor: false)

    /// Three tagged tracks (FLAC, Ogg, MP3 of the FLAC's recording), a corrupt file and a pipe.
    func library() throws -> URL {
        let folder = try Fixtures.temporaryFolder().appendingPathComponent("music")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("Nova Reyes"), withIntermediateDirectories: true)
        let dance = SyntheticMusic.dance(bpm: 124, key: Self.aMinor, seconds: 12)
        try dance.write(
            to: folder.appendingPathComponent("Nova Reyes/01 Neon Harbor.flac"), encoding: .flac,
            tags: FileTags(
                title: "Neon Harbor", artist: "Nova Reyes feat. Kid Atlas", album: "Coastlines",
                albumArtist: "Nova Reyes", year: 2021, genre: "House", trackNumber: 1))
        try dance.write(
            to: folder.appendingPathComponent("Nova Reyes/01 Neon Harbor.mp3"), encoding: .mp3,
            tags: FileTags(title: "Neon Harbor", artist: "Nova Reyes feat. Kid Atlas", album: "Coastlines"))
        var calm = SyntheticMusic.ambient(key: Self.cMajor, seconds: 12)
        calm.seed = 9
        try calm.write(
            to: folder.appendingPathComponent("Drift.ogg"), encoding: .oggVorbis,
            tags: FileTags(title: "Drift", artist: "Lumen", year: 99_999_999, genre: "Ambient"))
        try Data("OggS this is not really audio".utf8).write(to: folder.appendingPathComponent("broken.ogg"))
        #expect(mkfifo(folder.appendingPathComponent("stuck.flac").path, 0o600) == 0)
        return folder
    }

    @Test func importsEveryFieldSkipsBadFilesAndTouchesNothingTheSecondTime() throws {
        let music = try library()
        let store = try LibraryStore(
            url: music.deletingLastPathComponent().appendingPathComponent("segue.db"), create: true)
        let importer = LibraryImporter(store: store, threads: 2)
        let first = try importer.importFolders([music])
        #expect(first.outcome.added.count == 3)
        #expect(first.skipped.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["broken.ogg", "stuck.flac"])
        #expect(first.skipped.allSatisfy { !$0.reason.isEmpty })
        #expect(first.duplicates.count == 1)
        #expect(first.duplicates.first?.first.hasSuffix("Neon Harbor.flac") == true)

        let catalog = try store.catalog()
        let harbor = try #require(catalog.tracks.first { $0.audio?.hasSuffix(".flac") == true })
        #expect(harbor.title == "Neon Harbor" && harbor.artist == "Nova Reyes feat. Kid Atlas")
        #expect(harbor.album == "Coastlines" && harbor.year == 2021 && harbor.genres == ["House"])
        #expect(abs(harbor.duration - 12) < 0.2)
        #expect(abs((harbor.bpm ?? 0) - 124) < 124 * 0.02)
        #expect(harbor.key == "8A")  // A minor
        #expect((harbor.energy ?? 0) > 0.4)
        #expect((harbor.loudness ?? 0) < -5 && (harbor.loudness ?? 0) > -30 && harbor.introLength != nil)
        let drift = try #require(catalog.tracks.first { $0.title == "Drift" })
        #expect(drift.year == nil)  // a nonsense tag year is dropped, not the catalog
        #expect((drift.energy ?? 1) < (harbor.energy ?? 0))
        // The export is the catalog format with the measured fields, and reads back as a catalog.
        let exported = music.deletingLastPathComponent().appendingPathComponent("export.json")
        let export = try CommandLine.segue([
            "library", "export", "--json", "--db", store.url.path, "--out", exported.path,
        ])
        #expect(export.status == 0, "\(export.stderr)")
        let text = try String(contentsOf: exported, encoding: .utf8)
        #expect(text.contains("\"loudness_lufs\"") && text.contains("\"intro_s\"") && text.contains("\"key\" : \"8A\""))
        #expect(try Catalog.load(from: exported).tracks.map(\.id).sorted() == catalog.tracks.map(\.id).sorted())
        let stats = try store.stats()
        #expect(stats.tracks == 3 && stats.artists == 3 && stats.albums == 1 && stats.analysed == 3)

        // Nothing changed: nothing is read again.
        let second = try importer.importFolders([music])
        #expect(second.unchanged == 3 && second.outcome.added.isEmpty && second.outcome.updated.isEmpty)
        #expect(try store.catalog().tracks.map(\.id) == catalog.tracks.map(\.id))

        // The FLAC moves, the Ogg is deleted: the FLAC keeps its track, the Ogg is missing.
        let moved = music.appendingPathComponent("Moved.flac")
        try FileManager.default.moveItem(at: URL(fileURLWithPath: try #require(harbor.audio)), to: moved)
        try FileManager.default.removeItem(at: music.appendingPathComponent("Drift.ogg"))
        let third = try importer.importFolders([music])
        #expect(third.outcome.moved.map(\.to) == [moved.path])
        #expect(third.outcome.missing.map { URL(fileURLWithPath: $0).lastPathComponent } == ["Drift.ogg"])
        let after = try store.catalog()
        #expect(after.tracks.first { $0.id == harbor.id }?.audio == moved.path)
        #expect(!after.tracks.contains { $0.title == "Drift" })
    }

    @Test func aSessionRendersFromTheImportedLibraryAndHistory() throws {
        let music = try library()
        let db = music.deletingLastPathComponent().appendingPathComponent("segue.db").path
        let imported = try CommandLine.segue(["library", "import", music.path, "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("imported 3") && imported.stdout.contains("skipped 2"))
        let history = music.deletingLastPathComponent().appendingPathComponent("plays.csv")
        try Data(
            "timestamp,artist,title\n2026-11-01T10:00:00Z,Lumen,Drift\n2026-11-02T10:00:00Z,Nova Reyes,Neon Harbor\n"
                .utf8
        )
        .write(to: history)
        let listener = try CommandLine.segue(["listener", "import", "--id", "me", "--csv", history.path, "--db", db])
        #expect(listener.status == 0, "\(listener.stderr)")
        let out = music.deletingLastPathComponent().appendingPathComponent("session")
        let session = try CommandLine.segue([
            "session", "--db", db, "--listener", "me", "--count", "2", "--separation", "1", "--out", out.path,
        ])
        #expect(session.status == 0, "\(session.stderr)")
        let audio = try AudioFileReader(url: out.appendingPathComponent("session.wav")).readAll()
        #expect(Double(audio.frameCount) / Double(audio.sampleRate) > 15)
        #expect(SignalMeasure.rmsDBFS(audio, from: 1, to: 10) > -40)
    }

    /// A database kept away from the music (as `~/.local/share/segue` is from `~/Music`): `lineup` finds the audio
    /// in the folders the library imported, as `session` does, and skips none of it.
    @Test func aLineupFromADatabaseElsewhereCountsTheImportedAudio() throws {
        let music = try library()
        let db = try Fixtures.temporaryFolder("db-elsewhere").appendingPathComponent("segue.db").path
        #expect(try CommandLine.segue(["library", "import", music.path, "--db", db]).status == 0)
        let added = try CommandLine.segue(["listener", "add", "samples/listeners/ana.json", "--db", db])
        #expect(added.status == 0, "\(added.stderr)")
        let run = try CommandLine.segue([
            "lineup", "--db", db, "--listener", "ana", "--count", "2", "--separation", "1", "--json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let lineup = try JSONDecoder().decode(Lineup.self, from: Data(run.stdout.utf8))
        #expect(lineup.picks.count == 2)
        #expect(lineup.skipped.isEmpty, "\(lineup.skipped)")
    }
}
