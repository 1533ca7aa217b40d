import Foundation
import GRDB
import SegueCore
import SegueEvaluation
import SegueStore
import SegueTestSupport
import Testing

@Suite struct CatalogStoreTests {
    /// Tracks that exercise every field: all set, all missing, unknown (NaN) and infinite numbers, the edges of the
    /// ranges a catalog allows, embeddings with odd floats, and strings a hostile catalog might hold.
    static func awkwardTracks() -> [Track] {
        var full = Track(
            id: "full", title: "Misirlou", artist: "Dick Dale & His Del-Tones", album: "Surfers' Choice", year: 1962,
            genres: ["surf", "rock", "instrumental", "surf", "1960s"], bpm: 168.5, key: "8A", energy: 0.93,
            popularity: 71, explicit: true,
            duration: 134.25, audio: "audio/misirlou.ogg", language: "zxx",
            embedding: (0..<64).map { Float($0) / 64 - 0.5 })
        full.artistAlias = "Dick Dale"
        full.titleAlias = "Miserlou"
        full.loudness = -9.25
        full.introLength = 3.5
        let bare = Track(id: "bare", title: "", artist: "", duration: 1)
        let unknown = Track(
            id: "unknown", title: "Unknown tempo", artist: "Nobody", genres: [], bpm: .nan, energy: .nan,
            duration: .leastNonzeroMagnitude, embedding: [])
        let extremes = Track(
            id: "extremes", title: "Extremes", artist: "Edge", year: Track.yearRange.upperBound,
            genres: ["", "é", "e\u{301}"],
            bpm: .infinity, energy: -.infinity, popularity: 0, duration: .greatestFiniteMagnitude,
            embedding: [
                .nan, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                Float(bitPattern: 0x7FC0_1234),
            ])
        var hostile = Track(
            id: "hostile\u{0}id", title: String(repeating: "Ω long title ", count: 800),
            artist: "\u{0}\u{1}\u{7}\u{1B}[31mred\u{1B}[0m\t\n\r\u{7F}\u{202E}gnos\u{202C}",
            album: #"<speak><break time="10s"/></speak> & <script>alert(1)</script> [[h@'loU]]"#, year: 2024,
            genres: ["'; DROP TABLE track; --", "🎧🔥👩🏽‍🎤 🇯🇵", "\u{0}"], bpm: 0, key: "12B", energy: 0, popularity: 100,
            duration: 3600, audio: "/absolute/path with spaces/ünïcödé.flac", language: "ja",
            embedding: (0..<64).map { Float(sin(Double($0))) })
        hostile.artistAlias = "\u{200B}zero\u{200D}width"
        hostile.titleAlias = "𝕱𝖗𝖆𝖐𝖙𝖚𝖗"
        return [full, bare, unknown, extremes, hostile]
    }

    /// Field by field, strings by their UTF-8 bytes, embeddings by their bits, NaN equal to NaN.
    static func expectSame(_ read: [Track], _ written: [Track], sourceLocation: SourceLocation = #_sourceLocation) {
        func same(_ a: String?, _ b: String?) -> Bool { a.map { Array($0.utf8) } == b.map { Array($0.utf8) } }
        func same(_ a: Double?, _ b: Double?) -> Bool {
            switch (a, b) {
            case (nil, nil): true
            case let (x?, y?): x == y || (x.isNaN && y.isNaN)
            default: false
            }
        }
        #expect(read.count == written.count, sourceLocation: sourceLocation)
        for (r, w) in zip(read, written) {
            let strings: [(String, String?, String?)] = [
                ("id", r.id, w.id), ("title", r.title, w.title), ("artist", r.artist, w.artist),
                ("album", r.album, w.album),
                ("key", r.key, w.key), ("audio", r.audio, w.audio), ("language", r.language, w.language),
                ("artistAlias", r.artistAlias, w.artistAlias), ("titleAlias", r.titleAlias, w.titleAlias),
            ]
            for (name, a, b) in strings {
                #expect(same(a, b), "\(w.id).\(name)", sourceLocation: sourceLocation)
            }
            #expect(
                r.genres.map { Array($0.utf8) } == w.genres.map { Array($0.utf8) }, "\(w.id).genres",
                sourceLocation: sourceLocation)
            #expect(
                same(r.bpm, w.bpm) && same(r.energy, w.energy) && same(r.duration, w.duration),
                "\(w.id) numbers", sourceLocation: sourceLocation)
            #expect(
                r.year == w.year && r.popularity == w.popularity && r.explicit == w.explicit, "\(w.id)",
                sourceLocation: sourceLocation)
            #expect(
                r.embedding?.map(\.bitPattern) == w.embedding?.map(\.bitPattern), "\(w.id).embedding",
                sourceLocation: sourceLocation)
        }
    }

    func folder(_ name: String = #function) throws -> URL { try Fixtures.temporaryFolder(name) }

    func contents(of folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func everyFieldRoundTrips() throws {
        let folder = try folder()
        let url = folder.appendingPathComponent("catalog.sqlite")
        let tracks = Self.awkwardTracks()
        let catalog = try Catalog(tracks: tracks, baseURL: folder)
        try CatalogStore.write(catalog, to: url)
        let read = try CatalogStore.read(from: url)
        Self.expectSame(read.tracks, tracks)
        #expect(read.baseURL.standardizedFileURL.path == folder.standardizedFileURL.path)
        #expect(read["hostile\u{0}id"]?.title.utf8.count == 11_200)
        #expect(read.tracks.map(\.id) == tracks.map(\.id))
    }

    @Test func theSampleCatalogComesBackEqual() throws {
        let json = try Catalog.load(from: Fixtures.catalogURL)
        let url = try folder().appendingPathComponent("catalog.db")
        try CatalogStore.write(json, to: url)
        let read = try CatalogLoader.load(from: url)
        #expect(read.tracks == json.tracks)
        Self.expectSame(read.tracks, json.tracks)
        #expect(
            read.audioURL(for: read.tracks[0])?.deletingLastPathComponent().deletingLastPathComponent()
                == url.deletingLastPathComponent())
    }

    @Test func writingLeavesNoTemporaryFile() throws {
        let folder = try folder()
        let url = folder.appendingPathComponent("catalog.sqlite")
        try CatalogStore.write(try Catalog(tracks: Self.awkwardTracks(), baseURL: folder), to: url)
        try CatalogStore.write(try Catalog(tracks: Array(Self.awkwardTracks().prefix(2)), baseURL: folder), to: url)
        #expect(try contents(of: folder) == ["catalog.sqlite"])
        #expect(try CatalogStore.read(from: url).tracks.count == 2)
    }

    @Test func aFailedWriteKeepsTheExistingFileAndNoTemporaryFile() throws {
        let folder = try folder()
        let url = folder.appendingPathComponent("catalog.sqlite")
        try CatalogStore.write(try Catalog(tracks: Self.awkwardTracks(), baseURL: folder), to: url)
        let before = try Data(contentsOf: url)
        // A duplicate id slipped in after validation: the insert fails half-way through.
        var broken = try Catalog(tracks: Self.awkwardTracks(), baseURL: folder)
        broken.tracks.append(broken.tracks[0])
        let error = try #require(throws: CatalogError.self) { try CatalogStore.write(broken, to: url) }
        #expect(error.code == .writeFailed)
        #expect(error.description.hasPrefix(url.path + ": "))
        #expect(error.message.contains("UNIQUE"))
        #expect(error.message.contains("unchanged"))
        #expect(try Data(contentsOf: url) == before)
        #expect(try contents(of: folder) == ["catalog.sqlite"])
    }

    @Test func writingIntoAMissingFolderIsAClearError() throws {
        let url = try folder().appendingPathComponent("no/such/folder/catalog.sqlite")
        let catalog = try Catalog(tracks: Self.awkwardTracks(), baseURL: url.deletingLastPathComponent())
        let error = try #require(throws: CatalogError.self) { try CatalogStore.write(catalog, to: url) }
        #expect(error.description.hasPrefix(url.path + ": cannot write the catalog"))
    }

    // MARK: - Files that are not catalogs

    /// Loads through the entry point commands use and returns the error, which must name the file.
    func loadError(_ url: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> CatalogError {
        let error = try #require(throws: CatalogError.self, sourceLocation: sourceLocation) {
            try CatalogLoader.load(from: url)
        }
        #expect(error.description.hasPrefix(url.path + ": "), sourceLocation: sourceLocation)
        return error
    }

    func writeSample(_ name: String = "catalog.sqlite", tracks: Int = 300, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(name)
        let world = try SyntheticWorld.generate(listeners: 0, tracks: tracks, seed: 3, embeddingDimension: 64)
        try CatalogStore.write(world.catalog, to: url)
        return url
    }

    /// Writes a 10-track sample, changes it with `sql` and loads it: the error that gives.
    func loadError(after sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CatalogError {
        let url = try writeSample(tracks: 10, in: folder())
        let queue = try DatabaseQueue(path: url.path)
        try queue.writeWithoutTransaction { try $0.execute(sql: sql) }
        try queue.close()
        return try loadError(url, sourceLocation: sourceLocation)
    }

    @Test func aMissingFileIsNamed() throws {
        let error = try loadError(try folder().appendingPathComponent("absent.sqlite"))
        #expect(error.code == .fileNotFound)
        #expect(error.message == "no such file")
    }

    @Test func aTextFileNamedSQLiteIsNotACatalog() throws {
        let url = try folder().appendingPathComponent("catalog.sqlite")
        try Data(String(repeating: "this is not a database\n", count: 100).utf8).write(to: url)
        let error = try loadError(url)
        #expect(error.code == .notACatalog)
        #expect(error.message.contains("not a SQLite database"))
    }

    @Test func anEmptyFileOrDatabaseIsNotACatalog() throws {
        let folder = try folder()
        let empty = folder.appendingPathComponent("empty.sqlite")
        try Data().write(to: empty)
        let emptyError = try loadError(empty)
        #expect(emptyError.code == .notACatalog)
        #expect(emptyError.message.contains("not a Segue database (an empty SQLite file)"))

        let other = folder.appendingPathComponent("other.db")
        let queue = try DatabaseQueue(path: other.path)
        try queue.write { try $0.execute(sql: "CREATE TABLE player (id INTEGER PRIMARY KEY, name TEXT)") }
        try queue.close()
        let otherError = try loadError(other)
        #expect(otherError.code == .notACatalog)
        #expect(otherError.message.contains("not a Segue database (a SQLite database with the tables player)"))
    }

    @Test func aCatalogWithNoTracksIsRefusedLikeJSON() throws {
        let url = try folder().appendingPathComponent("none.sqlite")
        try CatalogStore.write(try Catalog(tracks: [], baseURL: url.deletingLastPathComponent()), to: url)
        #expect(try CatalogStore.read(from: url).tracks.isEmpty)
        let error = try loadError(url)
        #expect(error.code == .emptyCatalog)
    }

    @Test func aNewerSchemaIsRefusedWithItsVersion() throws {
        let error = try loadError(after: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
        #expect(error.code == .unsupportedVersion)
        #expect(error.message.contains("made by a newer Segue (schema v99)"))
        // Nor is it migrated when opened for writing.
        let url = try writeSample(tracks: 3, in: folder())
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')") }
        try queue.close()
        #expect(throws: CatalogError.self) { try LibraryStore(url: url) }
    }

    @Test func aCatalogFromBeforeTheStoreIsToldToImportAgain() throws {
        let url = try folder().appendingPathComponent("old.sqlite")
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in
            try db.execute(sql: "PRAGMA application_id = 1397183813; PRAGMA user_version = 1")
            try db.execute(sql: "CREATE TABLE track (position INTEGER PRIMARY KEY); CREATE TABLE meta (key TEXT)")
        }
        try queue.close()
        let error = try loadError(url)
        #expect(error.code == .unsupportedVersion && error.message.contains("import it again"))
    }

    @Test(arguments: [
        ("DROP TABLE genre", "no 'genre' table"), ("ALTER TABLE track DROP COLUMN bpm", "no such column: bpm"),
        ("DROP TABLE history", "no 'history' table"),
    ])
    func aMissingTableOrColumnIsNamed(change: String, expected: String) throws {
        let error = try loadError(after: change)
        #expect(error.code == .notACatalog)
        #expect(error.message.contains(expected), "\(error)")
    }

    @Test(arguments: [
        (
            "UPDATE track SET genres = x'63000000' WHERE position = 2",
            "track at position 2: genres are not whole ids of the genre table (track 's2')"
        ),
        (
            "UPDATE track SET genres = x'000000' WHERE position = 1",
            "genres are not whole ids of the genre table (track 's1')"
        ),
        (
            "UPDATE track SET embedding = x'0000000000' WHERE position = 0",
            "embedding is 5 bytes, not whole 32-bit floats (track 's0')"
        ),
        (
            "UPDATE track SET bpm = 'fast' WHERE position = 3",
            "track at position 3: bpm holds text that is not NaN (track 's3')"
        ),
        ("UPDATE genre SET id = id + 7", "genre ids are not numbered 0, 1, 2, … (id 7)"),
    ])
    func damagedRowsAreNamed(change: String, expected: String) throws {
        let error = try loadError(after: change)
        #expect(error.code == .damaged)
        #expect(error.message.contains(expected), "\(error)")
    }

    @Test(arguments: [50, 4096, 0.5, 0.9])
    func aTruncatedCatalogIsDamaged(keep: Double) throws {
        let url = try writeSample(in: folder())
        let data = try Data(contentsOf: url)
        let count = keep > 1 ? Int(keep) : Int(Double(data.count) * keep)
        try data.prefix(count).write(to: url)
        let error = try loadError(url)
        #expect(error.code == .damaged, "\(error)")
    }

    @Test func overwrittenPagesAreAnErrorNotACrash() throws {
        let url = try writeSample(in: folder())
        var data = try Data(contentsOf: url)
        for index in stride(from: 8192, to: data.count, by: 3) { data[index] = UInt8(truncatingIfNeeded: index &* 31) }
        try data.write(to: url)
        let error = try loadError(url)
        #expect(error.code == .damaged, "\(error)")
    }

    @Test func theFormatIsTakenFromTheMagicBytesOrTheExtension() throws {
        let folder = try folder()
        let sqlite = try writeSample("catalog.bin", tracks: 5, in: folder)
        #expect(CatalogLoader.format(of: sqlite) == .sqlite)
        #expect(try CatalogLoader.load(from: sqlite).tracks.count == 5)
        #expect(CatalogLoader.format(of: Fixtures.catalogURL) == .json)
        #expect(CatalogLoader.format(of: folder.appendingPathComponent("new.sqlite3")) == .sqlite)
        let json = try CatalogLoader.load(from: Fixtures.catalogURL)
        #expect(json == (try Catalog.load(from: Fixtures.catalogURL)))
    }
}
