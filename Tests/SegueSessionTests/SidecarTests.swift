import Foundation
import SegueAudio
import SegueCore
import SegueSession
import SegueTestSupport
import Testing

/// `captions.vtt` and `playlist.m3u8` of a fixed voiced session with hostile catalog and line text: timed on the
/// timeline from the word times, and never broken by what the text holds.
@Suite struct SidecarTests {
    /// Text that would break a caption or playlist written naively: line breaks, control characters, `-->`, markup.
    static let hostileTitle = "Line\nBreak --> <i>x</i> & \u{1B}[31m\r\n\nWEBVTT"
    static let hostileArtist = "Evil\r\n#EXTINF:1,Fake - Entry\u{0}\u{7}"

    /// Three tracks; a short line, a long hostile line of three sentences, a line with no word times.
    static func voiced() -> VoicedScript {
        let a = Fixtures.track("t1", artist: "Dick Dale", duration: 120, audio: "audio/a.ogg")
        var b = Fixtures.track("t2", artist: hostileArtist, duration: 90, audio: "#weird\nname.ogg")
        b.title = hostileTitle
        let c = Fixtures.track("t3", artist: "Cleo", duration: 100, audio: "audio/c.ogg")
        let picks = [a, b, c].enumerated().map { index, track in
            LineupPick(position: index + 1, track: track, reasons: [], score: 1, isNewArtist: false)
        }
        let plan = SessionPlan(
            listener: Listener(id: "ana", name: "Ana", explicit: .block),
            options: SessionOptions(lineup: LineupOptions(count: 3, seed: 7)),
            lineup: Lineup(listenerID: "ana", seed: 7, picks: picks, skipped: [], warnings: []),
            analyses: [120, 90, 100].map {
                TrackAnalysis(frames: $0 * 44_100, sampleRate: 44_100, loudness: -14, peak: 0.9)
            })
        func line(_ id: String, track: Int, _ placement: ScriptLine.Placement, _ text: String) -> ScriptLine {
            ScriptLine(
                id: id, kind: .segue, templateID: "t", templateStatus: .approved, templateRevision: "r",
                trackIndex: track, placement: placement, slots: [], originalText: text, text: text,
                safety: SafetyReport(verdict: .pass, text: text, findings: [], policyVersion: "p"))
        }
        let lines = [
            line("L1", track: 0, .trackStart, "Hello & welcome, <friends>."),
            line(
                "L2", track: 1, .transition,
                "That was Dick Dale, king of the surf guitar --> and now:\n\n\(hostileTitle) by the band. It is the one from 1962 that everyone asks"
                    + " about, again and again and again! Stay with us."),
            line("L3", track: 2, .trackStart, "Cleo, at last."),
        ]
        let script = Script(plan: plan, locale: "en-US", mode: .production, policyVersion: "p", lines: lines)
        let voice = VoiceProfile(name: "river", espeakVoice: "en-us")
        // Each spoken word a quarter second after the one before, the first 0.3 s into the clip; a full stop
        // adds a pause. L3's synthesizer gave no word times.
        let voicedLines = lines.map { line -> VoicedScript.Line in
            let spoken = SpeechNormalizer().normalize(line.text)
            var words: [SpokenWord] = []
            var offset = 0
            var time = 0.3
            for word in spoken.split(separator: " ", omittingEmptySubsequences: false) {
                // espeak-ng's words leave out the punctuation after them.
                let bare = word.unicodeScalars.reversed().drop { ".,!?:".unicodeScalars.contains($0) }.count
                words.append(SpokenWord(start: time, textOffset: offset, textLength: bare))
                offset += word.unicodeScalars.count + 1
                time += [".", "!", "?"].contains(word.last) ? 0.6 : 0.25
            }
            let seconds = time + 0.4
            return VoicedScript.Line(
                lineID: line.id, spokenText: spoken,
                clip: AudioBuffer(
                    sampleRate: 44_100, channels: 2, samples: [Float](repeating: 0, count: Int(seconds * 44_100) * 2)),
                words: line.id == "L3" ? [] : words)
        }
        return VoicedScript(script: script, voice: voice, lines: voicedLines)
    }

    static func timeline(_ voiced: VoicedScript) -> SessionTimeline {
        let lengths = Dictionary(uniqueKeysWithValues: voiced.lines.map { ($0.lineID, $0.clip.duration) })
        return SessionTimeline.plan(
            trackIDs: ["t1", "t2", "t3"], trackDurations: [120, 90, 100],
            lines: voiced.script.lines.compactMap { line in lengths[line.id].map { (line, $0) } }, crossfade: 6)
    }

    /// What a viewer should read of a line: its text with control characters and line breaks as single spaces.
    static func readable(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 })
        ).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func everyCueStartsWhereItsFirstWordIsSpokenAndNoneOverlap() throws {
        let voiced = Self.voiced()
        let timeline = Self.timeline(voiced)
        try #require(timeline.voices.count == 3)
        let cues = try WebVTTReader.cues(Captions.render(voiced, timeline: timeline))
        for slot in timeline.voices {
            let line = try #require(voiced.lines.first { $0.lineID == slot.lineID })
            let first = try #require(cues.first { $0.identifier == slot.lineID })
            let expected = slot.start + (line.words.first?.start ?? 0)
            #expect(abs(first.start - expected) <= 0.05, "\(slot.lineID): \(first.start) s, spoken at \(expected) s")
            let own = cues.filter { $0.identifier == slot.lineID || $0.identifier.hasPrefix(slot.lineID + ".") }
            #expect(abs((own.last?.end ?? 0) - slot.end) <= 0.001, "\(slot.lineID) ends with its clip")
            // What the viewer reads is the script's line, whole, in order.
            let text = try #require(voiced.script.lines.first { $0.id == slot.lineID }).text
            #expect(own.flatMap(\.text).joined(separator: " ") == Self.readable(text))
        }
        for cue in cues {
            #expect(cue.end > cue.start, "\(cue.identifier)")
            #expect(cue.lines.count <= 2 && cue.text.allSatisfy { $0.count <= 42 }, "\(cue.identifier): \(cue.text)")
        }
        for (earlier, later) in zip(cues, cues.dropFirst()) {
            #expect(earlier.end <= later.start, "\(earlier.identifier) overlaps \(later.identifier)")
        }
    }

    @Test func aLongLineIsCutAtSentencesEachTimedFromItsFirstWord() throws {
        let voiced = Self.voiced()
        let timeline = Self.timeline(voiced)
        let slot = try #require(timeline.voices.first { $0.lineID == "L2" })
        let line = try #require(voiced.lines.first { $0.lineID == "L2" })
        let cues = try WebVTTReader.cues(Captions.render(voiced, timeline: timeline)).filter {
            $0.identifier.hasPrefix("L2")
        }
        try #require(cues.map(\.identifier) == ["L2", "L2.2", "L2.3", "L2.4"])
        // "Stay with us." is a cue of its own, from the spoken word "Stay".
        let last = try #require(cues.last)
        #expect(last.text == ["Stay with us."])
        let stay = try #require(line.words.first { $0.word(in: line.spokenText) == "Stay" })
        #expect(abs(last.start - (slot.start + stay.start)) <= 0.05)
        // Each sentence starts a cue where the voice starts it ("1962" is four spoken words, so matching the
        // display's words to the voice's one for one would not).
        let it = try #require(line.words.first { $0.word(in: line.spokenText) == "It" })
        #expect(abs(cues[2].start - (slot.start + it.start)) <= 0.05)
        #expect(cues[2].text.first?.hasPrefix("It is the one from 1962") == true)
        // The first sentence, too long for one cue, is cut between words; its second part is timed within it.
        #expect(cues[1].start > cues[0].start && cues[1].start < cues[2].start)
        if ProcessInfo.processInfo.environment["SHOW_CAPTIONS"] == "1" {
            print(Captions.render(voiced, timeline: timeline))
        }
    }

    @Test func hostileTextNeitherEndsACueNorAddsOne() throws {
        let voiced = Self.voiced()
        let vtt = Captions.render(voiced, timeline: Self.timeline(voiced))
        let cues = try WebVTTReader.cues(vtt)
        // One header, and exactly one timing line per cue: the title's "-->" and "WEBVTT" stay text.
        #expect(vtt.components(separatedBy: "\n").filter { $0.contains("-->") }.count == cues.count)
        #expect(vtt.components(separatedBy: "\n").filter { $0 == "WEBVTT" }.count == 1)
        let text = cues.flatMap(\.text).joined(separator: " ")
        #expect(
            text.contains(
                "Dick Dale, king of the surf guitar --> and now: Line Break --> <i>x</i> & [31m WEBVTT by the band."))
        #expect(text.contains("Hello & welcome, <friends>."))
    }

    @Test func thePlaylistListsTheTracksInOrderWhateverTheirTags() throws {
        let voiced = Self.voiced()
        let timeline = Self.timeline(voiced)
        let document = SessionDocument(draft: voiced.script, voice: "river", gains: [0, 0, 0], warnings: [])
        let text = Playlist.render(document)
        #expect(text.hasSuffix("\n"))
        let lines = text.dropLast().components(separatedBy: "\n")
        #expect(lines.first == "#EXTM3U")
        let entries = Array(lines.dropFirst())
        // An #EXTINF line and a path for each track, nothing else.
        try #require(entries.count == 2 * timeline.tracks.count)
        for (index, slot) in timeline.tracks.enumerated() {
            let info = entries[2 * index], path = entries[2 * index + 1]
            #expect(info.hasPrefix("#EXTINF:\(Int((slot.end - slot.start).rounded())),"), "\(info)")
            #expect(!path.hasPrefix("#") && !path.isEmpty)
        }
        for line in lines {
            #expect(!line.unicodeScalars.contains { $0.properties.generalCategory == .control }, "\(line)")
        }
        #expect(entries[0] == "#EXTINF:120,Dick Dale - Song t1" && entries[1] == "audio/a.ogg")
        #expect(entries[2] == "#EXTINF:90,Evil #EXTINF:1,Fake - Entry - Line Break --> <i>x</i> & [31m WEBVTT")
        #expect(entries[3] == "./#weird%0Aname.ogg")
        #expect(entries[5] == "audio/c.ogg")
    }

    /// Each format's audio file name, for the session and its stems, and the cue sheet's `FILE` line naming it.
    @Test(arguments: OutputFormat.allCases)
    func theAudioFileAndTheCueSheetNameTheSameFile(format: OutputFormat) throws {
        let name = RenderedSession.audioName(for: .full, format: format)
        #expect(name == "session.\(format.fileExtension)")
        #expect(RenderedSession.audioName(for: .music, format: format) == "music.\(format.fileExtension)")
        #expect(RenderedSession.audioName(for: .track(1), format: format) == "track-2.\(format.fileExtension)")
        let voiced = Self.voiced()
        let document = SessionDocument(draft: voiced.script, voice: "river", gains: [0, 0, 0], warnings: [])
        let cue = CueSheet.render(document, fileName: name, format: format)
        let file = try #require(cue.split(separator: "\n").first { $0.hasPrefix("FILE ") })
        #expect(file == "FILE \"\(name)\" \(format == .mp3 ? "MP3" : "WAVE")")
    }
}
