import Foundation
import SegueAudio
import SegueCore
import SegueStore

/// What a rendered session produced.
public struct SessionResult: Sendable {
    public var document: SessionDocument
    public var lineup: Lineup
    public var script: Script
    public var timeline: SessionTimeline
    public var mix: MixReport
    /// The files written, in the output folder.
    public var files: [URL]
}

/// The whole pipeline: plan (sequencer) → script (commentary + safety) → voice → mix → outputs.
public struct SessionRenderer: Sendable {
    public var synthesizer: any SpeechSynthesizing
    /// The safety checker's sound view; nil checks text only.
    public var transcriber: (any PhonemeTranscribing)?
    public var mixer: SessionMixer

    public init(synthesizer: any SpeechSynthesizing, transcriber: (any PhonemeTranscribing)?,
                mixer: SessionMixer = SessionMixer()) {
        self.synthesizer = synthesizer
        self.transcriber = transcriber
        self.mixer = mixer
    }

    /// Plans the lineup, checking each pick's audio; unreadable audio is skipped and reported.
    public func lineup(catalog: Catalog, listener: Listener, options: LineupOptions)
        -> (lineup: Lineup, analyses: [String: TrackAnalysis])
    {
        var analyses: [String: TrackAnalysis] = [:]
        let lineup = Sequencer(catalog: catalog).lineup(for: listener, options: options) { track in
            guard let url = catalog.audioURL(for: track) else { return "no audio file in the catalog" }
            do {
                analyses[track.id] = try TrackSource.analyse(url: url, outputRate: mixer.settings.sampleRate)
                return nil
            } catch {
                return "\(error)"
            }
        }
        return (lineup, analyses)
    }

    /// Renders the session and writes `session.wav`, `script.json`, `script.md` and `session.cue`.
    /// - Parameter stems: `.full` for the session; other stems write only `session.wav` (for measurement).
    public func render(_ request: SessionRequest, stems: MixStems = .full) async throws -> SessionResult {
        let catalog = try CatalogLoader.load(from: request.catalogURL)
        let listener = try Listener.load(from: request.listenerURL)
        let library = try TemplateLibrary.load(from: request.promptsURL)
        let voice = try request.voiceName.map { try VoiceProfile.named($0, in: request.voicesURL) }
            ?? VoiceProfile.matching(locale: listener.locale, in: request.voicesURL)

        let (lineup, analyses) = lineup(catalog: catalog, listener: listener, options: request.lineupOptions)
        guard !lineup.picks.isEmpty else {
            throw SessionError("no playable track for listener '\(listener.id)' in \(request.catalogURL.path)"
                + (lineup.skipped.isEmpty ? "" : "; skipped: " + lineup.skipped.map { "\($0.trackID) (\($0.reason))" }.joined(separator: ", ")))
        }
        let screen = try await SafetyScreen.make(transcriber: transcriber)
        // Two statements on purpose: Swift 6.3 miscompiled an async call chained on a fresh struct here.
        let writer = ScriptWriter(library: library, mode: request.mode, screen: screen)
        let history = try request.historyURL.map(TemplateHistory.load) ?? TemplateHistory()
        let talk = ScriptWriter.TalkOptions(
            minGap: request.talkGap.lowerBound, maxGap: request.talkGap.upperBound,
            recentTemplates: history.recentTemplates(for: listener.id),
            listenerName: listener.nameInCommentary ? listener.name : nil)
        var script = try await writer.script(for: lineup, catalog: catalog, locale: listener.locale, seed: request.seed,
                                             talk: talk)
        let pronunciations = request.promptsURL.appendingPathComponent("pronunciations.tsv")
        let normalizer = FileManager.default.fileExists(atPath: pronunciations.path)
            ? try SpeechNormalizer.load(from: pronunciations) : SpeechNormalizer()
        for index in script.lines.indices {
            script.lines[index].spokenText = normalizer.normalize(script.lines[index].text, language: voice.language)
        }

        var clips: [String: AudioBuffer] = [:]
        for line in script.lines where line.isSpoken {
            let speech = try await synthesizer.synthesize(line.spokenText, voice: voice)
            clips[line.id] = try mixer.prepareVoice(speech)
        }

        let analysed = lineup.picks.compactMap { analyses[$0.track.id] }
        let timeline = SessionTimeline.plan(
            trackIDs: lineup.picks.map(\.track.id), trackDurations: analysed.map(\.duration),
            lines: script.lines.compactMap { line in clips[line.id].map { (line, $0.duration) } },
            crossfade: request.crossfade)
        let tracks = zip(lineup.picks, timeline.tracks).map { pick, slot in
            MixTrack(slot: slot, url: catalog.audioURL(for: pick.track) ?? catalog.baseURL,
                     gainDB: mixer.matchingGain(forLoudness: analyses[pick.track.id]?.loudness ?? -.infinity))
        }
        let voices = timeline.voices.compactMap { slot in clips[slot.lineID].map { MixVoice(slot: slot, audio: $0) } }

        let folder = request.outputURL
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let wav = folder.appendingPathComponent("session.wav")
        let temporary = AtomicFile.temporaryURL(for: wav)
        let mix: MixReport
        do {
            mix = try mixer.render(timeline: timeline, tracks: tracks, voices: voices, stems: stems, to: temporary)
            try AtomicFile.commit(temporary, to: wav)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }

        let document = Self.document(request: request, listener: listener, voice: voice, lineup: lineup, script: script,
                                     timeline: timeline, tracks: tracks, analyses: analyses, catalog: catalog, mix: mix,
                                     refusedTemplates: library.refused.map { "template \($0.template.id) refused: \($0.reason)" })
        var files = [wav]
        if stems == .full {
            let outputs: [(String, Data)] = [
                ("script.json", try JSONFile.encode(document)),
                ("script.md", Data(ScriptMarkdown.render(document).utf8)),
                ("session.cue", Data(CueSheet.render(document, fileName: wav.lastPathComponent).utf8)),
            ]
            for (name, data) in outputs {
                let url = folder.appendingPathComponent(name)
                try AtomicFile.write(data, to: url)
                files.append(url)
            }
        }
        if stems == .full, let historyURL = request.historyURL {
            var updated = history
            updated.record(listener: listener.id, seed: request.seed, templates: script.lines.map(\.templateID))
            try AtomicFile.write(try JSONFile.encode(updated), to: historyURL)
        }
        return SessionResult(document: document, lineup: lineup, script: script, timeline: timeline, mix: mix, files: files)
    }

    static func document(request: SessionRequest, listener: Listener, voice: VoiceProfile, lineup: Lineup, script: Script,
                         timeline: SessionTimeline, tracks: [MixTrack], analyses: [String: TrackAnalysis],
                         catalog: Catalog, mix: MixReport, refusedTemplates: [String]) -> SessionDocument {
        func round3(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
        let segments = zip(lineup.picks, tracks).map { pick, track in
            SessionDocument.TrackSegment(
                position: pick.position, trackID: pick.track.id, title: pick.track.title, artist: pick.track.artist,
                audio: pick.track.audio ?? "", start: round3(track.slot.start), end: round3(track.slot.end),
                fadeIn: round3(track.slot.fadeIn), fadeOut: round3(track.slot.fadeOut),
                sourceLoudness: round3(analyses[pick.track.id]?.loudness ?? 0), gainDB: round3(track.gainDB),
                reasons: pick.reasons, score: pick.score)
        }
        let lines = script.lines.map { line in
            let slot = timeline.voices.first { $0.lineID == line.id }
            return SessionDocument.Line(line: line, voice: voice.name, trackID: lineup.picks[line.trackIndex].track.id,
                                        start: slot.map { round3($0.start) }, end: slot.map { round3($0.end) })
        }
        return SessionDocument(
            listenerID: listener.id, listenerName: listener.name, seed: request.seed, voice: voice.name,
            mode: request.mode.rawValue, sampleRate: mix.sampleRate, duration: round3(mix.duration),
            loudness: round3(mix.loudness), peakDBFS: round3(mix.peakDBFS),
            policyVersion: script.lines.first?.safety.policyVersion ?? SafetyPolicy.standard.version,
            tracks: segments, lines: lines, skipped: lineup.skipped, warnings: lineup.warnings + refusedTemplates)
    }
}

/// A session that cannot be made at all.
public struct SessionError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
