/// The voice stage's value: the script with every spoken line made speech-ready and synthesized.
public struct VoicedScript: Sendable, Codable, Equatable {
    /// One spoken line: what the voice read and the clip it made, ready for the mix.
    public struct Line: Sendable, Codable, Equatable {
        /// The `ScriptLine.id` this clip speaks.
        public var lineID: String
        /// The line's text made speech-ready (`SpeechNormalizer`): what the voice actually read.
        public var spokenText: String
        /// The speech at the mix rate, loudness-matched.
        public var clip: AudioBuffer
        /// A fingerprint of the clip's samples (FNV-1a, 64 bits, hex), to compare renders without the audio.
        public var contentHash: String
        /// Where each word of `spokenText` starts in the clip, in order of time; empty when the synthesizer does not
        /// say (and in voiced scripts saved before word timings were kept).
        public var words: [SpokenWord]

        public init(lineID: String, spokenText: String, clip: AudioBuffer, words: [SpokenWord] = []) {
            self.lineID = lineID
            self.spokenText = spokenText
            self.clip = clip
            self.words = words
            contentHash = clip.contentHash
        }

        enum CodingKeys: String, CodingKey {
            case lineID = "line_id"
            case spokenText = "spoken_text"
            case clip
            case contentHash = "content_hash"
            case words
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            lineID = try c.decode(String.self, forKey: .lineID)
            spokenText = try c.decode(String.self, forKey: .spokenText)
            clip = try c.decode(AudioBuffer.self, forKey: .clip)
            contentHash = try c.decode(String.self, forKey: .contentHash)
            words = try c.decodeIfPresent([SpokenWord].self, forKey: .words) ?? []
        }
    }

    public var script: Script
    public var voice: VoiceProfile
    /// The spoken lines, in script order; blocked lines have none.
    public var lines: [Line]

    public init(script: Script, voice: VoiceProfile, lines: [Line]) {
        self.script = script
        self.voice = voice
        self.lines = lines
    }
}
