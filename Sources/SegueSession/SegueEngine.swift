import Foundation
import SegueAudio
import SegueCore
import SegueFiles

/// The composition root: the catalog and its features, the templates, the safety screen, the voices and the
/// normaliser, loaded and indexed once and shared read-only by every session a process makes.
///
/// A session is four stages, each taking a value and returning one, so any of them can be saved, reviewed and
/// resumed: `plan(for:options:)` → `script(_:)` → `voice(_:)` → `mix(_:stems:stagingIn:)`, then
/// `RenderedSession.write(to:)`. `render(for:options:to:)` runs them all.
public struct SegueEngine: Sendable {
    /// The catalog, with its features indexed once (`Sequencer`).
    public let sequencer: Sequencer
    /// The commentary templates; `reloadingTemplates(from:)` gives an engine with newer ones.
    public internal(set) var templates: TemplateLibrary
    public let screen: SafetyScreen
    /// Voice profiles by name.
    public let voices: [String: VoiceProfile]
    public let normalizer: SpeechNormalizer
    public let synthesizer: any SpeechSynthesizing
    public let mixer: SessionMixer
    /// Where the catalog came from, for messages.
    public let catalogPath: String
    /// The folders audio may be read from: the catalog's and the configured library roots.
    public let library: AudioLibrary
    /// What loading the inputs noticed but could go on from (unknown fields in the catalog).
    public let inputWarnings: [InputWarning]
    /// Every track's audio is read once per engine, whatever number of sessions it plans.
    private let analysisCache = FileCache<TrackAnalysis>()
    /// Where the voice stage keeps the clips it synthesizes and finds them again; nil synthesizes every line.
    public let clipCache: ClipCache?

    /// An engine from loaded values.
    public init(
        catalog: Catalog, catalogPath: String, templates: TemplateLibrary, screen: SafetyScreen,
        voices: [String: VoiceProfile], normalizer: SpeechNormalizer, synthesizer: any SpeechSynthesizing,
        mixer: SessionMixer = SessionMixer(), inputWarnings: [InputWarning] = [], libraryRoots: [URL] = [],
        clipCache: ClipCache? = nil
    ) {
        self.clipCache = clipCache
        self.inputWarnings = inputWarnings
        library = AudioLibrary(catalogFolder: catalog.baseURL, roots: libraryRoots)
        sequencer = Sequencer(catalog: catalog)
        self.catalogPath = catalogPath
        self.templates = templates
        self.screen = screen
        self.voices = voices
        self.normalizer = normalizer
        self.synthesizer = synthesizer
        self.mixer = mixer
    }

    /// The catalog sessions are planned from.
    public var catalog: Catalog { sequencer.catalog }

    // MARK: - Stages

    /// The plan stage: the lineup for `listener`, each pick's audio read once for its length and loudness. A pick
    /// whose audio is missing, unreadable, silent, or much shorter than the catalog says (a truncated file) is
    /// skipped, reported, and the next candidate takes its place.
    /// History plays dated after the reference time (`options.lineup.asOf`, else `now`) count as played then.
    /// - Throws: `SessionError.noPlayableTrack` when nothing can be played.
    public func plan(for listener: Listener, options: SessionOptions, now: Date = Date()) throws -> SessionPlan {
        var analyses: [String: TrackAnalysis] = [:]
        // A session asked for in minutes plays them: when cueing (silence and long fade tails cut) and the
        // crossfades leave the lineup short, it is asked again for the difference, a few times at most.
        var asked = options.lineup
        var lineup = try lineupOfPlayableTracks(for: listener, options: asked, now: now, analyses: &analyses)
        var played = Self.playedSeconds(of: lineup, analyses: analyses, crossfade: options.crossfade)
        let wanted = options.lineup.minutes * 60
        for _ in 0..<3 where options.lineup.count == nil && !lineup.picks.isEmpty && played < wanted - 1 {
            asked.minutes += (wanted - played) / 60
            let longer = try lineupOfPlayableTracks(for: listener, options: asked, now: now, analyses: &analyses)
            let length = Self.playedSeconds(of: longer, analyses: analyses, crossfade: options.crossfade)
            guard length > played else { break }
            (lineup, played) = (longer, length)
        }
        if options.lineup.count == nil, !lineup.picks.isEmpty, played < wanted - 1 {
            let listed = lineup.picks.reduce(0.0) { $0 + (analyses[$1.track.id]?.duration ?? $1.track.duration) }
            let cued = lineup.picks.reduce(0.0) { $0 + (analyses[$1.track.id]?.playingLength ?? $1.track.duration) }
            lineup.warnings.append(
                "the session plays \(Self.clock(played)) of the \(Self.clock(wanted)) asked: its \(lineup.picks.count) "
                    + "tracks last \(Self.clock(listed)), cueing cuts \(Self.clock(listed - cued)) of silence and fade "
                    + "tails, and the crossfades overlap \(Self.clock(max(cued - played, 0))); no further playable "
                    + "track fits the rules")
        }
        let ordered = try lineup.picks.map { pick in
            guard let analysis = analyses[pick.track.id] else {
                throw SessionError(
                    .inconsistentPlan, message: "track \(pick.track.id) was picked without an audio analysis")
            }
            return analysis
        }
        var planned = lineup
        let locale = spokenLocale(for: listener, mode: options.mode)
        if locale != listener.locale {
            planned.warnings.append(
                "no templates speak \(listener.locale) for listener '\(listener.id)'; the DJ speaks \(locale)")
        }
        return SessionPlan(listener: listener, options: options, lineup: planned, analyses: ordered, locale: locale)
    }

    /// Seconds the session would play: the lineup's tracks cued and crossfaded as the mixer lays them out.
    static func playedSeconds(of lineup: Lineup, analyses: [String: TrackAnalysis], crossfade: Double) -> Double {
        let tracks = lineup.picks.compactMap { analyses[$0.track.id] }
        guard tracks.count == lineup.picks.count else { return 0 }
        return SessionTimeline.plan(
            trackIDs: lineup.picks.map(\.track.id), trackDurations: tracks.map(\.duration), cues: tracks.map(\.cue),
            lines: [], crossfade: crossfade
        ).duration
    }

    /// Minutes and seconds, `9:12`.
    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return "\(whole / 60):" + (whole % 60 < 10 ? "0" : "") + "\(whole % 60)"
    }

    /// The sequencer's lineup with every pick's audio found and analysed (`analyses` gains each), tracks whose audio
    /// cannot play skipped with the reason.
    /// - Throws: `SessionError.noPlayableTrack` when nothing can play, saying why.
    private func lineupOfPlayableTracks(
        for listener: Listener, options: LineupOptions, now: Date, analyses: inout [String: TrackAnalysis]
    ) throws -> Lineup {
        var found = analyses
        defer { analyses = found }
        let lineup = sequencer.lineup(for: listener, options: options, now: now) { track in
            let url: URL
            switch library.audio(for: track, in: catalog) {
            case .success(let found): url = found
            case .failure(let refused): return refused.message
            }
            do {
                let rate = mixer.settings.sampleRate
                let analysis = try analysisCache.value(for: url, variant: rate) {
                    try TrackSource.analyse(url: url, outputRate: rate)
                }
                if let problem = Self.problem(with: analysis, of: track) { return problem }
                found[track.id] = analysis
                return nil
            } catch {
                return "\(error)"
            }
        }
        guard !lineup.picks.isEmpty else {
            // Why, by rule, then the first few tracks skipped for their audio.
            let rules = lineup.warnings.filter { $0.hasPrefix("no track of") }
            var skipped = lineup.skipped.prefix(10).map { "\($0.trackID) (\($0.reason))" }
            if lineup.skipped.count > 10 { skipped.append("and \(lineup.skipped.count - 10) more") }
            throw SessionError(
                .noPlayableTrack,
                message: "no playable track for listener '\(listener.id)' in \(catalogPath)"
                    + rules.map { "; \($0)" }.joined()
                    + (skipped.isEmpty ? "" : "; skipped: \(skipped.joined(separator: ", "))"))
        }
        return lineup
    }

    /// The script stage: the DJ's lines for a plan, from the templates its mode allows, each screened for safety.
    /// - Parameter recent: what the DJ said to the listener lately (templates, artists introduced as new).
    public func script(_ plan: SessionPlan, recent: RecentTalk = RecentTalk()) async throws -> Script {
        try checkPlanMatchesCatalog(plan)
        let writer = ScriptWriter(library: templates, mode: plan.options.mode, screen: screen)
        let talk = ScriptWriter.TalkOptions(
            minGap: plan.options.talkGap.lowerBound, maxGap: plan.options.talkGap.upperBound,
            recentTemplates: recent.templates, recentlyIntroduced: recent.introducedArtists,
            listenerName: plan.listener.nameInCommentary ? plan.listener.name : nil)
        return try await writer.script(for: plan, catalog: catalog, talk: talk)
    }

    /// The voice stage: every spoken line made speech-ready for the voice, synthesized (or read back from the clip
    /// cache) with where each word starts, and brought to the mix rate.
    /// - Throws: `SpeechError` for an unknown voice or a synthesis failure.
    public func voice(_ script: Script) async throws -> VoicedScript {
        let profile = try voice(for: script.plan)
        var lines: [VoicedScript.Line] = []
        for line in script.lines where line.isSpoken {
            let spoken = normalizer.normalize(line.text, language: profile.language)
            let speech: SynthesizedSpeech
            if let clipCache {
                speech = try await clipCache.speech(for: spoken, voice: profile, synthesizer: synthesizer)
            } else {
                speech = try await synthesizer.speech(for: spoken, voice: profile)
            }
            // Word times are seconds into the clip, so resampling it to the mix rate leaves them as they are.
            lines.append(
                VoicedScript.Line(
                    lineID: line.id, spokenText: spoken, clip: try mixer.prepareVoice(speech.audio),
                    words: speech.words))
        }
        return VoicedScript(script: script, voice: profile, lines: lines)
    }

    /// The mix stage: the timeline laid out, the tracks crossfaded and gain-matched, the music ducked under the
    /// voice, the whole normalised and limited, rendered to a staging file in `folder` (the output folder, so that
    /// `RenderedSession.write(to:)` can rename it into place).
    /// - Parameters:
    ///   - stems: `.full` for the session; `.music` or `.voice` for one stem (measurement and review).
    ///   - progress: told the fraction mixed, 0 to 1, at most about ten times a second (`SessionMixer.render`).
    ///   - isCancelled: asked as the mix goes; true stops it with `CancellationError`, and the staged audio goes.
    public func mix(
        _ voiced: VoicedScript, stems: MixStems = .full, stagingIn folder: URL,
        progress: (@Sendable (Double) -> Void)? = nil, isCancelled: (@Sendable () -> Bool)? = nil
    ) throws -> RenderedSession {
        let plan = voiced.script.plan
        try checkPlanMatchesCatalog(plan)
        let clips = Dictionary(voiced.lines.map { ($0.lineID, $0.clip) }, uniquingKeysWith: { first, _ in first })
        let timeline = timeline(for: voiced)
        let tracks = try zip(plan.lineup.picks, zip(timeline.tracks, plan.analyses)).map { pick, placed in
            let url: URL
            switch library.audio(for: pick.track, in: catalog) {
            case .success(let found): url = found
            case .failure(let refused):
                throw SessionError(
                    .inconsistentPlan, message: "track \(pick.track.id) in \(catalogPath): \(refused.message)")
            }
            return MixTrack(
                slot: placed.0, url: url, gainDB: mixer.matchingGain(forLoudness: placed.1.loudness),
                profile: placed.1.profile)
        }
        let voices = timeline.voices.compactMap { slot in clips[slot.lineID].map { MixVoice(slot: slot, audio: $0) } }
        // What killed renders left here goes first: staged audio and mix scratch are hundreds of megabytes.
        AtomicFile.removeStale(in: folder)
        let output = mixer.settings.output
        let staged = try StagedFile(
            beside: folder.appendingPathComponent(RenderedSession.audioName(for: stems, format: output)))
        let report = try mixer.render(
            timeline: timeline, tracks: tracks, voices: voices, stems: stems, to: staged.url, progress: progress,
            isCancelled: isCancelled)
        let document = SessionDocument(
            voiced: voiced, timeline: timeline, tracks: tracks, mix: report,
            warnings: refusedTemplates + timeline.unplaced.map { "line \($0.lineID) is not spoken: \($0.reason)" })
        return RenderedSession(
            voiced: voiced, timeline: timeline, mix: report, document: document, stems: stems,
            quality: QualityReport(mix: report, settings: mixer.settings), format: output, audio: staged)
    }

    /// When every track and spoken line plays in a voiced script's session (the mix stage's layout, without audio).
    public func timeline(for voiced: VoicedScript) -> SessionTimeline {
        let plan = voiced.script.plan
        let lengths = Dictionary(
            voiced.lines.map { ($0.lineID, $0.clip.duration) }, uniquingKeysWith: { first, _ in first })
        return SessionTimeline.plan(
            for: plan, lines: voiced.script.lines.compactMap { line in lengths[line.id].map { (line, $0) } })
    }

    /// All four stages, then the outputs written to `folder` (created if needed).
    /// - Parameter progress: told the fraction of the mix done (`mix(_:stems:stagingIn:progress:)`).
    public func render(
        for listener: Listener, options: SessionOptions, recent: RecentTalk = RecentTalk(),
        stems: MixStems = .full, to folder: URL, progress: (@Sendable (Double) -> Void)? = nil
    ) async throws -> RenderedSession {
        let plan = try plan(for: listener, options: options)
        let script = try await script(plan, recent: recent)
        return try await render(script, stems: stems, to: folder, progress: progress)
    }

    /// The voice and mix stages for a reviewed script, then the outputs written to `folder` (created if needed).
    /// - Parameter progress: told the fraction of the mix done (`mix(_:stems:stagingIn:progress:)`).
    public func render(
        _ script: Script, stems: MixStems = .full, to folder: URL, progress: (@Sendable (Double) -> Void)? = nil
    ) async throws -> RenderedSession {
        let voiced = try await voice(script)
        try Self.createFolder(folder)
        let rendered = try mix(voiced, stems: stems, stagingIn: folder, progress: progress)
        try rendered.write(to: folder)
        return rendered
    }

    /// The document of a script before it is rendered, for review (`script.md` of `segue script`): the tracks' times
    /// and gains, every line with its verdict; no line times, no mix figures.
    public func review(_ script: Script) throws -> SessionDocument {
        SessionDocument(
            draft: script, voice: try voice(for: script.plan).name,
            gains: script.plan.analyses.map { mixer.matchingGain(forLoudness: $0.loudness) },
            warnings: refusedTemplates)
    }

    // MARK: - Helpers

    /// Segue's own language, spoken when no template speaks the listener's.
    public static let defaultLocale = "en-US"

    /// The listener's locale when intros and segues exist for its language in `mode`, else `defaultLocale`: never a
    /// session with no lines, nor English lines in another language's voice.
    func spokenLocale(for listener: Listener, mode: TemplateLibrary.Mode) -> String {
        let served = [CommentaryTemplate.Kind.intro, .segue].allSatisfy {
            !templates.candidates(kind: $0, locale: listener.locale, mode: mode).isEmpty
        }
        return served ? listener.locale : Self.defaultLocale
    }

    /// Audio a listener should not be given: silence (it would be dead air, and no gain can match it) or a file much
    /// shorter than its catalog entry (truncated: a blip brought up to full loudness, while the DJ names it).
    static func problem(with analysis: TrackAnalysis, of track: Track) -> String? {
        if !analysis.loudness.isFinite || analysis.loudness < -60 {
            return
                "silent audio (\(analysis.loudness.isFinite ? String(format: "%.0f LUFS", analysis.loudness) : "no signal"))"
        }
        if track.duration.isFinite, analysis.duration < track.duration * 0.5, track.duration - analysis.duration > 5 {
            return String(
                format: "the audio lasts %.1f s, the catalog says %.1f s (a truncated file?)", analysis.duration,
                track.duration)
        }
        return nil
    }

    /// Templates marked approved that may not speak (edited since approval, ...), as warnings.
    var refusedTemplates: [String] { templates.refused.map { "template \($0.template.id) refused: \($0.reason)" } }

    /// The voice a plan asks for, or the profile matching the listener's language.
    /// - Throws: `SpeechError.unknownVoice` listing the profiles.
    public func voice(for plan: SessionPlan) throws -> VoiceProfile {
        if let name = plan.options.voiceName {
            guard let profile = voices[name] else {
                throw SpeechError(
                    .unknownVoice,
                    message: "unknown voice '\(name)'; voices: \(voices.keys.sorted().joined(separator: ", "))")
            }
            return profile
        }
        guard let profile = VoiceProfile.matching(locale: plan.locale, among: Array(voices.values)) else {
            throw SpeechError(.unknownVoice, message: "no voice profiles to speak with")
        }
        return profile
    }

    /// A saved plan names tracks by id; they must still be in this engine's catalog, with the same audio and length
    /// (the audio analysis in the plan was made from them).
    private func checkPlanMatchesCatalog(_ plan: SessionPlan) throws {
        for pick in plan.lineup.picks {
            guard let track = catalog[pick.track.id] else {
                throw SessionError(
                    .inconsistentPlan,
                    message: "the plan's track \(pick.track.id) is not in \(catalogPath); plan again with this catalog")
            }
            guard track.audio == pick.track.audio, track.duration == pick.track.duration else {
                throw SessionError(
                    .inconsistentPlan,
                    message:
                        "the plan's track \(pick.track.id) has other audio in \(catalogPath) than when it was planned; "
                        + "plan again with this catalog")
            }
        }
    }

    static func createFolder(_ folder: URL) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw FileError(
                    .notAFolder, path: folder.path, message: "is a file, not a folder to write the session in")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw FileError(from: error, path: folder.path, message: "cannot create the output folder")
        }
    }
}
