import Foundation
import SegueCore
import SegueSession
import SegueSpeech
import SegueTestSupport
import Testing

/// The voice stage through the clip cache, with the real espeak-ng behind a counter: a re-render synthesises
/// nothing and gives the same bytes as a render without the cache; a damaged entry is spoken again.
@Suite(.serialized) struct ClipCacheEngineTests {
    static func engine(
        cache: URL?, synthesizer: any SpeechSynthesizing & PhonemeTranscribing = ESpeakSynthesizer.shared
    ) async throws -> SegueEngine {
        try await SegueEngine.load(
            EngineConfiguration(
                catalogURL: Fixtures.catalogURL, promptsURL: Fixtures.prompts, voicesURL: Fixtures.voices,
                clipCache: cache.map { ClipCache(folder: $0) }),
            synthesizer: synthesizer)
    }

    static func script(_ engine: SegueEngine, listener: String = "ana", count: Int = 3) async throws -> Script {
        let plan = try engine.plan(
            for: try Listener.load(from: Fixtures.listener(listener)),
            options: SessionOptions(lineup: LineupOptions(count: count, seed: 7), voiceName: "river"))
        return try await engine.script(plan)
    }

    static func entries(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".clip") }.sorted()
    }

    @Test func aReRenderSynthesisesNothingAndMatchesAnUncachedRenderByteForByte() async throws {
        let cacheFolder = try Fixtures.temporaryFolder("clips")
        let counting = CountingSynthesizer(ESpeakSynthesizer.shared)
        let cached = try await Self.engine(cache: cacheFolder, synthesizer: counting)
        let script = try await Self.script(cached)
        let spoken = script.lines.filter(\.isSpoken).count
        try #require(spoken >= 2)

        // The first time, every line is synthesized and kept.
        let first = try await cached.voice(script)
        #expect(counting.calls == spoken)
        #expect(try Self.entries(in: cacheFolder).count == Set(first.lines.map(\.spokenText)).count)

        // The render after it synthesises nothing.
        let warm = try Fixtures.temporaryFolder("warm")
        let rendered = try await cached.render(script, to: warm)
        #expect(counting.calls == spoken, "the re-render synthesized \(counting.calls - spoken) lines")
        #expect(rendered.voiced == first)
        #expect(rendered.voiced.lines.allSatisfy { !$0.words.isEmpty })

        // And gives the same files as an engine without a cache.
        let uncached = try await Self.engine(cache: nil)
        let cold = try Fixtures.temporaryFolder("cold")
        let reference = try await uncached.render(script, to: cold)
        #expect(reference.fileNames == rendered.fileNames)
        for name in rendered.fileNames {
            let same =
                try Data(contentsOf: warm.appendingPathComponent(name))
                == Data(contentsOf: cold.appendingPathComponent(name))
            #expect(same, "\(name) differs between the cached and the uncached render")
        }
    }

    @Test func aDamagedEntryIsSynthesizedAgainAndReplaced() async throws {
        let cacheFolder = try Fixtures.temporaryFolder("clips")
        let counting = CountingSynthesizer(ESpeakSynthesizer.shared)
        let engine = try await Self.engine(cache: cacheFolder, synthesizer: counting)
        let script = try await Self.script(engine, listener: "ben")
        let original = try await engine.voice(script)
        let spoken = counting.calls
        let names = try Self.entries(in: cacheFolder)
        try #require(names.count >= 2)

        // One entry cut in half, another overwritten with noise.
        let truncated = cacheFolder.appendingPathComponent(names[0])
        let data = try Data(contentsOf: truncated)
        try data.prefix(data.count / 2).write(to: truncated)
        try Data(repeating: 0x5A, count: 4096).write(to: cacheFolder.appendingPathComponent(names[1]))

        let again = try await engine.voice(script)
        #expect(counting.calls == spoken + 2)
        #expect(again == original)
        // Both were written anew: a third pass reads every line.
        _ = try await engine.voice(script)
        #expect(counting.calls == spoken + 2)
        #expect(try Self.entries(in: cacheFolder) == names)
    }
}
