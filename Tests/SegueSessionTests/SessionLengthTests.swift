import Foundation
import SegueAudio
import SegueCore
import SegueFiles
import SegueSession
import SegueSpeech
import SegueTestSupport
import Testing

/// A session asked for in minutes counts only what will play: tracks with readable audio, cued (silence cut) and
/// crossfaded as the mixer lays them out. It plays the minutes asked, or says exactly why not.
@Suite struct SessionLengthTests {
    /// `count` tracks of 30 s each in the catalog, whose audio is 5 s of silence, 20 s of tone, 5 s of silence; and
    /// one more track, the most popular, with no audio file.
    func engine(tracks count: Int) async throws -> SegueEngine {
        let folder = try Fixtures.temporaryFolder("length-\(count)")
        let rate = 44_100
        var samples = [Float](repeating: 0, count: 30 * rate * 2)
        for frame in (5 * rate)..<(25 * rate) {
            let value = 0.25 * Float(sin(2 * Double.pi * 440 * Double(frame) / Double(rate)))
            samples[2 * frame] = value
            samples[2 * frame + 1] = value
        }
        var tracks = [Fixtures.track("missing", artist: "Gone", popularity: 100, duration: 30, audio: "missing.wav")]
        for index in 0..<count {
            let writer = try AudioFileWriter(
                url: folder.appendingPathComponent("t\(index).wav"), sampleRate: rate, channels: 2, encoding: .float32)
            try writer.write(samples)
            try writer.close()
            tracks.append(
                Fixtures.track(
                    "t\(index)", artist: "Artist \(index)", popularity: 90 - index, duration: 30, audio: "t\(index).wav"
                ))
        }
        let catalogURL = folder.appendingPathComponent("catalog.json")
        try JSONFile.encode(["tracks": tracks]).write(to: catalogURL)
        return try await SegueEngine.load(
            EngineConfiguration(catalogURL: catalogURL, promptsURL: Fixtures.prompts, voicesURL: Fixtures.voices),
            synthesizer: ESpeakSynthesizer.shared)
    }

    func plan(_ engine: SegueEngine, minutes: Double) throws -> SessionPlan {
        try engine.plan(
            for: Listener(id: "l", name: "L", explicit: .block),
            options: SessionOptions(lineup: LineupOptions(minutes: minutes, artistSeparation: 2, seed: 1)))
    }

    @Test func twoMinutesAskedPlayTwoMinutesOfPlayableCuedAudio() async throws {
        let plan = try plan(try await engine(tracks: 12), minutes: 2)
        let played = SessionTimeline.plan(for: plan).duration
        // The catalog's 30 s a track would make 5 tracks enough; cued to 20 s they are not, so more are picked.
        #expect(played >= 119)
        #expect(plan.lineup.picks.count >= 7)
        #expect(!plan.lineup.picks.contains { $0.track.id == "missing" })
        #expect(plan.lineup.skipped.map(\.trackID) == ["missing"])
        #expect(!plan.lineup.warnings.contains { $0.hasPrefix("the session plays") })
    }

    @Test func tooFewPlayableTracksSayExactlyWhy() async throws {
        let plan = try plan(try await engine(tracks: 4), minutes: 2)
        let played = SessionTimeline.plan(for: plan).duration
        #expect(plan.lineup.picks.count == 4)
        #expect(played < 119)
        let warning = try #require(plan.lineup.warnings.first { $0.hasPrefix("the session plays") })
        #expect(warning.hasPrefix("the session plays \(Int(played.rounded()) / 60):"))
        #expect(warning.contains("of the 2:00 asked: its 4 tracks last 2:00, cueing cuts 0:40 of silence"))
    }
}
