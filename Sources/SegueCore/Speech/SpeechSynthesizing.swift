/// Something that turns a line of text into speech.
public protocol SpeechSynthesizing: Sendable {
    /// Speaks `text` with `voice` and returns mono audio at the synthesizer's own rate.
    func synthesize(_ text: String, voice: VoiceProfile) async throws -> AudioBuffer
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
