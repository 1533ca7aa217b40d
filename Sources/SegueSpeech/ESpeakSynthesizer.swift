import CESpeakNG
import Foundation
import SegueCore
import Synchronization

/// The installed voice each profile's `espeak_voice` names, found once: the search lower-cases every installed voice's
/// names, which cost more than espeak-ng transcribing a word when the sound view did it on every request. Outside the
/// actor: a stored property there made `segue say` crash (the layout-dependent async-frame fault noted in Segue.swift).
private let resolvedVoices = Mutex<[String: String]>([:])

/// Speaks lines in-process with libespeak-ng.
///
/// espeak-ng keeps global, non-thread-safe state, so one actor owns it: it is initialised once,
/// lazily, with `espeakINITIALIZE_DONT_EXIT` (a missing data folder then is an error, not an exit),
/// and never terminated or re-initialised.
public actor ESpeakSynthesizer: SpeechSynthesizing, PhonemeTranscribing {
    /// The process-wide synthesizer.
    public static let shared = ESpeakSynthesizer()

    private var sampleRate: Int?
    /// The installed voices, read once: `espeak_ListVoices` reads every voice file on each call.
    private var voiceList: [(identifier: String, name: String, languages: [String])]?
    /// The voice spec selected last, so repeated calls with one voice do not reload it.
    private var selectedSpec: String?
    /// Language → word → phonemes.
    private var phonemeCache: [String: [String: String]] = [:]

    /// Creates a synthesizer; `ESPEAK_DATA_PATH` in the environment selects a data folder.
    public init() {}

    /// Speaks `text` and returns mono audio at espeak-ng's rate.
    /// - Throws: `SpeechError` for an unknown voice, missing data, or a synthesis failure.
    public func synthesize(_ text: String, voice: VoiceProfile) async throws -> AudioBuffer {
        let rate = try initialise()
        try select(voice)
        let sink = SampleSink()
        let unmanaged = Unmanaged.passRetained(sink)
        defer { unmanaged.release() }
        let status = text.withCString { pointer in
            espeak_Synth(pointer, strlen(pointer) + 1, 0, POS_CHARACTER, 0, UInt32(espeakCHARS_UTF8),
                         nil, unmanaged.toOpaque())
        }
        guard status == EE_OK else {
            throw SpeechError(.synthesisFailed, message: "espeak_Synth failed (\(status.rawValue)) for voice '\(voice.name)'")
        }
        guard espeak_Synchronize() == EE_OK else {
            throw SpeechError(.synthesisFailed, message: "espeak_Synchronize failed for voice '\(voice.name)'")
        }
        return AudioBuffer(sampleRate: rate, channels: 1, samples: sink.samples)
    }

    /// How each word sounds in `language`, as espeak-ng's ASCII phonemes without stress or length marks
    /// ("phuck" and "fuck" both give `fVk`). Results are cached.
    ///
    /// The corresponding C function is `espeak_TextToPhonemes`.
    public func phonemes(for words: Set<String>, language: String) throws -> [String: String] {
        var result: [String: String] = [:]
        var missing: [String] = []
        let cache = phonemeCache[language] ?? [:]
        for word in words {
            if let cached = cache[word] { result[word] = cached } else { missing.append(word) }
        }
        guard !missing.isEmpty else { return result }
        _ = try initialise()
        try select(VoiceProfile(name: "phonemes-\(language)", espeakVoice: language))
        for word in missing.sorted() {
            var phonemes = ""
            word.withCString { pointer in
                var cursor: UnsafeRawPointer? = UnsafeRawPointer(pointer)
                while let current = cursor, current.load(as: CChar.self) != 0 {
                    guard let chunk = espeak_TextToPhonemes(&cursor, Int32(espeakCHARS_UTF8), 0) else { break }
                    phonemes += String(cString: chunk)
                    if cursor == current { break }
                }
            }
            let bare = String(phonemes.filter { !"'',:_; -\n".contains($0) })
            phonemeCache[language, default: [:]][word] = bare
            result[word] = bare
        }
        return result
    }

    /// The espeak-ng voices installed, as `(identifier, name, languages)`.
    public func installedVoices() throws -> [(identifier: String, name: String, languages: [String])] {
        if let voiceList { return voiceList }
        _ = try initialise()
        guard let list = espeak_ListVoices(nil) else { return [] }
        var voices: [(String, String, [String])] = []
        var index = 0
        while let voice = list[index] {
            let entry = voice.pointee
            voices.append((entry.identifier.map { String(cString: $0) } ?? "", entry.name.map { String(cString: $0) } ?? "",
                           Self.languages(entry.languages)))
            index += 1
        }
        voiceList = voices
        return voices
    }

    private func initialise() throws -> Int {
        if let sampleRate { return sampleRate }
        let path = ProcessInfo.processInfo.environment["ESPEAK_DATA_PATH"]
        if let path, !FileManager.default.fileExists(atPath: path) {
            throw SpeechError(.dataNotFound, message: "ESPEAK_DATA_PATH=\(path): no such folder (install espeak-ng-data)")
        }
        let rate = path.map { espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 500, $0, Int32(espeakINITIALIZE_DONT_EXIT)) }
            ?? espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 500, nil, Int32(espeakINITIALIZE_DONT_EXIT))
        guard rate > 0 else {
            throw SpeechError(.dataNotFound, message: "espeak-ng could not load its data folder \(path ?? "(default)"): install espeak-ng-data or set ESPEAK_DATA_PATH")
        }
        espeak_SetSynthCallback { samples, count, events in
            guard let events, let sink = events.pointee.user_data else { return 0 }
            if let samples, count > 0 {
                let box = Unmanaged<SampleSink>.fromOpaque(sink).takeUnretainedValue()
                box.append(UnsafeBufferPointer(start: samples, count: Int(count)))
            }
            return 0
        }
        sampleRate = Int(rate)
        return Int(rate)
    }

    /// Resolves the profile's voice through `espeak_ListVoices` (by identifier, name or language) and selects it
    /// by identifier plus variant (`gmw/en-US+m3`): `espeak_SetVoiceByName("en-gb")` alone fails, as names differ
    /// from language codes. Then applies rate, pitch and volume.
    private func select(_ profile: VoiceProfile) throws {
        var spec = try resolve(profile)
        if let variant = profile.variant, !variant.isEmpty { spec += "+\(variant)" }
        if spec != selectedSpec {
            let status = espeak_SetVoiceByName(spec)
            guard status == EE_OK else {
                selectedSpec = nil
                throw SpeechError(.unknownVoice, message: "voice profile '\(profile.name)': espeak-ng cannot load '\(spec)' (variant unknown?)")
            }
            selectedSpec = spec
        }
        espeak_SetParameter(espeakRATE, Int32(profile.rate), 0)
        espeak_SetParameter(espeakPITCH, Int32(profile.pitch), 0)
        espeak_SetParameter(espeakVOLUME, Int32(profile.volume), 0)
    }

    /// The identifier of the installed voice `profile.espeakVoice` names: an identifier, a name or a language.
    private func resolve(_ profile: VoiceProfile) throws -> String {
        if let identifier = resolvedVoices.withLock({ $0[profile.espeakVoice] }) { return identifier }
        let voices = try installedVoices().filter { !$0.identifier.hasPrefix("mb/") }
        let wanted = profile.espeakVoice.lowercased()
        let match = voices.first { $0.identifier.lowercased() == wanted }
            ?? voices.first { $0.name.lowercased() == wanted }
            ?? voices.first { $0.languages.first?.lowercased() == wanted }
            ?? voices.first { $0.languages.contains { $0.lowercased() == wanted } }
        guard let match else {
            let known = voices.flatMap { $0.languages.prefix(1) }.sorted().joined(separator: ", ")
            throw SpeechError(.unknownVoice, message: "voice profile '\(profile.name)': espeak-ng has no voice '\(profile.espeakVoice)'; installed: \(known)")
        }
        resolvedVoices.withLock { $0[profile.espeakVoice] = match.identifier }
        return match.identifier
    }

    /// Decodes espeak's language list: (priority byte, zero-terminated name)*, then a zero byte.
    private static func languages(_ pointer: UnsafePointer<CChar>?) -> [String] {
        guard var cursor = pointer else { return [] }
        var languages: [String] = []
        while cursor.pointee != 0 {
            cursor += 1  // priority byte
            let name = String(cString: cursor)
            languages.append(name)
            cursor += strlen(cursor) + 1
        }
        return languages
    }
}

/// Collects one call's samples; reached from the C callback through `user_data`.
/// Only the synthesizer actor touches it, while espeak_Synchronize runs, so access is serial.
private final class SampleSink: @unchecked Sendable {
    private(set) var samples: [Float] = []

    func append(_ chunk: UnsafeBufferPointer<Int16>) {
        samples.reserveCapacity(samples.count + chunk.count)
        for value in chunk { samples.append(Float(value) / 32768) }
    }
}
