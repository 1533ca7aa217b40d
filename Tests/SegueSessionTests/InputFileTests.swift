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
}
