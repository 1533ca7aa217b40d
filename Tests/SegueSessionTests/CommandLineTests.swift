import Foundation
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

    @Test func sayWritesASpokenClip() throws {
        let out = try Fixtures.temporaryFolder().appendingPathComponent("c.wav")
        let run = try segue(["say", "Up next, Scunthorpe Social Club.", "--voice", "skye", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("22050 Hz"))
        let size = try FileManager.default.attributesOfItem(atPath: out.path)[.size] as? Int ?? 0
        #expect(size > 22_050)  // over half a second of 16-bit audio
    }
}
