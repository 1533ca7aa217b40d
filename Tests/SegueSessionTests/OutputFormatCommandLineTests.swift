import Foundation
import SegueAudio
import SegueCore
import SegueSession
import SegueTestSupport
import Testing

/// `--format` and `--sample-rate` on the command line: the audio file's name, its sidecars, and the progress lines.
@Suite struct OutputFormatCommandLineTests {
    /// An MP3 session at 48 kHz: session.mp3 and no session.wav; the cue sheet, the manifest and the printed summary
    /// name the real file; standard error (not a terminal here) has plain progress lines up to 100 %.
    @Test func anMP3SessionIsNamedAsItIsWrittenWithPlainProgressLines() throws {
        let out = try Fixtures.temporaryFolder().appendingPathComponent("mp3")
        let run = try CommandLine.segue([
            "session", "--listener", "samples/listeners/ana.json", "--count", "2", "--seed", "3", "--format", "mp3",
            "--sample-rate", "48000", "--out", out.path,
        ])
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(names.contains("session.mp3") && !names.contains("session.wav"), "\(names)")
        #expect(run.stdout.contains("Rendered \(out.path)/session.mp3:"), "\(run.stdout)")
        #expect(run.stdout.contains("wrote \(out.appendingPathComponent("session.mp3").path)"))

        let cue = try String(contentsOf: out.appendingPathComponent("session.cue"), encoding: .utf8)
        #expect(cue.contains("FILE \"session.mp3\" MP3\n"), "\(cue)")
        let manifest = try JSONDecoder().decode(
            SessionManifest.self, from: Data(contentsOf: out.appendingPathComponent("manifest.json")))
        #expect(manifest.audio == "session.mp3" && manifest.sampleRate == 48_000)

        let audio = try AudioFileReader(url: out.appendingPathComponent("session.mp3"))
        #expect(audio.sampleRate == 48_000 && audio.channels == 2)
        #expect(abs(Double(audio.frameCount) / 48_000 - manifest.duration) < 0.05)

        // Plain lines, one per tenth reached, rising to 100 %.
        let lines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("mixing ") }
        #expect(!run.stderr.contains("\r") && !run.stderr.contains("\u{1B}"))
        let percents = lines.compactMap { line in Int(line.dropFirst("mixing ".count).prefix { $0.isNumber }) }
        #expect(percents.count == lines.count && !percents.isEmpty, "\(run.stderr)")
        #expect(percents.last == 100 && percents == percents.sorted(), "\(run.stderr)")
        #expect(lines.allSatisfy { $0.hasSuffix(" left") })
    }
}
