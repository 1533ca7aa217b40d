import SegueCore
import Testing

@Suite struct SessionTimelineTests {
    static func line(_ id: String, track: Int, _ placement: ScriptLine.Placement = .trackStart) -> ScriptLine {
        ScriptLine(
            id: id, kind: .segue, templateID: "t", templateStatus: .approved, templateRevision: "r",
            trackIndex: track, placement: placement, slots: [], originalText: "x", text: "x",
            safety: SafetyReport(verdict: .pass, text: "x", findings: [], policyVersion: "test"))
    }

    @Test func tracksOverlapByTheCrossfadeAndTheSessionEndsWithTheLast() {
        let timeline = SessionTimeline.plan(
            trackIDs: ["a", "b", "c"], trackDurations: [100, 80, 120], lines: [],
            crossfade: 6)
        #expect(timeline.tracks.map(\.start) == [0, 94, 168])
        #expect(timeline.tracks.map(\.fadeIn) == [0, 6, 6])
        #expect(timeline.tracks.map(\.fadeOut) == [6, 6, 0])
        #expect(timeline.duration == 288)
    }

    @Test func aShortTrackShortensItsFadesToAQuarterOfItsLength() {
        let timeline = SessionTimeline.plan(
            trackIDs: ["a", "b", "c"], trackDurations: [100, 12, 100], lines: [],
            crossfade: 6)
        #expect(timeline.tracks[1].fadeIn == 3 && timeline.tracks[1].fadeOut == 3)
        #expect(timeline.tracks[0].fadeOut == 3 && timeline.tracks[2].fadeIn == 3)
        #expect(timeline.duration == 100 + 12 + 100 - 6)
    }

    @Test func linesSitAfterTheFadeInOrBeforeTheEndAndNeverOutsideTheirTrack() {
        let lines = [
            (Self.line("L1", track: 0), 4.0), (Self.line("L2", track: 1), 5.0),
            (Self.line("L3", track: 1, .trackEnd), 3.0), (Self.line("L4", track: 7), 2.0),
        ]
        let timeline = SessionTimeline.plan(
            trackIDs: ["a", "b"], trackDurations: [60, 60], lines: lines, crossfade: 6)
        #expect(timeline.voices.map(\.lineID) == ["L1", "L2", "L3"])  // a line over no track is dropped
        let starts = Dictionary(uniqueKeysWithValues: timeline.voices.map { ($0.lineID, $0) })
        #expect(starts["L1"]?.start == 0.5)  // the first track has no fade in
        #expect(starts["L2"]?.start == 54 + 6 + 0.5)  // after the crossfade into track 2
        #expect(starts["L3"]?.end == 114 - 0.5)  // the outro ends half a second before the music
        #expect(timeline.voices.allSatisfy { $0.end - $0.start > 0 })
    }

    @Test func aLineLongerThanTheWholeSessionIsNotSpokenRatherThanCutOff() {
        let timeline = SessionTimeline.plan(
            trackIDs: ["a"], trackDurations: [3], lines: [(Self.line("L1", track: 0), 5)], crossfade: 6)
        #expect(timeline.voices.isEmpty)
        let fits = SessionTimeline.plan(
            trackIDs: ["a"], trackDurations: [6], lines: [(Self.line("L1", track: 0), 5)], crossfade: 6)
        #expect(fits.voices.first?.start == 0.5)
    }

    @Test func linesOverShortTracksNeverOverlapAndOneThatCannotFitIsLeftUnspoken() {
        // Two 10 s tracks: the intro (6 s) over the first and the outro (6 s) over the end of the second would overlap.
        let lines = [
            (Self.line("L1", track: 0), 6.0), (Self.line("L2", track: 1, .trackEnd), 6.0),
            (Self.line("L3", track: 1, .trackEnd), 6.0),
        ]
        let timeline = SessionTimeline.plan(
            trackIDs: ["a", "b"], trackDurations: [10, 10], lines: lines, crossfade: 2)
        #expect(timeline.voices.map(\.lineID) == ["L1", "L2"])
        for (a, b) in zip(timeline.voices, timeline.voices.dropFirst()) { #expect(b.start >= a.end + 0.4) }
        #expect(timeline.voices.allSatisfy { $0.end <= timeline.duration })
    }

    @Test func eachPlacementIsSaidWhereItsWordsAreTrue() {
        // Two 60 s tracks with a 6 s crossfade: track 2 fades in from 54 s and is fully in at 60 s.
        func place(_ placement: ScriptLine.Placement, _ length: Double) -> SessionTimeline.VoiceSlot? {
            SessionTimeline.plan(
                trackIDs: ["a", "b"], trackDurations: [60, 60], lines: [(Self.line("L", track: 1, placement), length)],
                crossfade: 6
            ).voices.first
        }
        // "Coming up": over the end of track 1, done by the time track 2 is halfway in.
        let before = place(.beforeTrack, 4)
        #expect(before?.end == 57)
        #expect(before?.start == 53)
        // "That was … here's …": centred on the crossfade.
        let across = place(.transition, 4)
        #expect(across?.start == 55)
        #expect(across?.end == 59)
        // "This is": once track 2 is in.
        #expect(place(.trackStart, 4)?.start == 60.5)
    }

    @Test func aLineThatWouldComeTooLateForItsWordsIsLeftUnspokenAndListed() {
        // The line before runs over the whole seam, so "coming up" would be said after the track came in.
        let lines = [(Self.line("L1", track: 0, .trackEnd), 20.0), (Self.line("L2", track: 1, .beforeTrack), 4.0)]
        let timeline = SessionTimeline.plan(
            trackIDs: ["a", "b"], trackDurations: [60, 60], lines: lines, crossfade: 6)
        #expect(timeline.voices.map(\.lineID) == ["L1"])
        #expect(timeline.unplaced.map(\.lineID) == ["L2"])
        #expect(timeline.unplaced.first?.reason.contains("before its track") == true)
    }
}
