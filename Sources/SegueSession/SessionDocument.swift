import SegueAudio
import SegueCore
import SegueFiles

/// The session's timeline and script as `script.json`: every segment's place in seconds, every line
/// with its text, template, voice and safety verdict, and every skipped track with its reason.
public struct SessionDocument: Sendable, Codable, Equatable {
    /// A track as it plays in the session.
    public struct TrackSegment: Sendable, Codable, Equatable {
        public var position: Int
        public var trackID: String
        public var title: String
        public var artist: String
        public var audio: String
        public var start: Double
        public var end: Double
        public var fadeIn: Double
        public var fadeOut: Double
        /// Measured integrated loudness of the source, LUFS.
        public var sourceLoudness: Double
        /// Gain applied to match the target loudness, dB.
        public var gainDB: Double
        public var reasons: [String]
        public var score: Double

        enum CodingKeys: String, CodingKey {
            case position
            case trackID = "track_id"
            case title, artist, audio
            case start = "start_s", end = "end_s", fadeIn = "fade_in_s", fadeOut = "fade_out_s"
            case sourceLoudness = "source_loudness_lufs"
            case gainDB = "gain_db"
            case reasons, score
        }
    }

    /// A line of the script; spoken lines have their spoken form, and once rendered a start and end.
    public struct Line: Sendable, Codable, Equatable {
        public var line: ScriptLine
        public var voice: String
        public var trackID: String
        /// What the voice reads (the voice stage's speech-ready text); nil for a blocked line or a draft.
        public var spokenText: String?
        public var start: Double?
        public var end: Double?

        enum CodingKeys: String, CodingKey {
            case voice
            case trackID = "track_id"
            case spokenText = "spoken_text"
            case start = "start_s", end = "end_s"
        }

        public init(line: ScriptLine, voice: String, trackID: String, spokenText: String?, start: Double?, end: Double?)
        {
            self.line = line
            self.voice = voice
            self.trackID = trackID
            self.spokenText = spokenText
            self.start = start
            self.end = end
        }

        public init(from decoder: any Decoder) throws {
            line = try ScriptLine(from: decoder)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            voice = try c.decode(String.self, forKey: .voice)
            trackID = try c.decode(String.self, forKey: .trackID)
            spokenText = try c.decodeIfPresent(String.self, forKey: .spokenText)
            start = try c.decodeIfPresent(Double.self, forKey: .start)
            end = try c.decodeIfPresent(Double.self, forKey: .end)
        }

        public func encode(to encoder: any Encoder) throws {
            try line.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(voice, forKey: .voice)
            try c.encode(trackID, forKey: .trackID)
            try c.encodeIfPresent(spokenText, forKey: .spokenText)
            try c.encodeIfPresent(start, forKey: .start)
            try c.encodeIfPresent(end, forKey: .end)
        }
    }

    public var version = 1
    public var listenerID: String
    public var listenerName: String
    public var seed: UInt64
    public var voice: String
    public var mode: TemplateLibrary.Mode
    /// The mix's figures; nil in a draft (a script not rendered yet).
    public var sampleRate: Int?
    public var duration: Double
    public var loudness: Double?
    public var peakDBFS: Double?
    public var policyVersion: String
    public var tracks: [TrackSegment]
    public var lines: [Line]
    public var skipped: [SkippedTrack]
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case version
        case listenerID = "listener_id"
        case listenerName = "listener_name"
        case seed, voice, mode
        case sampleRate = "sample_rate"
        case duration = "duration_s"
        case loudness = "loudness_lufs"
        case peakDBFS = "peak_dbfs"
        case policyVersion = "policy_version"
        case tracks, lines, skipped, warnings
    }
}

extension SessionDocument {
    /// The document of a rendered session.
    init(voiced: VoicedScript, timeline: SessionTimeline, tracks: [MixTrack], mix: MixReport, warnings: [String]) {
        self.init(
            script: voiced.script, voice: voiced.voice.name, timeline: timeline, gains: tracks.map(\.gainDB),
            spoken: Dictionary(voiced.lines.map { ($0.lineID, $0.spokenText) }, uniquingKeysWith: { a, _ in a }),
            warnings: warnings)
        sampleRate = mix.sampleRate
        duration = Self.round3(mix.duration)
        loudness = Self.round3(mix.loudness)
        peakDBFS = Self.round3(mix.peakDBFS)
    }

    /// The document of a script not rendered yet, for review: the tracks' times (they do not depend on the
    /// voice), every line and its verdict, no line times and no mix figures.
    public init(draft script: Script, voice: String, gains: [Double], warnings: [String]) {
        let plan = script.plan
        let timeline = SessionTimeline.plan(for: plan)
        self.init(script: script, voice: voice, timeline: timeline, gains: gains, spoken: [:], warnings: warnings)
    }

    private init(
        script: Script, voice: String, timeline: SessionTimeline, gains: [Double], spoken: [String: String],
        warnings: [String]
    ) {
        let plan = script.plan
        let segments = zip(plan.lineup.picks, zip(timeline.tracks, zip(plan.analyses, gains))).map { pick, placed in
            let (slot, (analysis, gain)) = placed
            return TrackSegment(
                position: pick.position, trackID: pick.track.id, title: pick.track.title, artist: pick.track.artist,
                audio: pick.track.audio ?? "", start: Self.round3(slot.start), end: Self.round3(slot.end),
                fadeIn: Self.round3(slot.fadeIn), fadeOut: Self.round3(slot.fadeOut),
                sourceLoudness: Self.round3(analysis.loudness.isFinite ? analysis.loudness : 0),
                gainDB: Self.round3(gain),
                reasons: pick.reasons.map(\.description), score: pick.score)
        }
        let lines = script.lines.map { line in
            let slot = timeline.voices.first { $0.lineID == line.id }
            return Line(
                line: line, voice: voice, trackID: plan.lineup.picks[line.trackIndex].track.id,
                spokenText: spoken[line.id], start: slot.map { Self.round3($0.start) },
                end: slot.map { Self.round3($0.end) })
        }
        self.init(
            listenerID: plan.listener.id, listenerName: plan.listener.name, seed: plan.options.seed, voice: voice,
            mode: script.mode, sampleRate: nil, duration: Self.round3(timeline.duration), loudness: nil, peakDBFS: nil,
            policyVersion: script.policyVersion, tracks: segments, lines: lines,
            skipped: plan.lineup.skipped, warnings: plan.lineup.warnings + warnings)
    }

    /// Seconds and decibels to a thousandth, so the JSON stays readable.
    static func round3(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
