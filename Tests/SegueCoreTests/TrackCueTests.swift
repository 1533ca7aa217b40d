import SegueCore
import Testing

/// Auto-cue from a track's loudness profile, and the crossfades the cues choose.
@Suite struct TrackCueTests {
    /// A profile of 100 ms blocks: `silence` s of silence, `body` s at −14 LUFS, `tail` s at −40, `silence` s again.
    static func profile(
        lead: Double, body: Double, tail: Double, trail: Double, opening: Double = -14
    ) -> LoudnessProfile {
        func blocks(_ seconds: Double, _ lufs: Double?) -> [Float] {
            Array(repeating: lufs.map { Float(LoudnessProfile.energy(ofLoudness: $0)) } ?? 0, count: Int(seconds * 10))
        }
        let energies =
            blocks(lead, nil) + blocks(1, opening) + blocks(body - 1, -14) + blocks(tail, -40) + blocks(trail, nil)
        return LoudnessProfile(energies: energies, peaks: energies.map { $0 > 0 ? 0.5 : 0 })
    }

    @Test func leadingAndTrailingSilenceAreCutAndALongFadeTailShortened() {
        let profile = Self.profile(lead: 2, body: 60, tail: 8, trail: 1.5)
        let cue = TrackCue(profile: profile, loudness: -14, duration: 71.5)
        #expect(abs(cue.cueIn - 2) < 0.05, "\(cue.cueIn)")
        // The tail starts at 62 s; three seconds of it are kept for the crossfade to run over.
        #expect(abs(cue.cueOut - 65) < 0.05, "\(cue.cueOut)")
        #expect(cue.softEnd && cue.hardStart)
    }

    @Test func aShortTailIsKeptWholeAndAQuietOpeningIsNoHardStart() {
        let profile = Self.profile(lead: 0, body: 60, tail: 2, trail: 0, opening: -30)
        let cue = TrackCue(profile: profile, loudness: -14, duration: 62)
        #expect(cue.cueIn == 0 && abs(cue.cueOut - 62) < 0.05)
        #expect(!cue.softEnd && !cue.hardStart)
    }

    @Test func silenceOrAnAlmostSilentTrackPlaysWhole() {
        let silent = LoudnessProfile(energies: Array(repeating: 0, count: 300), peaks: Array(repeating: 0, count: 300))
        #expect(TrackCue(profile: silent, loudness: -.infinity, duration: 30) == TrackCue(cueIn: 0, cueOut: 30))
        // Sound in one second of a minute: cutting would leave under half, so nothing is cut.
        let blip = Self.profile(lead: 40, body: 1, tail: 0, trail: 19)
        let whole = TrackCue(profile: blip, loudness: -14, duration: 60)
        #expect(whole.cueIn == 0 && whole.cueOut == 60 && !whole.softEnd)
    }

    @Test func theTimelinePlaysCuedTracksAndChoosesEachCrossfadeByTheirEdges() {
        let soft = TrackCue(cueIn: 1, cueOut: 101, hardStart: false, softEnd: true)
        let hard = TrackCue(cueIn: 0.5, cueOut: 80.5, hardStart: true, softEnd: false)
        let plain = TrackCue(cueIn: 0, cueOut: 100)
        let timeline = SessionTimeline.plan(
            trackIDs: ["a", "b", "c", "d"], trackDurations: [103, 82, 100, 16], cues: [soft, hard, plain, nil],
            lines: [], crossfade: 6)
        // Out of a soft ending into a hard start: 6 × 1.5 × 0.5; then the plain 6 s; then a quarter of the 16 s track.
        #expect(timeline.tracks.map(\.fadeIn) == [0, 4.5, 6, 4])
        #expect(timeline.tracks.map(\.cueIn) == [1, 0.5, 0, 0])
        #expect(timeline.tracks.map { $0.end - $0.start } == [100, 80, 100, 16])
        let overlaps = 4.5 + 6.0 + 4.0
        #expect(timeline.duration == 296 - overlaps)
        // A long crossfade never passes a quarter of either track.
        let short = SessionTimeline.plan(
            trackIDs: ["a", "b"], trackDurations: [20, 100],
            cues: [TrackCue(cueIn: 0, cueOut: 20, softEnd: true), nil],
            lines: [], crossfade: 6)
        #expect(short.tracks[1].fadeIn == 5)
    }
}
