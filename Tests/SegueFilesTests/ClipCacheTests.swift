import Foundation
import SegueCore
import SegueFiles
import SegueTestSupport
import Testing

/// The clip cache's keys, entries and bound, on made-up speech; `ClipCacheEngineTests` speaks through it for real.
@Suite struct ClipCacheTests {
    let voice = VoiceProfile(name: "river", espeakVoice: "en-us", variant: "m3", rate: 165)

    func speech(seconds: Double = 0.5, seed: Float = 0.1) -> SynthesizedSpeech {
        let count = Int(seconds * 22_050)
        return SynthesizedSpeech(
            audio: AudioBuffer(
                sampleRate: 22_050, channels: 1, samples: (0..<count).map { seed * sin(Float($0) * 0.05) }),
            words: [
                SpokenWord(start: 0, textOffset: 0, textLength: 5),
                SpokenWord(start: 0.321, textOffset: 6, textLength: 4),
            ])
    }

    @Test func everyPartOfTheKeyChangesIt() {
        let key = ClipCache.key(text: "Hello there", voice: voice, synthesizer: "espeak-ng 1.51; segue-espeak 1")
        #expect(key.count == 64 && key.allSatisfy(\.isHexDigit))
        #expect(key == ClipCache.key(text: "Hello there", voice: voice, synthesizer: "espeak-ng 1.51; segue-espeak 1"))
        var slower = voice
        slower.rate = 164
        var described = voice
        described.description = "a new description"
        let others = [
            ClipCache.key(text: "Hello there.", voice: voice, synthesizer: "espeak-ng 1.51; segue-espeak 1"),
            ClipCache.key(text: "Hello there", voice: slower, synthesizer: "espeak-ng 1.51; segue-espeak 1"),
            ClipCache.key(text: "Hello there", voice: described, synthesizer: "espeak-ng 1.51; segue-espeak 1"),
            ClipCache.key(text: "Hello there", voice: voice, synthesizer: "espeak-ng 1.52; segue-espeak 1"),
        ]
        #expect(Set(others + [key]).count == 5)
    }

    @Test func anEntryReadsBackAsItWasStored() throws {
        let cache = ClipCache(folder: try Fixtures.temporaryFolder().appendingPathComponent("clips"))
        let original = speech()
        #expect(cache.speech(forKey: "abc") == nil)
        #expect(cache.store(original, forKey: "abc"))
        #expect(cache.speech(forKey: "abc") == original)
        // An entry answers only to its own key, even under another's name.
        try FileManager.default.copyItem(at: cache.url(forKey: "abc"), to: cache.url(forKey: "abd"))
        #expect(cache.speech(forKey: "abd") == nil)
    }

    /// Truncated, cut short by one sample, a flipped bit in the samples, another format, garbage, empty: each is
    /// a miss (and is removed), never a crash or wrong audio.
    @Test(arguments: ["truncated", "short", "flipped", "format", "garbage", "empty"])
    func aDamagedEntryIsAMiss(_ damage: String) throws {
        let cache = ClipCache(folder: try Fixtures.temporaryFolder(damage))
        #expect(cache.store(speech(), forKey: "k"))
        let url = cache.url(forKey: "k")
        var data = try Data(contentsOf: url)
        switch damage {
        case "truncated": data = data.prefix(data.count / 2)
        case "short": data = data.dropLast(4)
        case "flipped": data[data.count - 100] ^= 0x10
        case "format":
            data = Data(
                String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"format\":1", with: "\"format\":2")
                    .utf8)
        case "garbage": data = Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        default: data = Data()
        }
        try data.write(to: url)
        #expect(cache.speech(forKey: "k") == nil)
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    @Test func beyondItsLimitTheLeastRecentlyUsedEntriesGo() throws {
        let folder = try Fixtures.temporaryFolder()
        var cache = ClipCache(folder: folder)
        for (index, key) in ["a", "b", "c", "d"].enumerated() {
            #expect(cache.store(speech(seconds: 1, seed: Float(index + 1) / 10), forKey: key))
            // Used a minute apart, "a" first.
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 1_000_000 + Double(index) * 60)],
                ofItemAtPath: cache.url(forKey: key).path)
        }
        let entry = try #require(
            try FileManager.default.attributesOfItem(atPath: cache.url(forKey: "a").path)[.size] as? Int)
        // Reading "a" makes it the most recently used.
        #expect(cache.speech(forKey: "a") != nil)
        cache.limit = entry * 2 + entry / 2
        #expect(Set(cache.trim()) == ["b.clip", "c.clip"])
        #expect(cache.speech(forKey: "a") != nil && cache.speech(forKey: "d") != nil)
        // Other files in the folder are not the cache's to count or remove.
        try Data(count: entry * 4).write(to: folder.appendingPathComponent("notes.txt"))
        #expect(cache.trim().isEmpty)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("notes.txt").path))
    }

    @Test func aFolderThatCannotBeMadeIsSkipped() throws {
        let file = try Fixtures.temporaryFolder().appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let cache = ClipCache(folder: file.appendingPathComponent("clips"))
        #expect(!cache.store(speech(), forKey: "k"))
        #expect(cache.speech(forKey: "k") == nil)
        #expect(cache.trim().isEmpty)
    }

    @Test func theDefaultFolderFollowsXDG() {
        #expect(
            ClipCache.defaultFolder(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/a"]).path
                == "/x/cache/segue/clips")
        // A relative XDG_CACHE_HOME is ignored, as the XDG spec says.
        #expect(
            ClipCache.defaultFolder(environment: ["XDG_CACHE_HOME": "cache", "HOME": "/home/a"]).path
                == "/home/a/.cache/segue/clips")
        #expect(ClipCache.defaultFolder(environment: ["HOME": "/home/b"]).path == "/home/b/.cache/segue/clips")
    }

    /// A synthesizer that names no identity (a test double, a remote engine) is asked every time.
    @Test func speechFromASynthesizerWithoutAnIdentityIsNeverKept() async throws {
        struct Anonymous: SpeechSynthesizing {
            func synthesize(_ text: String, voice: VoiceProfile) async throws -> AudioBuffer {
                AudioBuffer(sampleRate: 22_050, channels: 1, samples: [0.5, -0.5])
            }
        }
        let folder = try Fixtures.temporaryFolder()
        let cache = ClipCache(folder: folder)
        let speech = try await cache.speech(for: "hi", voice: voice, synthesizer: Anonymous())
        #expect(speech.audio.samples == [0.5, -0.5] && speech.words.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
