import Foundation
import SegueAudio
import SegueTestSupport
import Testing

/// `make install` puts the binary and its data under a prefix; the binary then works from any folder.
@Suite struct InstallTests {
    @Test func theInstalledBinaryRendersTheDemoFromAnotherFolder() throws {
        let prefix = try Fixtures.temporaryFolder("prefix")
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/make")
        make.arguments = ["-s", "install-files", "PREFIX=\(prefix.path)", "CONFIG=debug"]
        make.currentDirectoryURL = Fixtures.root
        try make.run()
        make.waitUntilExit()
        #expect(make.terminationStatus == 0)
        let binary = prefix.appendingPathComponent("bin/segue")
        for data in [
            "share/segue/prompts", "share/segue/voices", "share/segue/policy/policy.json", "share/segue/samples",
        ] {
            #expect(FileManager.default.fileExists(atPath: prefix.appendingPathComponent(data).path), "\(data)")
        }

        // Somewhere with no prompts, voices or samples, and no hint in the environment.
        let elsewhere = try Fixtures.temporaryFolder("elsewhere")
        var environment = ProcessInfo.processInfo.environment
        environment["SEGUE_DATA_DIR"] = nil
        let version = try CommandLine.segue(["--version"], in: elsewhere, environment: environment, binary: binary)
        #expect(version.status == 0 && !version.stdout.isEmpty)
        let listener = prefix.appendingPathComponent("share/segue/samples/listeners/ana.json").path
        let run = try CommandLine.segue(
            [
                "session", "--listener", listener, "--count", "2", "--separation", "3",
                "--out", "demo",
            ], in: elsewhere, environment: environment, binary: binary)
        #expect(run.status == 0, "\(run.stderr)")
        let folder = elsewhere.appendingPathComponent("demo")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(
            names == [
                "captions.vtt", "manifest.json", "playlist.m3u8", "qa.json", "script.json", "script.md", "session.cue",
                "session.wav",
            ])
        let audio = try AudioFileReader(url: folder.appendingPathComponent("session.wav")).readAll()
        #expect(audio.duration > 30)
        #expect(SignalMeasure.rmsDBFS(audio, from: 0, to: audio.duration) > -30)
    }
}
