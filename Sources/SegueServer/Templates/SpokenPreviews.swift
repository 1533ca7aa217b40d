import Foundation
import SegueCore
import SegueSession

/// The editor's spoken previews: a template's preview text spoken by the studio's voice for its locale, as the
/// engine's voice stage speaks a line (normalised, then espeak-ng in process), kept in memory as short WAV files
/// under random ids. The page links a preview by its id only; a path never reaches a request.
public actor SpokenPreviews {
    /// Previews kept, oldest forgotten first.
    public let capacity: Int
    private var audio: [String: Data] = [:]
    /// Ids by what was spoken (voice and text), so a page shown again reuses its preview.
    private var ids: [String: String] = [:]
    private var order: [String] = []

    public init(capacity: Int = 64) { self.capacity = capacity }

    /// The id of the WAV of `text` spoken in `locale` by the engine's matching voice, synthesizing it when new.
    /// - Throws: `StudioError.internalError` when no voice matches or synthesis fails.
    func speak(_ text: String, locale: String, engine: SegueEngine) async throws -> String {
        guard let voice = VoiceProfile.matching(locale: locale, among: Array(engine.voices.values)) else {
            throw StudioError(.internalError, message: "the studio has no voice to speak with")
        }
        let spoken = engine.normalizer.normalize(text, language: voice.language)
        let key = voice.name + "\n" + spoken
        if let id = ids[key], audio[id] != nil { return id }
        let speech: SynthesizedSpeech
        do { speech = try await engine.synthesizer.speech(for: spoken, voice: voice) } catch {
            throw StudioError(.internalError, message: "the preview could not be spoken")
        }
        let id = StudioStore.randomToken()
        audio[id] = Self.wav(speech.audio)
        ids[key] = id
        order.append(id)
        while order.count > capacity {
            let old = order.removeFirst()
            audio[old] = nil
            ids = ids.filter { $0.value != old }
        }
        return id
    }

    /// The WAV with `id`, nil for an unknown or forgotten one.
    func wav(id: String) -> Data? { audio[id] }

    /// `buffer` as a 16-bit PCM WAV file.
    static func wav(_ buffer: AudioBuffer) -> Data {
        let channels = max(buffer.channels, 1)
        let dataSize = buffer.samples.count * 2
        var data = Data(capacity: 44 + dataSize)
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
        }
        data.append(contentsOf: Array("RIFF".utf8))
        append(UInt32(36 + dataSize))
        data.append(contentsOf: Array("WAVEfmt ".utf8))
        append(UInt32(16))
        append(UInt16(1))
        append(UInt16(channels))
        append(UInt32(buffer.sampleRate))
        append(UInt32(buffer.sampleRate * channels * 2))
        append(UInt16(channels * 2))
        append(UInt16(16))
        data.append(contentsOf: Array("data".utf8))
        append(UInt32(dataSize))
        for sample in buffer.samples {
            append(Int16((min(max(sample, -1), 1) * 32767).rounded()))
        }
        return data
    }
}
