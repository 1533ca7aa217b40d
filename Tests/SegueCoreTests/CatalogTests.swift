import Foundation
import SegueCore
import SegueTestSupport
import Testing

@Suite struct CatalogTests {
    func write(_ text: String, name: String = "catalog.json") throws -> URL {
        let url = try Fixtures.temporaryFolder().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func malformedJSONNamesTheFileAndTheProblem() throws {
        let url = try write(#"{"tracks": [{"id": "a", "title": "x",, }]}"#)
        let error = try #require(throws: CatalogError.self) { try Catalog.load(from: url) }
        #expect(error.code == .malformedJSON)
        #expect(error.description.hasPrefix(url.path + ": "))
        #expect(error.description.contains("not valid JSON"))
    }

    @Test func aMissingFieldIsNamedWithItsPlace() throws {
        let url = try write(
            #"{"tracks": [{"id": "a", "title": "x", "genres": [], "explicit": false, "duration_s": 30}]}"#)
        let error = try #require(throws: CatalogError.self) { try Catalog.load(from: url) }
        #expect(error.description.contains("missing required field 'artist'"))
        #expect(error.description.contains("tracks[0]"))
    }

    @Test func aWrongTypeIsNamedWithItsPlace() throws {
        let url = try write(#"[{"id": "a", "title": "x", "artist": "y", "duration_s": "long"}]"#)
        let error = try #require(throws: CatalogError.self) { try Catalog.load(from: url) }
        #expect(error.description.contains("[0].duration_s"))
    }

    @Test func invalidValuesAndDuplicatesAreRejected() throws {
        let dup = try write(
            #"[{"id": "a", "title": "x", "artist": "y", "duration_s": 3}, {"id": "a", "title": "z", "artist": "y", "duration_s": 3}]"#
        )
        #expect(throws: CatalogError.self) { try Catalog.load(from: dup) }
        let key = try write(#"[{"id": "a", "title": "x", "artist": "y", "duration_s": 3, "key": "H7"}]"#)
        let error = try #require(throws: CatalogError.self) { try Catalog.load(from: key) }
        #expect(error.description.contains("'H7' is not a Camelot key"))
    }

    /// A fuzzed catalog: a year no track has trapped in the sequencer's decade table (a narrowing to Int32).
    @Test func aYearOutOfRangeIsRefusedAndNeverTrapsTheSequencer() throws {
        let error = try #require(throws: CatalogError.self) {
            try Catalog(
                tracks: [Fixtures.track("a", artist: "Ann", year: -999_999_999_999)],
                baseURL: URL(fileURLWithPath: "/tmp"))
        }
        #expect(
            error.message
                == "invalid value at tracks[0].year ('a'): -999999999999 is out of range (allowed: a whole number from 0 to 9999)"
        )
        // The tracks stay mutable after validation: the features clamp rather than trap.
        var catalog = try Catalog(
            tracks: [Fixtures.track("a", artist: "Ann", year: 1999), Fixtures.track("b", artist: "Bo", year: 2001)],
            baseURL: URL(fileURLWithPath: "/tmp"))
        catalog.tracks[0].year = .max
        catalog.tracks[1].year = .min
        let features = TrackFeatures(catalog: catalog)
        #expect(features.decade == [Int32.max, Int32.min])
        let listener = Listener(id: "l", name: "L", explicit: .allow, history: [.init(trackID: "a", plays: 3)])
        #expect(Sequencer(catalog: catalog).lineup(for: listener, options: LineupOptions(count: 2)).picks.count == 2)
    }

    @Test func aMissingCatalogFileIsAClearError() throws {
        let url = URL(fileURLWithPath: "/nonexistent/catalog.json")
        let error = try #require(throws: CatalogError.self) { try Catalog.load(from: url) }
        #expect(error.description == "/nonexistent/catalog.json: no such file")
    }

    @Test func anUnknownListenerListsTheKnownOnes() throws {
        let error = try #require(throws: CatalogError.self) { try Listener.load(from: Fixtures.listener("nobody")) }
        #expect(error.code == .unknownListener)
        #expect(error.description.contains("nobody.json"))
        #expect(error.description.contains("known listeners"))
    }

    @Test func aListenerWithABadSettingIsNamed() throws {
        let url = try write(
            #"{"id": "x", "name": "X", "locale": "en-US", "explicit": "sometimes", "history": []}"#, name: "x.json")
        let error = try #require(throws: CatalogError.self) { try Listener.load(from: url) }
        #expect(error.description.hasPrefix(url.path))
        #expect(error.description.contains("explicit"))
    }

    @Test func theShippedCatalogAndListenersLoad() throws {
        let catalog = try Catalog.load(from: Fixtures.catalogURL)
        #expect(catalog.tracks.count >= 24)
        let withAudio = catalog.tracks.filter { track in
            catalog.audioURL(for: track).map { FileManager.default.fileExists(atPath: $0.path) } ?? false
        }
        #expect(withAudio.count >= 12)
        let folder = Fixtures.samples.appendingPathComponent("listeners")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(files.count >= 3)
        for file in files {
            let listener = try Listener.load(from: folder.appendingPathComponent(file))
            #expect(listener.history.allSatisfy { catalog[$0.trackID] != nil })
        }
    }

    @Test(arguments: [("8A", "9A", 1), ("8A", "8B", 1), ("12B", "1B", 1), ("1A", "7A", 6), ("3A", "5B", 3)])
    func camelotDistance(a: String, b: String, steps: Int) throws {
        let first = try #require(CamelotKey(a))
        let second = try #require(CamelotKey(b))
        #expect(first.distance(to: second) == steps)
    }
}
