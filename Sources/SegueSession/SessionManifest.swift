import SegueAudio
import SegueCore

/// `manifest.json`: every segment of a rendered session with its times, for players, logs and review tools: each
/// track with its fades, cue points, measured loudness and the gain applied, each voice clip with its hash, and the session's
/// loudness and peaks as measured after the mix. Seconds and decibels to a thousandth, as in `script.json`.
public struct SessionManifest: Sendable, Codable, Equatable {
    /// A track as it plays in the session.
    public struct Track: Sendable, Codable, Equatable {
        /// 0-based place in the session (`SessionTimeline.TrackSlot.index`).
        public var index: Int
        public var trackID: String
        public var title: String
        public var artist: String
        /// The audio file as the catalog names it (as in `script.json`).
        public var audio: String
        public var start: Double
        public var end: Double
        public var fadeIn: Double
        public var fadeOut: Double
        /// Where in the file the track starts playing (its cue point: leading silence skipped), seconds.
        public var cueIn: Double
        /// Where in the file it stops: `cueIn` plus its time in the session.
        public var cueOut: Double
        /// Measured integrated loudness of the source, LUFS.
        public var sourceLoudness: Double
        /// Gain applied to match the target loudness, dB.
        public var gainDB: Double

        enum CodingKeys: String, CodingKey {
            case index
            case trackID = "track_id"
            case title, artist, audio
            case start = "start_s", end = "end_s", fadeIn = "fade_in_s", fadeOut = "fade_out_s"
            case cueIn = "cue_in_s", cueOut = "cue_out_s"
            case sourceLoudness = "source_loudness_lufs"
            case gainDB = "gain_db"
        }
    }

    /// A spoken line's clip as it plays in the session.
    public struct VoiceClip: Sendable, Codable, Equatable {
        public var lineID: String
        /// 0-based index of the track the line plays over.
        public var trackIndex: Int
        public var start: Double
        public var end: Double
        /// Where the first word is spoken: `start` plus the word's offset in the clip.
        public var speechStart: Double
        /// How many words the voice spoke, with times (0 when the synthesizer gave none).
        public var words: Int
        /// `AudioBuffer.contentHash` of the clip as mixed.
        public var contentHash: String

        enum CodingKeys: String, CodingKey {
            case lineID = "line_id"
            case trackIndex = "track_index"
            case start = "start_s", end = "end_s"
            case speechStart = "speech_start_s"
            case words
            case contentHash = "content_hash"
        }
    }

    public var version = 1
    /// The session's audio file, beside the manifest.
    public var audio: String
    public var sampleRate: Int
    public var duration: Double
    /// Integrated loudness of the output, LUFS.
    public var loudness: Double
    /// True (inter-sample) peak of the output, dBTP.
    public var truePeak: Double
    /// Sample peak of the output, dBFS.
    public var peak: Double
    public var loudnessRange: Double
    /// Gain applied to the whole mix to reach the target loudness, dB.
    public var correctionDB: Double
    public var tracks: [Track]
    public var voiceClips: [VoiceClip]

    enum CodingKeys: String, CodingKey {
        case version, audio
        case sampleRate = "sample_rate"
        case duration = "duration_s"
        case loudness = "loudness_lufs"
        case truePeak = "true_peak_dbtp"
        case peak = "peak_dbfs"
        case loudnessRange = "loudness_range_lu"
        case correctionDB = "correction_db"
        case tracks
        case voiceClips = "voice_clips"
    }

    /// The manifest of a session: the tracks from its document (their titles, catalog paths, loudness and gains),
    /// their times and the clips' from its timeline, the figures from the mix.
    public init(
        document: SessionDocument, timeline: SessionTimeline, voiced: VoicedScript, mix: MixReport, audio: String
    ) {
        let round = SessionDocument.round3
        self.audio = audio
        sampleRate = mix.sampleRate
        duration = round(mix.duration)
        loudness = round(mix.loudness)
        truePeak = round(mix.truePeakDBTP)
        peak = round(mix.peakDBFS)
        loudnessRange = round(mix.loudnessRange)
        correctionDB = round(mix.correctionDB)
        tracks = zip(timeline.tracks, document.tracks).map { slot, segment in
            Track(
                index: slot.index, trackID: slot.trackID, title: segment.title, artist: segment.artist,
                audio: segment.audio, start: round(slot.start), end: round(slot.end), fadeIn: round(slot.fadeIn),
                fadeOut: round(slot.fadeOut), cueIn: round(slot.cueIn),
                cueOut: round(slot.cueIn + slot.end - slot.start),
                sourceLoudness: segment.sourceLoudness, gainDB: segment.gainDB)
        }
        let lines = Dictionary(voiced.lines.map { ($0.lineID, $0) }, uniquingKeysWith: { first, _ in first })
        voiceClips = timeline.voices.compactMap { slot in
            guard let line = lines[slot.lineID] else { return nil }
            return VoiceClip(
                lineID: slot.lineID, trackIndex: slot.trackIndex, start: round(slot.start), end: round(slot.end),
                speechStart: round(slot.start + (line.words.first?.start ?? 0)), words: line.words.count,
                contentHash: line.contentHash)
        }
    }
}
