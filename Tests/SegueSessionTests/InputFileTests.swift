import Foundation
import SegueAudio
import SegueCore
import SegueSession
import SegueSpeech
import SegueStore
import SegueTestSupport
import Testing

/// Inputs that are not regular files (a FIFO with no writer, a folder) are refused at once, never waited on.
@Suite struct InputFileTests {
    func fifo(_ name: String) throws -> URL {
        let url = try Fixtures.temporaryFolder().appendingPathComponent(name)
        #expect(mkfifo(url.path, 0o644) == 0)
        return url
    }

    @Test func aFIFOAsListenerCatalogOrAudioIsRefused() throws {
        let listener = #expect(throws: CatalogError.self) { try Listener.load(from: try fifo("listener.json")) }
        #expect(listener?.description.contains("is not a regular file") == true)
        let catalog = #expect(throws: CatalogError.self) { try CatalogLoader.load(from: try fifo("catalog.json")) }
        #expect(catalog?.description.contains("is not a regular file") == true)
        let audio = #expect(throws: SoundFileError.self) { try AudioFileReader(url: try fifo("track.ogg")) }
        #expect(audio?.code == .unreadable)
        #expect(throws: FileError.self) { try InputFile.read(Fixtures.samples) }  // a folder
        #expect(try InputFile.read(Fixtures.catalogURL).count > 1000)
    }

    @Test func anEditedScriptOrAPlanFromAnotherCatalogIsRefusedNamingWhy() async throws {
        let engine = try await SegueEngine.load(
            EngineConfiguration(
                catalogURL: Fixtures.catalogURL, promptsURL: Fixtures.prompts, voicesURL: Fixtures.voices),
            synthesizer: ESpeakSynthesizer.shared)
        let plan = try engine.plan(
            for: try Listener.load(from: Fixtures.listener("ben")),
            options: SessionOptions(lineup: LineupOptions(count: 3, seed: 2)))
        let script = try await engine.script(plan)
        // A line moved past the last track, by hand.
        var edited = try JSONSerialization.jsonObject(with: try JSONFile.encode(script)) as? [String: Any] ?? [:]
        var lines = edited["lines"] as? [[String: Any]] ?? []
        lines[0]["track_index"] = 99
        edited["lines"] = lines
        let url = try Fixtures.temporaryFolder().appendingPathComponent("script.json")
        try JSONSerialization.data(withJSONObject: edited).write(to: url)
        let error = #expect(throws: CatalogError.self) { try JSONFile.decode(Script.self, from: url) }
        #expect(error?.description.contains("plays over track 100 of 3") == true)

        // The same ids with other audio: the plan's analyses no longer describe the tracks.
        var tracks = engine.catalog.tracks
        let picked = try #require(tracks.firstIndex { $0.id == plan.lineup.picks[0].track.id })
        let other = try #require(tracks.first { $0.audio != nil && $0.audio != tracks[picked].audio })
        tracks[picked].audio = other.audio
        let moved = try Catalog(tracks: tracks, baseURL: engine.catalog.baseURL)
        let changed = SegueEngine(
            catalog: moved, catalogPath: "changed.json", templates: engine.templates, screen: engine.screen,
            voices: engine.voices, normalizer: engine.normalizer, synthesizer: engine.synthesizer)
        let refused = await #expect(throws: SessionError.self) { _ = try await changed.script(plan) }
        #expect(refused?.code == .inconsistentPlan)
        #expect(refused?.description.contains("has other audio") == true)
    }

    @Test func audioOutsideTheCatalogFolderAndLibraryRootsIsRefusedAlikeWhetherItExistsOrNot() async throws {
        let folder = try Fixtures.temporaryFolder("library")
        let sample = try #require(
            try Catalog.load(from: Fixtures.catalogURL).tracks.first { $0.audio != nil && !$0.explicit })
        let source = Fixtures.samples.appendingPathComponent(try #require(sample.audio))
        // One playable track inside the catalog's folder; the rest reach outside it, each a different way.
        try FileManager.default.copyItem(at: source, to: folder.appendingPathComponent("inside.ogg"))
        #expect(symlink("/etc", folder.appendingPathComponent("escape").path) == 0)
        let outside = [
            "../../../../../../etc/passwd", "/etc/passwd", "/no/such/file.ogg", "escape/passwd", source.path,
        ]
        let tracks =
            [Fixtures.track("inside", artist: "Inside", popularity: 1, audio: "inside.ogg")]
            + outside.enumerated().map { Fixtures.track("out\($0)", artist: "Out \($0)", popularity: 100, audio: $1) }
        let catalogURL = folder.appendingPathComponent("catalog.json")
        try JSONFile.encode(["tracks": tracks]).write(to: catalogURL)
        let engine = try await SegueEngine.load(
            EngineConfiguration(catalogURL: catalogURL, promptsURL: Fixtures.prompts, voicesURL: Fixtures.voices),
            synthesizer: ESpeakSynthesizer.shared)
        let listener = Listener(id: "l", name: "L", explicit: .block)
        let plan = try engine.plan(for: listener, options: SessionOptions(lineup: LineupOptions(count: 1, seed: 1)))
        #expect(plan.lineup.picks.map(\.track.id) == ["inside"])
        let reasons = Dictionary(uniqueKeysWithValues: plan.lineup.skipped.map { ($0.trackID, $0.reason) })
        #expect(reasons.count == outside.count)
        #expect(Set(reasons.values) == [AudioLibrary.outsideMessage])  // the same words, found or not
        // Naming the samples folder as a library root lets its audio play.
        let rooted = try await SegueEngine.load(
            EngineConfiguration(
                catalogURL: catalogURL, promptsURL: Fixtures.prompts, voicesURL: Fixtures.voices,
                libraryRoots: [Fixtures.samples]),
            synthesizer: ESpeakSynthesizer.shared)
        let wider = try rooted.plan(for: listener, options: SessionOptions(lineup: LineupOptions(count: 2, seed: 1)))
        #expect(wider.lineup.picks.map(\.track.id).contains("out4"))
    }

    @Test func silentAndTruncatedAudioIsSkippedAndSaysWhy() async throws {
        let folder = try Fixtures.temporaryFolder("silent")
        try Fixtures.writeTone(to: folder.appendingPathComponent("good.wav"), seconds: 40)
        try Fixtures.writeTone(to: folder.appendingPathComponent("silent.wav"), seconds: 40, amplitude: 0)
        try Fixtures.writeTone(to: folder.appendingPathComponent("short.wav"), seconds: 2)
        let tracks = [
            Fixtures.track("good", artist: "Good", popularity: 1, audio: "good.wav"),
            Fixtures.track("silent", artist: "Quiet", popularity: 100, audio: "silent.wav"),
            Fixtures.track("short", artist: "Cut", popularity: 99, audio: "short.wav"),
        ]
        let catalogURL = folder.appendingPathComponent("catalog.json")
        try JSONFile.encode(["tracks": tracks]).write(to: catalogURL)
        let engine = try await SegueEngine.load(
            EngineConfiguration(catalogURL: catalogURL, promptsURL: Fixtures.prompts, voicesURL: Fixtures.voices),
            synthesizer: ESpeakSynthesizer.shared)
        let plan = try engine.plan(
            for: Listener(id: "l", name: "L", explicit: .block),
            options: SessionOptions(lineup: LineupOptions(count: 1, seed: 1)))
        #expect(plan.lineup.picks.map(\.track.id) == ["good"])
        let reasons = Dictionary(uniqueKeysWithValues: plan.lineup.skipped.map { ($0.trackID, $0.reason) })
        #expect(reasons["silent"]?.hasPrefix("silent audio") == true)
        #expect(reasons["short"] == "the audio lasts 2.0 s, the catalog says 40.0 s (a truncated file?)")
        // Nothing in a saved plan is a non-number.
        let saved = String(decoding: try JSONFile.encode(plan), as: UTF8.self)
        #expect(!saved.contains("Infinity") && !saved.contains("NaN"))
    }

    @Test func aLanguageWithNoTemplatesIsSpokenInEnglishByAnEnglishVoiceAndSaysSo() async throws {
        let engine = try await SegueEngine.load(
            EngineConfiguration(
                catalogURL: Fixtures.catalogURL, promptsURL: Fixtures.prompts, voicesURL: Fixtures.voices),
            synthesizer: ESpeakSynthesizer.shared)
        let options = SessionOptions(lineup: LineupOptions(count: 3, seed: 4))
        var listener = try Listener.load(from: Fixtures.listener("ben"))
        listener.locale = "fr-FR"
        let plan = try engine.plan(for: listener, options: options)
        #expect(plan.locale == SegueEngine.defaultLocale)
        #expect(plan.lineup.warnings.contains { $0.contains("no templates speak fr-FR") })
        #expect(try engine.voice(for: plan).language.hasPrefix("en"))
        let script = try await engine.script(plan)
        #expect(
            script.lines.contains { $0.kind == .intro }
                && script.lines.allSatisfy { $0.templateID.contains("-es-") == false })
        // Spanish has templates and a voice of its own.
        listener.locale = "es-MX"
        let spanish = try engine.plan(for: listener, options: options)
        let spanishVoice = try engine.voice(for: spanish)
        #expect(spanish.locale == "es-MX" && spanishVoice.language.hasPrefix("es"))
        // A locale that is not a language tag is an error naming the field.
        for bad in ["", "english please", "e", "en-"] {
            let url = try Fixtures.temporaryFolder().appendingPathComponent("l.json")
            let json = #"{"id": "l", "name": "L", "explicit": "allow", "locale": "\#(bad)"}"#
            try Data(json.utf8).write(to: url)
            let error = #expect(throws: CatalogError.self, "\(bad)") { try Listener.load(from: url) }
            #expect(error?.description.contains("locale") == true, "\(bad)")
        }
    }
}
