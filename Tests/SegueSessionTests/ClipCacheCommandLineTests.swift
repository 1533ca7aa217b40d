import Foundation
import SegueTestSupport
import Testing

/// `segue session` keeps its clips in the user's cache folder, or in `--clip-cache DIR`, or nowhere with
/// `--no-clip-cache`; the session is the same bytes whichever.
@Suite(.serialized) struct ClipCacheCommandLineTests {
    static let files = ["session.wav", "captions.vtt", "manifest.json", "script.json"]

    func session(out: URL, cacheHome: URL, _ flags: [String] = []) throws -> CommandLine.Run {
        let run = try CommandLine.segue(
            [
                "session", "--listener", "samples/listeners/ana.json", "--count", "2", "--seed", "3", "--out",
                out.path,
            ] + flags,
            environment: ProcessInfo.processInfo.environment.merging(["XDG_CACHE_HOME": cacheHome.path]) { $1 })
        #expect(run.status == 0, "\(run.stderr)")
        return run
    }

    func clips(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".clip") }
            .sorted()
    }

    func expectSameSession(_ a: URL, _ b: URL) throws {
        for name in Self.files {
            let same =
                try Data(contentsOf: a.appendingPathComponent(name)) == Data(contentsOf: b.appendingPathComponent(name))
            #expect(same, "\(name) differs")
        }
    }

    @Test func theDefaultFolderThenAnotherNamedOneThenNone() throws {
        let work = try Fixtures.temporaryFolder()
        let home = work.appendingPathComponent("xdg"), elsewhere = work.appendingPathComponent("elsewhere")
        let defaultFolder = home.appendingPathComponent("segue/clips")

        // By default: $XDG_CACHE_HOME/segue/clips, one entry per line spoken.
        let first = work.appendingPathComponent("first")
        _ = try session(out: first, cacheHome: home)
        let document =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: first.appendingPathComponent("script.json"))) as? [String: Any]
        let spoken = (document?["lines"] as? [[String: Any]] ?? []).filter { $0["start_s"] != nil }.count
        let entries = clips(in: defaultFolder)
        #expect(spoken >= 1 && entries.count == spoken)

        // --clip-cache names the folder: the entries there are read (each marked as used), none is added, and
        // the default folder of this run stays empty.
        let old = Date(timeIntervalSince1970: 1_000_000)
        for name in entries {
            try FileManager.default.setAttributes(
                [.modificationDate: old], ofItemAtPath: defaultFolder.appendingPathComponent(name).path)
        }
        let second = work.appendingPathComponent("second")
        _ = try session(out: second, cacheHome: elsewhere, ["--clip-cache", defaultFolder.path])
        #expect(clips(in: defaultFolder) == entries)
        for name in entries {
            let used =
                try FileManager.default.attributesOfItem(
                    atPath: defaultFolder.appendingPathComponent(name).path)[.modificationDate] as? Date
            #expect((used ?? old) > old, "\(name) was not read")
        }
        #expect(!FileManager.default.fileExists(atPath: elsewhere.path))
        try expectSameSession(first, second)

        // --no-clip-cache neither reads nor writes one.
        let third = work.appendingPathComponent("third")
        _ = try session(out: third, cacheHome: elsewhere, ["--no-clip-cache"])
        #expect(!FileManager.default.fileExists(atPath: elsewhere.path))
        try expectSameSession(first, third)
    }
}
