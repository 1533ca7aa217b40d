import Foundation
import SegueAudio
import SegueSession
import SegueTestSupport
import Testing

/// Runs the built `segue` executable the way a person would.
@Suite struct CommandLineTests {
    func segue(_ arguments: [String]) throws -> CommandLine.Run { try CommandLine.segue(arguments) }

    @Test func lineupJSONCarriesReasons() throws {
        let run = try segue(["lineup", "--listener", "samples/listeners/ana.json", "--count", "5", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let tracks = try #require(json["tracks"] as? [[String: Any]])
        #expect(tracks.count == 5)
        for track in tracks {
            let reasons = try #require(track["reasons"] as? [String])
            #expect(!reasons.isEmpty)
        }
    }

    @Test func malformedListenerJSONNamesTheFileAndExitsNonZero() throws {
        let folder = try Fixtures.temporaryFolder()
        let url = folder.appendingPathComponent("broken.json")
        try Data(#"{"id": "b", "name": "B", "explicit": "block", "history": [ {"track_id": 3} ]}"#.utf8).write(to: url)
        let run = try segue(["lineup", "--listener", url.path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("segue: \(url.path): "))
        #expect(run.stderr.contains("history[0].track_id"))
    }

    @Test func anUnknownListenerIsAClearError() throws {
        let run = try segue(["lineup", "--listener", "samples/listeners/zed.json"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("zed.json: unknown listener"))
    }

    @Test func anUnknownVoiceListsTheVoices() throws {
        let out = try Fixtures.temporaryFolder().appendingPathComponent("c.wav").path
        let run = try segue(["say", "hello", "--voice", "zed", "--out", out])
        #expect(run.status != 0)
        #expect(run.stderr.contains("unknown voice 'zed'"))
        #expect(run.stderr.contains("river"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func sayReadsLongTextFromAFile() throws {
        let folder = try Fixtures.temporaryFolder()
        let input = folder.appendingPathComponent("long.txt"), out = folder.appendingPathComponent("long.wav")
        // About 12 kB: the sample sink once made this quadratic (minutes); now it is one pass.
        let sentence = "Here is a record for a long night, and the music plays on. "
        try Data(String(repeating: sentence, count: 200).utf8).write(to: input)
        let run = try segue(["say", "--file", input.path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let clip = try AudioFileReader(url: out).readAll()
        #expect(clip.duration > 400)  // 2,400 words at 165 a minute is over 14 minutes
        let neither = try segue(["say", "--out", out.path])
        #expect(neither.status == 64 && neither.stderr.contains("give either TEXT or --file FILE"))
    }

    @Test func sayWritesASpokenClip() throws {
        let out = try Fixtures.temporaryFolder().appendingPathComponent("c.wav")
        let run = try segue(["say", "Up next, Scunthorpe Social Club.", "--voice", "skye", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("22050 Hz"))
        let size = try FileManager.default.attributesOfItem(atPath: out.path)[.size] as? Int ?? 0
        #expect(size > 22_050)  // over half a second of 16-bit audio
    }
}

/// Standard streams that fail: a closed input, a full device for output; the run says so and exits non-zero.
@Suite struct StandardStreamTests {
    /// Runs `segue` through the shell, for redirections a `Process` cannot express (a closed descriptor).
    func shell(_ command: String) throws -> CommandLine.Run {
        let binary = Fixtures.root.appendingPathComponent(".build/debug/segue").path
        return try CommandLine.segue(
            ["-c", command.replacingOccurrences(of: "SEGUE", with: "'\(binary)'")],
            binary: URL(fileURLWithPath: "/bin/sh"))
    }

    /// A full device (major 1, minor 7) this test makes itself: writes to it fail with ENOSPC.
    func fullDevice() throws -> String {
        let path = try Fixtures.temporaryFolder("full").appendingPathComponent("full").path
        let made = mknod(path, S_IFCHR | 0o666, dev_t(1 << 8 | 7))
        #expect(made == 0, "mknod needs root: \(String(cString: strerror(errno)))")
        return path
    }

    @Test func aFullDiskOnStandardOutputIsAnErrorNotAnExitZero() throws {
        let full = try fullDevice()
        let lineup = try shell("SEGUE lineup --listener samples/listeners/ana.json --json --separation 3 > '\(full)'")
        #expect(lineup.status == 1)
        #expect(lineup.stderr.contains("standard output: cannot be written (No space left on device)"))
        let check = try shell(
            "SEGUE check --no-sound --jsonl Tests/SegueSessionTests/Fixtures/safety/heldout.jsonl > '\(full)'")
        #expect(check.status == 1)
        #expect(check.stderr.contains("standard output: cannot be written"))
        #expect(!check.stderr.contains("Fatal error"))
    }

    @Test func aClosedStandardInputIsAClearError() throws {
        let run = try shell("SEGUE check --no-sound --jsonl - <&-")
        #expect(run.status == 1)
        #expect(run.stderr.contains("standard input: cannot be read"))
        #expect(!run.stderr.contains("Fatal error"))
    }

    @Test func checkAnswersLinesWithoutAnIdWithTheirLineNumber() throws {
        let folder = try Fixtures.temporaryFolder()
        let input = folder.appendingPathComponent("lines.jsonl")
        try Data("{\"text\": \"Up next, a fine record.\"}\n\n{broken\n{\"id\": \"x\", \"text\": \"Hello.\"}\n".utf8)
            .write(to: input)
        let run = try CommandLine.segue(["check", "--no-sound", "--jsonl", input.path])
        #expect(run.status == 0)
        let ids = run.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }.map { $0["id"] as? String }
        #expect(ids == ["1", "3", "x"])
    }

    @Test func checkLayersPrintsWhatEachLayerCatches() throws {
        let folder = try Fixtures.temporaryFolder()
        let input = folder.appendingPathComponent("labelled.jsonl")
        try Data(
            """
            {"id": "a", "text": "Refugees are all criminals.", "label": "unsafe", "category": "hate"}
            {"id": "b", "text": "Refugees are welcome here.", "label": "safe", "category": "none"}
            {"id": "c", "text": "Ten years ago today.", "facts": {"years_ago": "10"}, "label": "safe"}

            """.utf8
        ).write(to: input)
        let run = try CommandLine.segue(["check", "--no-sound", "--jsonl", input.path, "--layers"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = run.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first?.contains("| word lists | +identity-frames |") == true, "\(run.stdout)")
        // Caught by the identity frames alone and by all layers, not by the word lists.
        #expect(rows.contains("| hate | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |"), "\(run.stdout)")
        // The spelled-out number is grounded only with its layer.
        #expect(rows.contains { $0.hasPrefix("| safe flagged | 2 | 1 (50.0 %) |") }, "\(run.stdout)")
        let refused = try CommandLine.segue(["check", "--no-sound", "--layers", "Some text."])
        #expect(refused.status == 64)
    }
}

/// Every numeric option is range-checked before anything runs: a clear message, exit 64, no crash.
@Suite struct OptionRangeTests {
    @Test(arguments: [
        (["--count", "9223372036854775807"], "--count must be between 1 and 1000"),
        (["--count", "1000000000"], "--count must be between 1 and 1000"),
        (["--count=-3"], "--count must be between 1 and 1000"),
        (["--minutes=nan"], "--minutes must be between 0 and 600"),
        (["--discovery=nan"], "--discovery must be between 0 and 1"),
        (["--crossfade=-10"], "--crossfade must be between 0 and 30 seconds"),
        (["--crossfade=nan"], "--crossfade must be between 0 and 30 seconds"),
        (["--talk-every", "1-3"], "--talk-every takes MIN-MAX"),
        (["--minutes", "-5"], "--minutes must be between 0 and 600"),
        (["--crossfade", "-10"], "--crossfade must be between 0 and 30 seconds"),
        (["--as-of", "next tuesday"], "--as-of must be an ISO 8601 date or date-time"),
        (["--clip-cache", "/tmp/clips", "--no-clip-cache"], "--no-clip-cache: give one or the other"),
        (["--format", "aiff"], "--format aiff: give one of wav16, wav24, wav32f, flac, flac24, ogg, opus, mp3"),
        (["--sample-rate", "22050"], "--sample-rate 22050: give 44100 or 48000 Hz"),
        (["--format", "opus", "--sample-rate", "44100"], "--format opus is written at 48000 Hz only"),
    ])
    func outOfRangeOptionsAreRefused(options: [String], message: String) throws {
        let out = try Fixtures.temporaryFolder()
        let run = try CommandLine.segue(
            ["session", "--listener", "samples/listeners/ana.json", "--out", out.path] + options)
        #expect(run.status == 64, "\(options): \(run.stderr)")
        #expect(run.stderr.contains(message), "\(options): \(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
    }

    /// `--loudness` sets the target the session lands on (qa.json says so); `--strict` turns a miss of the QA spec
    /// into exit 1 and is quiet when the render meets it; a target out of range is refused before anything runs.
    @Test func theLoudnessTargetAndTheQAGate() throws {
        let out = try Fixtures.temporaryFolder().appendingPathComponent("broadcast").path
        let run = try CommandLine.segue([
            "session", "--listener", "samples/listeners/ana.json", "--count", "2", "--seed", "3", "--loudness", "-23",
            "--strict", "--out", out,
        ])
        let qa = try JSONDecoder().decode(
            QualityReport.self, from: Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("qa.json")))
        #expect(qa.targetLoudness == -23)
        #expect(abs(qa.integratedLoudness - -23) <= 0.5)
        #expect(run.status == (qa.passed ? 0 : 1), "\(run.stdout)")
        #expect(qa.passed || run.stdout.contains("qa: out of spec"))
        let refused = try CommandLine.segue(["session", "--listener", "samples/listeners/ana.json", "--loudness", "3"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--loudness"))
    }

    /// `--duck` sets how far the music drops under every line (deeper only where the voice needs it);
    /// `--voice-offset` lifts the voice over the music; out-of-range values are refused.
    @Test func theDuckDepthAndTheVoiceOffset() throws {
        func render(_ options: [String]) throws -> QualityReport {
            let out = try Fixtures.temporaryFolder().appendingPathComponent("duck").path
            let run = try CommandLine.segue(
                ["session", "--listener", "samples/listeners/ana.json", "--count", "3", "--seed", "3", "--out", out]
                    + options)
            #expect(run.status == 0, "\(run.stderr)")
            return try JSONDecoder().decode(
                QualityReport.self,
                from: Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("qa.json")))
        }
        let usual = try render([])
        let deep = try render(["--duck", "-20", "--voice-offset", "3"])
        #expect(!deep.talkSpans.isEmpty && deep.talkSpans.count == usual.talkSpans.count)
        #expect(deep.talkSpans.allSatisfy { $0.duckDB <= -20 })
        // 8 dB more duck and a voice 3 LU louder: each line stands clearly further over the music.
        for (before, after) in zip(usual.talkSpans, deep.talkSpans) {
            #expect(after.speechOverMusic > before.speechOverMusic + 6, "\(before) then \(after)")
        }
        for (option, value) in [("--duck", "5"), ("--voice-offset", "40")] {
            let refused = try CommandLine.segue(["session", "--listener", "samples/listeners/ana.json", option, value])
            #expect(refused.status != 0 && refused.stderr.contains(option), "\(refused.stderr)")
        }
    }
}
