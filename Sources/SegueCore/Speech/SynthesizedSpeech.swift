/// A word the voice spoke, and where in its clip it starts.
public struct SpokenWord: Sendable, Codable, Equatable {
    /// Seconds from the start of the clip to the word (espeak-ng's `audio_position`). Resampling the clip leaves it
    /// unchanged: it is a time, not a sample index.
    public var start: Double
    /// Where the word is in the text the voice read (`VoicedScript.Line.spokenText`), in Unicode scalars from 0.
    public var textOffset: Int
    /// The word's length in Unicode scalars.
    public var textLength: Int

    public init(start: Double, textOffset: Int, textLength: Int) {
        self.start = start
        self.textOffset = textOffset
        self.textLength = textLength
    }

    /// The word as it stands in `text`, the text the voice read; nil when it lies outside it.
    public func word(in text: String) -> Substring? {
        let scalars = text.unicodeScalars
        guard textOffset >= 0, textLength >= 0, textOffset + textLength <= scalars.count else { return nil }
        let from = scalars.index(scalars.startIndex, offsetBy: textOffset)
        let to = scalars.index(from, offsetBy: textLength)
        return Substring(scalars[from..<to])
    }

    enum CodingKeys: String, CodingKey {
        case start = "start_s"
        case textOffset = "text_offset"
        case textLength = "text_length"
    }
}

/// What a synthesizer made of a line: the audio, and where each word starts in it.
public struct SynthesizedSpeech: Sendable, Equatable {
    /// Mono speech at the synthesizer's own rate.
    public var audio: AudioBuffer
    /// Each word in order of time; empty when the synthesizer does not report words.
    public var words: [SpokenWord]

    public init(audio: AudioBuffer, words: [SpokenWord] = []) {
        self.audio = audio
        self.words = words
    }
}
