import Foundation
import SegueAudio
import SegueCore
import SegueSession
import SegueSpeech
import SegueTestSupport
import Testing

/// The sidecars of a real render (espeak-ng's word times, the mixer's figures), read back from disk and held to the
/// timeline, and the captions to the voice as it sounds.
@Suite(.serialized) struct SidecarEndToEndTests {
    @Test func theSidecarsOnDiskDescribeTheSessionAsRendered() async throws {
        let engine = try await SessionEndToEndTests.engine.value
        let listener = try Listener.load(from: Fixtures.listener("cleo"))
        let plan = try engine.plan(
            for: listener, options: SessionOptions(lineup: LineupOptions(count: 3, seed: 5), voiceName: "river"))
        let script = try await engine.script(plan)
        let out = try Fixtures.temporaryFolder()
        let rendered = try await engine.render(script, to: out)
        let timeline = rendered.timeline, document = rendered.document
        try #require(timeline.voices.count >= 2)
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == rendered.fileNames.sorted())
        #expect(names.contains("captions.vtt") && names.contains("manifest.json") && names.contains("playlist.m3u8"))

        // manifest.json: the timeline's segments, the document's gains, the clips' hashes, the mix's figures.
        let manifest = try JSONDecoder().decode(
            SessionManifest.self, from: Data(contentsOf: out.appendingPathComponent("manifest.json")))
        #expect(manifest == rendered.manifest)
        #expect(manifest.audio == "session.wav" && manifest.sampleRate == rendered.mix.sampleRate)
        #expect(abs(manifest.loudness - rendered.mix.loudness) <= 0.0005)
        #expect(abs(manifest.truePeak - rendered.mix.truePeakDBTP) <= 0.0005)
        #expect(abs(manifest.duration - timeline.duration) < 0.05)
        try #require(manifest.tracks.count == timeline.tracks.count)
        for (track, slot) in zip(manifest.tracks, timeline.tracks) {
            #expect(track.index == slot.index && track.trackID == slot.trackID)
            #expect(abs(track.start - slot.start) <= 0.0005 && abs(track.end - slot.end) <= 0.0005)
            #expect(abs(track.fadeIn - slot.fadeIn) <= 0.0005 && abs(track.fadeOut - slot.fadeOut) <= 0.0005)
            #expect(abs(track.cueIn - slot.cueIn) <= 0.0005)
            #expect(abs((track.cueOut - track.cueIn) - (slot.end - slot.start)) <= 0.001)
            let segment = try #require(document.tracks.first { $0.trackID == slot.trackID })
            #expect(track.gainDB == segment.gainDB && track.sourceLoudness == segment.sourceLoudness)
            #expect(track.audio == segment.audio && !track.audio.hasPrefix("/"))
        }
        #expect(manifest.voiceClips.map(\.lineID) == timeline.voices.map(\.lineID))
        for (clip, slot) in zip(manifest.voiceClips, timeline.voices) {
            let line = try #require(rendered.voiced.lines.first { $0.lineID == slot.lineID })
            #expect(clip.contentHash == line.contentHash && clip.words == line.words.count)
            #expect(abs(clip.start - slot.start) <= 0.0005 && abs(clip.end - slot.end) <= 0.0005)
        }

        // playlist.m3u8: the tracks in order.
        let playlist = try String(contentsOf: out.appendingPathComponent("playlist.m3u8"), encoding: .utf8)
        var expected = ["#EXTM3U"]
        for segment in document.tracks {
            expected += [
                "#EXTINF:\(Int((segment.end - segment.start).rounded())),\(segment.artist) - \(segment.title)",
                segment.audio,
            ]
        }
        #expect(playlist == expected.joined(separator: "\n") + "\n")

        // captions.vtt: each line's first cue where its first word is spoken, none overlapping.
        let cues = try WebVTTReader.cues(
            try String(contentsOf: out.appendingPathComponent("captions.vtt"), encoding: .utf8))
        for slot in timeline.voices {
            let line = try #require(rendered.voiced.lines.first { $0.lineID == slot.lineID })
            let word = try #require(line.words.first)
            let cue = try #require(cues.first { $0.identifier == slot.lineID })
            #expect(abs(cue.start - (slot.start + word.start)) <= 0.05, "\(slot.lineID)")
        }
        for (earlier, later) in zip(cues, cues.dropFirst()) { #expect(earlier.end <= later.start) }
        #expect(cues.allSatisfy { $0.end > $0.start && $0.lines.count <= 2 })

        // As heard: the voice is silent just before each line's first cue and speaking just after it.
        let voiceOut = try Fixtures.temporaryFolder("voice")
        _ = try await engine.render(script, stems: .voice, to: voiceOut)
        let voice = try AudioFileReader(url: voiceOut.appendingPathComponent("voice.wav")).readAll()
        for slot in timeline.voices {
            let cue = try #require(cues.first { $0.identifier == slot.lineID })
            let before = SignalMeasure.rmsDBFS(voice, from: cue.start - 0.3, to: cue.start - 0.05)
            let after = SignalMeasure.rmsDBFS(voice, from: cue.start + 0.05, to: cue.start + 0.3)
            #expect(before < -60 && after > -40, "\(slot.lineID): \(before) dBFS before, \(after) dBFS after")
        }
    }
}
