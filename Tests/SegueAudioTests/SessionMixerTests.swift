import Foundation
import SegueAudio
import SegueCore
import SegueTestSupport
import Testing

/// The mixer on generated tones: two tracks crossfaded, a voice clip over the first, each stem measured.
@Suite struct SessionMixerTests {
    struct Rendered {
        var timeline: SessionTimeline
        var full: AudioBuffer
        var music: AudioBuffer
        var voice: AudioBuffer
        var first: AudioBuffer
        var second: AudioBuffer
        var report: MixReport
    }

    /// Tracks of 20 s at 440 and 660 Hz (the second 10 dB quieter), a 3 s voice clip at 1 kHz over the first.
    static func render() throws -> Rendered {
        let folder = try Fixtures.temporaryFolder("mixer")
        let a = folder.appendingPathComponent("a.wav"), b = folder.appendingPathComponent("b.wav")
        try Fixtures.writeTone(to: a, seconds: 20, frequency: 440, amplitude: 0.3)
        try Fixtures.writeTone(to: b, seconds: 20, frequency: 660, amplitude: 0.095)
        let mixer = SessionMixer()
        let speech = AudioBuffer(
            sampleRate: 22_050, channels: 1,
            samples: (0..<(22_050 * 3)).map {
                0.3 * Float(sin(2 * Double.pi * 1000 * Double($0) / 22_050))
            })
        let clip = try mixer.prepareVoice(speech)
        let line = ScriptLine(
            id: "L1", kind: .intro, templateID: "t", templateStatus: .approved, templateRevision: "r",
            trackIndex: 0, placement: .trackStart, slots: [], originalText: "Hi", text: "Hi",
            safety: SafetyReport(verdict: .pass, text: "Hi", findings: [], policyVersion: "test"))
        let timeline = SessionTimeline.plan(
            trackIDs: ["a", "b"], trackDurations: [20, 20], lines: [(line, clip.duration)],
            crossfade: 4)
        let gains = try [a, b].map { url in
            mixer.matchingGain(forLoudness: try TrackSource.analyse(url: url, outputRate: 44_100).loudness)
        }
        let tracks = zip(zip(timeline.tracks, [a, b]), gains).map { MixTrack(slot: $0.0, url: $0.1, gainDB: $1) }
        let voices = timeline.voices.map { MixVoice(slot: $0, audio: clip) }
        func stem(_ stems: MixStems) throws -> (AudioBuffer, MixReport) {
            let url = folder.appendingPathComponent("\(stems).wav")
            let report = try mixer.render(timeline: timeline, tracks: tracks, voices: voices, stems: stems, to: url)
            return (try AudioFileReader(url: url).readAll(), report)
        }
        let (full, report) = try stem(.full)
        return Rendered(
            timeline: timeline, full: full, music: try stem(.music).0, voice: try stem(.voice).0,
            first: try stem(.track(0)).0, second: try stem(.track(1)).0, report: report)
    }

    static let rendered = Result { try render() }

    @Test func theSessionIsAsLongAsItsTimelineAtTargetLoudnessUnderTheCeiling() throws {
        let r = try Self.rendered.get()
        #expect(r.full.sampleRate == 44_100 && r.full.channels == 2)
        #expect(abs(r.full.duration - 36) < 0.01)  // 20 + 20 − a 4 s crossfade
        #expect(abs(r.report.duration - r.timeline.duration) < 0.01)
        let measured = try LoudnessMeter.measure(r.full)
        #expect(abs(measured.loudness - -14) <= 0.8, "\(measured.loudness) LUFS")
        #expect(SignalMeasure.peak(r.full) <= 0.892)  // −1 dBFS
    }

    @Test func theMusicDucksUnderTheVoiceAndComesBack() throws {
        let r = try Self.rendered.get()
        let slot = try #require(r.timeline.voices.first)
        #expect(slot.start >= 0.5 && slot.end < 16)
        let under = SignalMeasure.rmsDBFS(r.music, from: slot.start + 0.5, to: slot.end - 0.2)
        let before = SignalMeasure.rmsDBFS(r.music, from: slot.end + 1.5, to: 15.5)
        #expect(before - under >= 10, "ducked \(before - under) dB")
        #expect(before - under <= 14)
        // The voice stem holds the clip there and nothing elsewhere.
        #expect(SignalMeasure.rmsDBFS(r.voice, from: slot.start + 0.1, to: slot.end - 0.1) > -30)
        #expect(SignalMeasure.rmsDBFS(r.voice, from: slot.end + 0.3, to: r.voice.duration) < -80)
        // In the mix the voice stands above the ducked music.
        #expect(SignalMeasure.rmsDBFS(r.full, from: slot.start + 0.5, to: slot.end - 0.2) - under > 3)
    }

    @Test func theCrossfadeHoldsBothTracksAndTheirLoudnessIsMatched() throws {
        let r = try Self.rendered.get()
        let outgoing = r.timeline.tracks[0], incoming = r.timeline.tracks[1]
        #expect(abs(outgoing.end - incoming.start - 4) < 0.001)
        let middle = incoming.start + 2
        #expect(SignalMeasure.rmsDBFS(r.first, from: middle - 0.5, to: middle + 0.5) > -40)
        #expect(SignalMeasure.rmsDBFS(r.second, from: middle - 0.5, to: middle + 0.5) > -40)
        #expect(SignalMeasure.rmsDBFS(r.first, from: outgoing.end + 0.05, to: outgoing.end + 2) < -90)
        #expect(SignalMeasure.rmsDBFS(r.second, from: 0, to: incoming.start - 0.05) < -90)
        // Equal power: no dip or bump in the middle of the fade beyond a decibel or so.
        let solo = SignalMeasure.rmsDBFS(r.music, from: 17, to: 18.5)
        let fade = SignalMeasure.rmsDBFS(r.music, from: middle - 0.25, to: middle + 0.25)
        #expect(abs(solo - fade) < 1.5, "solo \(solo) dB, mid-fade \(fade) dB")
        // The quieter source was brought up to the same level as the louder one.
        let firstSolo = SignalMeasure.rmsDBFS(r.music, from: slot(r).end + 1.5, to: 15.5)
        let secondSolo = SignalMeasure.rmsDBFS(r.music, from: 22, to: 34)
        #expect(abs(firstSolo - secondSolo) < 1, "\(firstSolo) dB against \(secondSolo) dB")
    }

    func slot(_ r: Rendered) -> SessionTimeline.VoiceSlot { r.timeline.voices[0] }
}
