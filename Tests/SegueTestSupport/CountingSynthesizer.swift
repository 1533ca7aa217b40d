import SegueCore
import Synchronization

/// A real synthesizer behind a counter: every line it is asked to speak is counted, then passed on.
public final class CountingSynthesizer<Inner: SpeechSynthesizing & PhonemeTranscribing>: SpeechSynthesizing,
    PhonemeTranscribing
{
    public let inner: Inner
    private let count = Mutex(0)

    public init(_ inner: Inner) { self.inner = inner }

    /// How many lines were synthesized so far.
    public var calls: Int { count.withLock { $0 } }

    public func synthesize(_ text: String, voice: VoiceProfile) async throws -> AudioBuffer {
        count.withLock { $0 += 1 }
        return try await inner.synthesize(text, voice: voice)
    }

    public func speech(for text: String, voice: VoiceProfile) async throws -> SynthesizedSpeech {
        count.withLock { $0 += 1 }
        return try await inner.speech(for: text, voice: voice)
    }

    public var cacheIdentity: String? {
        get async { await inner.cacheIdentity }
    }

    public func phonemes(for words: Set<String>, language: String) async throws -> [String: String] {
        try await inner.phonemes(for: words, language: language)
    }
}
