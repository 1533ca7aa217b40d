/// Something that turns a line of text into speech.
public protocol SpeechSynthesizing: Sendable {
    /// Speaks `text` with `voice` and returns mono audio at the synthesizer's own rate.
    func synthesize(_ text: String, voice: VoiceProfile) async throws -> AudioBuffer

    /// Speaks `text` with `voice` and says where each word starts; by default the audio of
    /// `synthesize(_:voice:)` with no words.
    func speech(for text: String, voice: VoiceProfile) async throws -> SynthesizedSpeech

    /// Everything besides the text and the voice profile that the speech depends on (the engine, its version, how
    /// Segue drives it), so a cache of clips can tell when its entries no longer hold; nil (the default) for a
    /// synthesizer whose speech must not be cached.
    var cacheIdentity: String? { get async }
}

extension SpeechSynthesizing {
    /// The audio of `synthesize(_:voice:)`, with no word timings.
    public func speech(for text: String, voice: VoiceProfile) async throws -> SynthesizedSpeech {
        SynthesizedSpeech(audio: try await synthesize(text, voice: voice))
    }

    /// No identity: speech from this synthesizer is never cached.
    public var cacheIdentity: String? { nil }
}

/// Speech that could not be made: a missing voice, missing data, or a synthesizer failure.
public struct SpeechError: SegueError, Equatable {
    public enum Code: String, Sendable {
        case unknownVoice, dataNotFound, synthesisFailed
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
