import SegueCore

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

    /// A line of the script; spoken lines have a start and end.
    public struct Line: Sendable, Codable, Equatable {
        public var line: ScriptLine
        public var voice: String
        public var trackID: String
        public var start: Double?
        public var end: Double?

        enum CodingKeys: String, CodingKey {
            case voice
            case trackID = "track_id"
            case start = "start_s", end = "end_s"
        }

        public init(line: ScriptLine, voice: String, trackID: String, start: Double?, end: Double?) {
            self.line = line
            self.voice = voice
            self.trackID = trackID
            self.start = start
            self.end = end
        }

        public init(from decoder: any Decoder) throws {
            line = try ScriptLine(from: decoder)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            voice = try c.decode(String.self, forKey: .voice)
            trackID = try c.decode(String.self, forKey: .trackID)
            start = try c.decodeIfPresent(Double.self, forKey: .start)
            end = try c.decodeIfPresent(Double.self, forKey: .end)
        }

        public func encode(to encoder: any Encoder) throws {
            try line.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(voice, forKey: .voice)
            try c.encode(trackID, forKey: .trackID)
            try c.encodeIfPresent(start, forKey: .start)
            try c.encodeIfPresent(end, forKey: .end)
        }
    }

    public var version = 1
    public var listenerID: String
    public var listenerName: String
    public var seed: UInt64
    public var voice: String
    public var mode: String
    public var sampleRate: Int
    public var duration: Double
    public var loudness: Double
    public var peakDBFS: Double
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
