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

/// The broadcast figures of a render, on generated noise and tones.
@Suite struct MixQualityTests {
    /// Pink-ish noise with a DC offset and loud peaks, 12 s, written as a float WAV.
    static func writeNoisyTrack(to url: URL, offset: Float) throws {
        var state: UInt64 = 0x9E37_79B9
        var low: Float = 0
        var samples = [Float](repeating: 0, count: 44_100 * 12 * 2)
        for frame in 0..<(samples.count / 2) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let white = Float(Int64(bitPattern: state >> 11) % 20_000) / 20_000 - 0.5
            low = 0.9 * low + 0.1 * white
            // Short loud bursts (for the limiter), alternating in sign so they add no offset of their own.
            let inBurst = frame % 22_050 >= 1_000 && frame % 22_050 < 1_200
            let burst: Float = inBurst ? (frame / 22_050 % 2 == 0 ? 0.6 : -0.6) : 0
            samples[2 * frame] = 0.5 * low + burst + offset
            samples[2 * frame + 1] = 0.5 * low - burst + offset
        }
        let writer = try AudioFileWriter(url: url, sampleRate: 44_100, channels: 2, encoding: .float32)
        try writer.write(samples)
        try writer.close()
    }

    func render(target: Double, offset: Float = 0, voice: Bool = false, voiceUnder: Double = 0) throws -> MixReport {
        let folder = try Fixtures.temporaryFolder("quality-\(target)-\(offset)-\(voice)-\(voiceUnder)")
        let url = folder.appendingPathComponent("a.wav")
        try Self.writeNoisyTrack(to: url, offset: offset)
        var settings = MixSettings()
        settings.targetLoudness = target
        settings.voiceLoudness = target - voiceUnder
        let mixer = SessionMixer(settings: settings)
        var lines: [(ScriptLine, Double)] = []
        var clips: [AudioBuffer] = []
        if voice {
            let speech = AudioBuffer(
                sampleRate: 22_050, channels: 1,
                samples: (0..<(22_050 * 3)).map { 0.3 * Float(sin(2 * Double.pi * 700 * Double($0) / 22_050)) })
            let clip = try mixer.prepareVoice(speech)
            clips.append(clip)
            lines.append(
                (
                    ScriptLine(
                        id: "L1", kind: .intro, templateID: "t", templateStatus: .approved, templateRevision: "r",
                        trackIndex: 0, placement: .trackStart, slots: [], originalText: "Hi", text: "Hi",
                        safety: SafetyReport(verdict: .pass, text: "Hi", findings: [], policyVersion: "test")),
                    clip.duration
                ))
        }
        let timeline = SessionTimeline.plan(trackIDs: ["a"], trackDurations: [12], lines: lines, crossfade: 4)
        let gain = mixer.matchingGain(forLoudness: try TrackSource.analyse(url: url, outputRate: 44_100).loudness)
        let tracks = [MixTrack(slot: timeline.tracks[0], url: url, gainDB: gain)]
        let voices = zip(timeline.voices, clips).map { MixVoice(slot: $0, audio: $1) }
        return try mixer.render(
            timeline: timeline, tracks: tracks, voices: voices, to: folder.appendingPathComponent("out.wav"))
    }

    @Test(arguments: [-14.0, -23.0])
    func theSessionLandsOnItsLoudnessTargetWithTheTruePeakHeld(target: Double) throws {
        let report = try render(target: target)
        #expect(
            abs(report.loudness - target) <= 0.5,
            "\(report.loudness) LUFS for \(target), correction \(report.correctionDB)")
        #expect(report.truePeakDBTP <= -1.0, "\(report.truePeakDBTP) dBTP")
        #expect(report.loudnessRange >= 0)
    }

    @Test func dcOffsetInASourceIsRemoved() throws {
        let report = try render(target: -14, offset: 0.05)
        #expect(report.dcOffset < 0.001, "DC \(report.dcOffset)")
    }

    @Test func eachTalkSpanSaysHowFarTheVoiceStandsAboveTheDuckedMusic() throws {
        let report = try render(target: -14, voice: true)
        let span = try #require(report.speechOverMusic.first)
        #expect(span.lineID == "L1")
        // Voice and music meet the same loudness; the music ducks 12 dB under the voice.
        #expect(span.speechOverMusic > 10 && span.speechOverMusic < 14, "\(span.speechOverMusic) LU")
        #expect(report.longestSilence < 1)
    }

    @Test func aQuietVoiceGetsADeeperDuckSoItStandsTenLUOverTheMusic() throws {
        // The voice 6 LU under the music: the usual 12 dB duck would leave it about 6 LU clear.
        let report = try render(target: -14, voice: true, voiceUnder: 6)
        let span = try #require(report.speechOverMusic.first)
        #expect(span.speechOverMusic >= 10, "\(span.speechOverMusic) LU")
        #expect(span.duckDB < -12 && span.duckDB >= -30, "\(span.duckDB) dB")
        // A voice as loud as the music keeps the usual duck.
        #expect(try render(target: -14, voice: true).speechOverMusic.first?.duckDB == -12)
    }

    @Test func autoCuedTracksLeaveNoSilenceOverTwoSeconds() throws {
        let folder = try Fixtures.temporaryFolder("autocue")
        // Two 20 s tones, each with 3 s of silence before and after the sound.
        let urls = try [440.0, 660.0].map { frequency in
            let url = folder.appendingPathComponent("\(Int(frequency)).wav")
            var samples = [Float](repeating: 0, count: 44_100 * 26 * 2)
            for frame in (44_100 * 3)..<(44_100 * 23) {
                let value = 0.3 * Float(sin(2 * Double.pi * frequency * Double(frame) / 44_100))
                samples[2 * frame] = value
                samples[2 * frame + 1] = value
            }
            let writer = try AudioFileWriter(url: url, sampleRate: 44_100, channels: 2, encoding: .float32)
            try writer.write(samples)
            try writer.close()
            return url
        }
        let analyses = try urls.map { try TrackSource.analyse(url: $0, outputRate: 44_100) }
        let mixer = SessionMixer()
        func render(cued: Bool) throws -> MixReport {
            let timeline = SessionTimeline.plan(
                trackIDs: ["a", "b"], trackDurations: analyses.map(\.duration),
                cues: cued ? analyses.map(\.cue) : [], lines: [], crossfade: 2)
            let tracks = zip(timeline.tracks, zip(urls, analyses)).map { slot, source in
                MixTrack(
                    slot: slot, url: source.0, gainDB: mixer.matchingGain(forLoudness: source.1.loudness),
                    profile: source.1.profile)
            }
            return try mixer.render(
                timeline: timeline, tracks: tracks, voices: [], to: folder.appendingPathComponent("cued-\(cued).wav"))
        }
        let cue = try #require(analyses[0].cue)
        #expect(abs(cue.cueIn - 3) < 0.15 && abs(cue.cueOut - 23) < 0.15, "\(cue)")
        let cued = try render(cued: true)
        #expect(cued.longestSilence < 2, "\(cued.longestSilence) s")
        // Two 20 s sounds; both start at full level, so the 2 s crossfade is halved.
        #expect(abs(cued.duration - (40 - 1)) < 0.3, "\(cued.duration) s")
        // Uncued, the silences meet at the seam: 6 s, less the crossfade.
        #expect(try render(cued: false).longestSilence > 2)
    }
}
