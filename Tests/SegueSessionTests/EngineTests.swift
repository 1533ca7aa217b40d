import Foundation
import SegueAudio
import SegueCore
import SegueSession
import SegueSpeech
import SegueTestSupport
import Testing

/// One long-lived engine: sessions at once, stages saved and resumed, the same bytes as a fresh process.
@Suite(.serialized) struct EngineTests {
    static let files = [
        "session.wav", "script.json", "script.md", "session.cue", "qa.json", "captions.vtt", "manifest.json",
        "playlist.m3u8",
    ]

    /// Two listeners, as `segue session` arguments and as engine options.
    static let sessions: [(listener: String, seed: UInt64, count: Int)] = [("ana", 7, 3), ("ben", 11, 3)]

    func arguments(_ session: (listener: String, seed: UInt64, count: Int), out: URL) -> [String] {
        [
            "session", "--listener", "samples/listeners/\(session.listener).json", "--count", "\(session.count)",
            "--seed", "\(session.seed)", "--out", out.path,
        ]
    }

    func expectSameFiles(_ a: URL, _ b: URL, _ names: [String] = Self.files) throws {
        for name in names {
            let left = try Data(contentsOf: a.appendingPathComponent(name))
            let right = try Data(contentsOf: b.appendingPathComponent(name))
            // A Bool, not the Data: Swift Testing would diff megabytes of audio byte by byte.
            let same = left == right
            #expect(same, "\(name) differs between \(a.path) and \(b.path)")
        }
    }

    @Test func twoSessionsAtOnceFromOneEngineMatchEachRenderedAloneInAFreshProcess() async throws {
        let engine = try await SegueEngine.load(
            EngineConfiguration(
                catalogURL: Fixtures.catalogURL,
                promptsURL: Fixtures.prompts, voicesURL: Fixtures.voices),
            synthesizer: ESpeakSynthesizer.shared)
        func render(_ session: (listener: String, seed: UInt64, count: Int)) async throws -> URL {
            let out = try Fixtures.temporaryFolder("engine-\(session.listener)")
            let listener = try Listener.load(from: Fixtures.listener(session.listener))
            let options = SessionOptions(lineup: LineupOptions(count: session.count, seed: session.seed))
            _ = try await engine.render(for: listener, options: options, to: out)
            return out
        }
        // Both at once, sharing the engine (and espeak-ng).
        async let first = render(Self.sessions[0])
        async let second = render(Self.sessions[1])
        let together = try await [first, second]
        // The first again, after the other sessions: a long-lived engine carries nothing over.
        let again = try await render(Self.sessions[0])
        try expectSameFiles(together[0], again)

        for (session, folder) in zip(Self.sessions, together) {
            let alone = try Fixtures.temporaryFolder("alone-\(session.listener)")
            let run = try CommandLine.segue(arguments(session, out: alone))
            #expect(run.status == 0, "\(run.stderr)")
            try expectSameFiles(folder, alone)
        }
    }

    @Test func planThenScriptThenRenderGivesTheSameBytesAsSession() throws {
        let session = Self.sessions[1]
        let oneShot = try Fixtures.temporaryFolder("one-shot")
        #expect(try CommandLine.segue(arguments(session, out: oneShot)).status == 0)

        let work = try Fixtures.temporaryFolder("stages")
        let plan = work.appendingPathComponent("plan.json"), script = work.appendingPathComponent("script.json")
        let out = work.appendingPathComponent("out")
        let planned = try CommandLine.segue([
            "plan", "--listener", "samples/listeners/\(session.listener).json",
            "--count", "\(session.count)", "--seed", "\(session.seed)", "--out", plan.path,
        ])
        #expect(planned.status == 0, "\(planned.stderr)")
        // The next stages run from elsewhere: the plan names its catalog.
        let scripted = try CommandLine.segue(["script", plan.path, "--out", script.path], in: work)
        #expect(scripted.status == 0, "\(scripted.stderr)")
        let review = try String(contentsOf: work.appendingPathComponent("script.md"), encoding: .utf8)
        #expect(review.contains("draft, not rendered yet"))
        let rendered = try CommandLine.segue(["render", script.path, "--out", out.path], in: work)
        #expect(rendered.status == 0, "\(rendered.stderr)")
        try expectSameFiles(oneShot, out)
    }

    @Test func theStagesReadAndUpdateATemplateHistoryAsSessionDoes() throws {
        let session = Self.sessions[0]
        let work = try Fixtures.temporaryFolder("history")
        // The listener heard these lately: rotation must steer both paths away from them alike.
        var past = TemplateHistory()
        past.record(listener: session.listener, seed: 1, templates: ["intro-welcome", "outro-thanks", "segue-up-next"])
        let oneShotHistory = work.appendingPathComponent("one.json"),
            stagedHistory = work.appendingPathComponent("two.json")
        for url in [oneShotHistory, stagedHistory] { try JSONFile.encode(past).write(to: url) }

        let oneShot = work.appendingPathComponent("one")
        let run = try CommandLine.segue(arguments(session, out: oneShot) + ["--history", oneShotHistory.path])
        #expect(run.status == 0, "\(run.stderr)")
        let plan = work.appendingPathComponent("plan.json"), script = work.appendingPathComponent("script.json")
        let staged = work.appendingPathComponent("two")
        for step in [
            [
                "plan", "--listener", "samples/listeners/\(session.listener).json", "--count", "\(session.count)",
                "--seed", "\(session.seed)", "--out", plan.path,
            ],
            ["script", plan.path, "--out", script.path, "--history", stagedHistory.path],
            ["render", script.path, "--out", staged.path, "--history", stagedHistory.path],
        ] {
            let step = try CommandLine.segue(step)
            #expect(step.status == 0, "\(step.stderr)")
        }
        try expectSameFiles(oneShot, staged)
        let recorded = try JSONFile.decode(TemplateHistory.self, from: stagedHistory)
        #expect(recorded == (try JSONFile.decode(TemplateHistory.self, from: oneShotHistory)))
        #expect(recorded.sessions.count == 2)
    }

    @Test func stageValuesSurviveSavingAndLoading() async throws {
        let engine = try await SegueEngine.load(
            EngineConfiguration(
                catalogURL: Fixtures.catalogURL,
                promptsURL: Fixtures.prompts, voicesURL: Fixtures.voices),
            synthesizer: ESpeakSynthesizer.shared)
        let listener = try Listener.load(from: Fixtures.listener("cleo"))
        let plan = try engine.plan(for: listener, options: SessionOptions(lineup: LineupOptions(count: 3, seed: 3)))
        #expect(plan.analyses.count == plan.lineup.picks.count)
        #expect(plan.analyses.allSatisfy { $0.duration > 10 && $0.loudness.isFinite })
        let script = try await engine.script(plan)
        let voiced = try await engine.voice(script)
        #expect(voiced.lines.count == script.lines.filter(\.isSpoken).count)
        func roundTrip<T: Codable & Equatable>(_ value: T) throws -> T {
            try JSONDecoder().decode(T.self, from: try JSONFile.encode(value))
        }
        #expect(try roundTrip(plan) == plan)
        #expect(try roundTrip(script) == script)
        #expect(try roundTrip(voiced) == voiced)
        // A saved plan whose tracks are not in the engine's catalog is refused, naming the track.
        var foreign = plan
        foreign.lineup.picks[0].track.id = "not-in-the-catalog"
        let error = await #expect(throws: SessionError.self) { _ = try await engine.script(foreign) }
        #expect(error?.code == .inconsistentPlan)
        #expect(error?.description.contains("not-in-the-catalog") == true)
    }
}

/// Runs the built `segue` executable the way a person would, with a clip cache of the test run's own (not the
/// user's) unless the environment names one.
enum CommandLine {
    /// The `XDG_CACHE_HOME` of every run: the default clip cache is `segue/clips` in it.
    static let cacheHome: URL = {
        let url = Fixtures.runFolder.appendingPathComponent("cache")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func segue(
        _ arguments: [String], in folder: URL = Fixtures.root, environment: [String: String]? = nil,
        binary: URL = Fixtures.root.appendingPathComponent(".build/debug/segue")
    ) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = environment ?? ProcessInfo.processInfo.environment
        if environment["XDG_CACHE_HOME"] == nil { environment["XDG_CACHE_HOME"] = cacheHome.path }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
