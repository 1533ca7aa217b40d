import Foundation
import SegueAudio
import SegueCore
import SegueSession
import SegueSpeech
import SegueTestSupport
import Testing

/// The one test that renders a whole real session (3 tracks, ~90–120 s) and measures its signal; the mixer, the
/// timeline and the renderers have unit tests on generated tones and fixed documents.
@Suite(.serialized) struct SessionEndToEndTests {
    static let listener = "ana"

    /// One engine over the sample catalog, loaded once and shared by every test here, as a server would.
    static let engine = Task { try await Self.engine(catalog: Fixtures.catalogURL) }

    static func engine(catalog: URL, libraryRoots: [URL] = []) async throws -> SegueEngine {
        try await SegueEngine.load(
            EngineConfiguration(
                catalogURL: catalog, promptsURL: Fixtures.prompts, voicesURL: Fixtures.voices,
                libraryRoots: libraryRoots),
            synthesizer: ESpeakSynthesizer.shared)
    }

    func options(seed: UInt64 = 7, count: Int = 3, voice: String? = "river") -> SessionOptions {
        SessionOptions(lineup: LineupOptions(count: count, seed: seed), voiceName: voice)
    }

    func render(
        out: URL, options: SessionOptions? = nil, stems: MixStems = .full, engine: SegueEngine? = nil,
        listener: URL = Fixtures.listener(Self.listener)
    ) async throws -> (RenderedSession, AudioBuffer) {
        let shared = try await Self.engine.value
        let engine = engine ?? shared
        let rendered = try await engine.render(
            for: try Listener.load(from: listener), options: options ?? self.options(),
            stems: stems, to: out)
        let audio = try AudioFileReader(url: out.appendingPathComponent(RenderedSession.audioName(for: stems)))
            .readAll()
        return (rendered, audio)
    }

    @Test func aShortSessionMeetsTheSignalTargets() async throws {
        let out = try Fixtures.temporaryFolder()
        let (result, mix) = try await render(out: out)
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(
            names == [
                "captions.vtt", "manifest.json", "playlist.m3u8", "qa.json", "script.json", "script.md", "session.cue",
                "session.wav",
            ])

        // The script on disk is the timeline the audio follows.
        let data = try Data(contentsOf: out.appendingPathComponent("script.json"))
        let document = try JSONDecoder().decode(SessionDocument.self, from: data)
        #expect(document == result.document)
        #expect(document.tracks.count == 3)
        #expect(mix.sampleRate == 44_100 && mix.channels == 2)
        #expect(abs(mix.duration - document.duration) < 0.05)
        #expect(abs(mix.duration - (document.tracks.last?.end ?? 0)) < 0.05)
        #expect(mix.duration > 80 && mix.duration < 180)

        // Loudness and headroom.
        let measured = try LoudnessMeter.measure(mix)
        #expect(abs(measured.loudness - -14) <= 1, "integrated loudness \(measured.loudness) LUFS")
        #expect(SignalMeasure.peak(mix) < 1.0)
        #expect(SignalMeasure.peak(mix) <= 0.9)  // the limiter's −1 dBFS ceiling

        // The QA gate, as written, agrees with an independent measure of the file.
        let qa = try JSONDecoder().decode(
            QualityReport.self, from: Data(contentsOf: out.appendingPathComponent("qa.json")))
        #expect(qa == result.quality)
        #expect(abs(qa.integratedLoudness - measured.loudness) < 0.05)
        #expect(abs(qa.integratedLoudness - -14) <= 0.5, "\(qa.failures)")
        let truePeak = try LoudnessMeter(sampleRate: 44_100, channels: 2, measures: .truePeak)
        try truePeak.add(mix.samples)
        #expect(20 * log10(truePeak.truePeak) <= -1.0, "true peak")
        #expect(qa.dcOffset < 0.001 && qa.longestSilence <= 2)
        #expect(qa.talkSpans.count == document.lines.filter { $0.start != nil }.count)

        // Voice: an intro, at least one line between tracks, an outro — all spoken and placed.
        let spoken = document.lines.filter { $0.line.isSpoken }
        #expect(spoken.count >= 2)
        #expect(spoken.first?.line.kind == .intro)
        #expect(spoken.last?.line.kind == .outro)
        #expect(spoken.allSatisfy { $0.start != nil && $0.end != nil })

        // The music alone, ducked exactly as in the mix.
        let musicOut = try Fixtures.temporaryFolder()
        let (_, music) = try await render(out: musicOut, stems: .music)
        #expect(abs(music.duration - mix.duration) < 0.001)
        let voiceOut = try Fixtures.temporaryFolder()
        let (_, voice) = try await render(out: voiceOut, stems: .voice)

        for line in spoken {
            let start = try #require(line.start), end = try #require(line.end)
            let track = try #require(document.tracks.first { $0.trackID == line.trackID })
            let during = SignalMeasure.rmsDBFS(music, from: start + 0.05, to: end - 0.05)
            // The same track outside the clip: its solo part, away from fades and the duck ramps.
            let soloStart = track.start + track.fadeIn + 2.5
            let soloEnd = track.end - track.fadeOut - 3
            var outside: [Double] = []
            if start - 1.5 > soloStart {
                outside.append(SignalMeasure.rmsDBFS(music, from: soloStart, to: start - 1.5))
            }
            if end + 2 < soloEnd { outside.append(SignalMeasure.rmsDBFS(music, from: end + 2, to: soloEnd)) }
            let reference = try #require(outside.max())
            #expect(
                reference - during >= 8,
                "\(line.line.id): music \(during) dB under the voice vs \(reference) dB outside")
            // The voice sits there and nowhere else near it.
            #expect(SignalMeasure.rmsDBFS(voice, from: start, to: end) > -30)
            #expect(SignalMeasure.rmsDBFS(voice, from: end + 0.3, to: end + 1.3) < -80)
            // And it stands clearly above the ducked music in the mix.
            #expect(SignalMeasure.rmsDBFS(mix, from: start, to: end) - during > 3)
        }
    }

    @Test func unreadableAudioIsSkippedAndReportedAndTheNextCandidatePlays() async throws {
        let folder = try Fixtures.temporaryFolder()
        let catalog = try Catalog.load(from: Fixtures.catalogURL)
        var artists: Set<String> = []
        let playable = catalog.tracks.filter { $0.audio != nil && !$0.explicit && artists.insert($0.artist).inserted }
        let good = playable.prefix(3).map { track -> Track in
            var copy = track
            copy.audio = catalog.audioURL(for: track)?.path
            copy.popularity = 10
            copy.genres = ["electronic"]  // one genre: cold-start calibration leaves popularity to decide
            return copy
        }
        try Data("not audio at all".utf8).write(to: folder.appendingPathComponent("corrupt.ogg"))
        let broken = [
            Fixtures.track("missing", artist: "Ghost One", popularity: 100, audio: "nope/missing.ogg"),
            Fixtures.track("corrupt", artist: "Ghost Two", popularity: 99, audio: "corrupt.ogg"),
        ]
        let catalogURL = folder.appendingPathComponent("catalog.json")
        try JSONFile.encode(["tracks": broken + good]).write(to: catalogURL)
        let listenerURL = folder.appendingPathComponent("new.json")
        try JSONFile.encode(Listener(id: "new", name: "New", explicit: .block)).write(to: listenerURL)

        // The plan stage reads the audio; nothing needs rendering to see what it skipped.
        // The good tracks' audio stays in samples/, a library root; the catalog's own folder holds the broken ones.
        let engine = try await Self.engine(catalog: catalogURL, libraryRoots: [Fixtures.samples])
        let plan = try engine.plan(for: try Listener.load(from: listenerURL), options: options(count: 2))
        #expect(plan.lineup.picks.count == 2 && plan.analyses.count == 2)
        #expect(!plan.lineup.picks.contains { $0.track.id == "missing" || $0.track.id == "corrupt" })
        let skipped = Dictionary(uniqueKeysWithValues: plan.lineup.skipped.map { ($0.trackID, $0.reason) })
        #expect(skipped["missing"]?.contains("nope/missing.ogg: audio file not found") == true)
        #expect(skipped["corrupt"]?.contains("corrupt.ogg: not a readable audio file") == true)
        let review = ScriptMarkdown.render(try engine.review(try await engine.script(plan)))
        #expect(review.contains("## Skipped tracks") && review.contains("nope/missing.ogg"))
    }

    @Test func aFailedSessionLeavesNoHalfWrittenFiles() async throws {
        let out = try Fixtures.temporaryFolder()
        await #expect(throws: SpeechError.self) { _ = try await render(out: out, options: options(voice: "nobody")) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
    }

    /// The session is published as a set: a file that cannot be replaced (here a folder named session.cue) stops the
    /// render after the mix, and the folder still holds the old session, whole, and no temporary files.
    @Test func aFailureWhilePublishingLeavesTheOldSessionWhole() async throws {
        let out = try Fixtures.temporaryFolder()
        let old = ["script.json": "old script", "script.md": "old review", "session.wav": "old audio"]
        for (name, text) in old { try Data(text.utf8).write(to: out.appendingPathComponent(name)) }
        try FileManager.default.createDirectory(
            at: out.appendingPathComponent("session.cue"), withIntermediateDirectories: false)
        let error = await #expect(throws: FileError.self) { _ = try await render(out: out, options: options(count: 2)) }
        #expect(error?.code == .notARegularFile)
        for (name, text) in old {
            #expect(try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8) == text, "\(name)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == ["script.json", "script.md", "session.cue", "session.wav"])
    }
}
