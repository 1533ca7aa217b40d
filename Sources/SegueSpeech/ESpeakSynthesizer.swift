import CESpeakNG
import Foundation
import SegueCore

/// Speaks lines with libespeak-ng, the same audio for the same request however long the process has run.
///
/// espeak-ng keeps global, non-thread-safe state, so one actor owns it: `shared` is the only instance. Its work runs
/// on a thread of its own (`DedicatedThreadExecutor`), never on Swift's cooperative pool. espeak-ng is initialised
/// once, lazily, with `espeakINITIALIZE_DONT_EXIT` (a missing data folder then is an error, not an exit), and never
/// terminated.
///
/// Each line is synthesised in a child process forked from that initialised state. espeak-ng 1.51 carries the
/// wave generator's state from one utterance to the next (the pitch flutter index, a function-level static in
/// `wavegen.c`, and the wave phase), and no call resets it: in one process the same line, voice and settings give
/// different samples, and a different length, every time it is spoken. A child starts from the parent's state,
/// which no synthesis ever changes, so a line sounds the same whatever was spoken before; a crash inside espeak-ng
/// ends the child, and is reported as an error, not the process.
public actor ESpeakSynthesizer: SpeechSynthesizing, PhonemeTranscribing {
    /// The process-wide synthesizer, the only owner of espeak-ng's state.
    public static let shared = ESpeakSynthesizer()

    /// The thread this actor's work runs on.
    private let executor = DedicatedThreadExecutor(name: "espeak-ng", stackSize: 8 << 20)
    private var sampleRate: Int?
    /// The installed voices, read once: `espeak_ListVoices` reads every voice file on each call.
    private var voiceList: [(identifier: String, name: String, languages: [String])]?
    /// The installed voice each profile's `espeak_voice` names, found once: the search lower-cases every installed
    /// voice's names, which costs more than transcribing a word.
    private var resolvedVoices: [String: String] = [:]
    /// The voice spec selected in this process for transcription, so repeated calls with one voice do not reload it.
    private var selectedSpec: String?
    /// Language → word → phonemes.
    private var phonemeCache: [String: [String: String]] = [:]

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private init() {}

    /// Speaks `text` and returns mono audio at espeak-ng's rate (22,050 Hz).
    ///
    /// The voice is selected and every parameter set afresh for each line, in a child process that ends with it.
    /// The corresponding C functions are `espeak_SetVoiceByName`, `espeak_SetParameter`, `espeak_Synth` and
    /// `espeak_Synchronize`.
    /// - Throws: `SpeechError`: `.unknownVoice` for a voice espeak-ng does not have, `.dataNotFound` without its
    ///   data folder, `.synthesisFailed` when a call fails or espeak-ng crashes.
    public func synthesize(_ text: String, voice: VoiceProfile) async throws -> AudioBuffer {
        try speak(text, voice: voice)
    }

    /// How each word sounds in `language`, as espeak-ng's ASCII phonemes without stress or length marks
    /// ("phuck" and "fuck" both give `fVk`). Results are cached.
    ///
    /// Transcription runs in this process: it does not reach the wave generator, so it leaves speech unchanged.
    /// The corresponding C function is `espeak_TextToPhonemes`.
    /// - Throws: `SpeechError` when espeak-ng cannot start or has no voice for `language`.
    public func phonemes(for words: Set<String>, language: String) throws -> [String: String] {
        var result: [String: String] = [:]
        var missing: [String] = []
        let cache = phonemeCache[language] ?? [:]
        for word in words {
            if let cached = cache[word] { result[word] = cached } else { missing.append(word) }
        }
        guard !missing.isEmpty else { return result }
        _ = try initialise()
        try selectForTranscription(VoiceProfile(name: "phonemes-\(language)", espeakVoice: language))
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
    ///
    /// The corresponding C function is `espeak_ListVoices`.
    /// - Throws: `SpeechError.dataNotFound` when espeak-ng cannot start.
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

    /// Whether the caller runs on the synthesizer's own thread; tests check that its work never runs on the pool.
    var runsOnDedicatedThread: Bool { executor.isCurrent }

    // MARK: - espeak-ng

    /// Initialises espeak-ng once and returns its sample rate.
    ///
    /// The corresponding C functions are `espeak_Initialize` and `espeak_SetSynthCallback`.
    private func initialise() throws(SpeechError) -> Int {
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
        // Only children synthesise, so the callback only ever runs in a child (see `ChildSink`).
        espeak_SetSynthCallback { samples, count, events in
            guard let samples, count > 0, let sink = events?.pointee.user_data else { return 0 }
            return ChildSink.write(samples, count: Int(count), to: sink)
        }
        sampleRate = Int(rate)
        return Int(rate)
    }

    /// Speaks one line in a child process and reads its samples through a socket pair.
    ///
    /// The corresponding C functions are `fork`, `socketpair` and `waitpid`; the child's are listed in `Utterance`.
    private func speak(_ text: String, voice: VoiceProfile) throws(SpeechError) -> AudioBuffer {
        let rate = try initialise()
        let spec = try spec(for: voice)
        let settings = Utterance.settings(for: voice)
        var ends: [Int32] = [-1, -1]
        // A socket pair, not a pipe: it can be made close-on-exec atomically (Glibc's Swift module lacks `pipe2`), so a
        // process another thread spawns meanwhile cannot hold the write end open and keep the read below waiting.
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw SpeechError(.synthesisFailed, message: "voice profile '\(voice.name)': cannot open a socket pair to espeak-ng (\(String(cString: strerror(errno))))")
        }
        let (reading, writing) = (ends[0], ends[1])
        // Everything the child needs is in C memory before the fork: the child only calls espeak-ng, `write` and
        // `_exit`, as other threads of this process may hold locks it must never wait for.
        let child: pid_t = text.withCString { text in
            spec.withCString { spec in
                settings.withUnsafeBufferPointer { settings in
                    let pid = fork()
                    if pid == 0 {
                        close(reading)
                        Utterance.speak(text, voice: spec, settings: settings, into: writing)
                    }
                    return pid
                }
            }
        }
        close(writing)
        guard child > 0 else {
            close(reading)
            throw SpeechError(.synthesisFailed, message: "voice profile '\(voice.name)': cannot start espeak-ng's worker process (\(String(cString: strerror(errno))))")
        }
        let bytes = Self.readAll(reading)
        close(reading)
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        try Utterance.check(status: status, voice: voice, spec: spec)
        let samples = bytes.withUnsafeBytes { raw in
            (0..<raw.count / 2).map { Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self))) / 32768 }
        }
        return AudioBuffer(sampleRate: rate, channels: 1, samples: samples)
    }

    /// Selects a voice in this process, for `espeak_TextToPhonemes`.
    ///
    /// The corresponding C function is `espeak_SetVoiceByName`.
    private func selectForTranscription(_ profile: VoiceProfile) throws(SpeechError) {
        let spec = try spec(for: profile)
        guard spec != selectedSpec else { return }
        let status = espeak_SetVoiceByName(spec)
        guard status == EE_OK else {
            selectedSpec = nil
            throw SpeechError(.unknownVoice, message: "voice profile '\(profile.name)': espeak-ng cannot load '\(spec)' (\(Utterance.name(of: status)))")
        }
        selectedSpec = spec
    }

    /// The profile's voice as espeak-ng selects it: the installed voice's identifier plus variant (`gmw/en-US+m3`).
    /// `espeak_SetVoiceByName("en-gb")` alone fails, as names differ from language codes.
    private func spec(for profile: VoiceProfile) throws(SpeechError) -> String {
        var spec = try resolve(profile)
        if let variant = profile.variant, !variant.isEmpty { spec += "+\(variant)" }
        return spec
    }

    /// The identifier of the installed voice `profile.espeakVoice` names: an identifier, a name or a language.
    private func resolve(_ profile: VoiceProfile) throws(SpeechError) -> String {
        if let identifier = resolvedVoices[profile.espeakVoice] { return identifier }
        let installed: [(identifier: String, name: String, languages: [String])]
        do { installed = try installedVoices() } catch let error as SpeechError { throw error } catch {
            throw SpeechError(.dataNotFound, message: "espeak-ng could not list its voices: \(error)")
        }
        let voices = installed.filter { !$0.identifier.hasPrefix("mb/") }
        let wanted = profile.espeakVoice.lowercased()
        let match = voices.first { $0.identifier.lowercased() == wanted }
            ?? voices.first { $0.name.lowercased() == wanted }
            ?? voices.first { $0.languages.first?.lowercased() == wanted }
            ?? voices.first { $0.languages.contains { $0.lowercased() == wanted } }
        guard let match else {
            let known = voices.flatMap { $0.languages.prefix(1) }.sorted().joined(separator: ", ")
            throw SpeechError(.unknownVoice, message: "voice profile '\(profile.name)': espeak-ng has no voice '\(profile.espeakVoice)'; installed: \(known)")
        }
        resolvedVoices[profile.espeakVoice] = match.identifier
        return match.identifier
    }

    /// Everything the child wrote, until it closes its end.
    private static func readAll(_ descriptor: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[..<count])
            } else if count == 0 || errno != EINTR {
                return bytes
            }
        }
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

/// One line spoken in a child process: the calls made there, and how the child reports their failure.
///
/// The child's exit status carries the failing step in its high four bits and a detail in its low four: espeak-ng's
/// error code plus one (its codes run from -1, `EE_INTERNAL_ERROR`, to 2, `EE_NOT_FOUND`), or for
/// `espeak_SetParameter` the index of the setting.
private enum Utterance {
    /// One `espeak_SetParameter` call.
    struct Setting {
        var parameter: espeak_PARAMETER
        var value: Int32
    }

    /// The steps of a line, numbered for the exit status.
    enum Step: Int32 {
        case selectVoice = 1, setParameter, synthesise, synchronise, write
    }

    /// Every parameter a line depends on, set for each line: the profile's rate, pitch and volume, and espeak-ng's
    /// defaults for range, word gap and intonation. Punctuation and capitals stay at their defaults, as no call
    /// changes them: espeak-ng 1.51 rejects `espeakPUNCTUATION` and `espeakCAPITALS` in `espeak_SetParameter`
    /// (`EE_INTERNAL_ERROR`, from `EINVAL`).
    static func settings(for voice: VoiceProfile) -> [Setting] {
        [
            Setting(parameter: espeakRATE, value: Int32(clamping: voice.rate)),
            Setting(parameter: espeakPITCH, value: Int32(clamping: voice.pitch)),
            Setting(parameter: espeakVOLUME, value: Int32(clamping: voice.volume)),
            Setting(parameter: espeakRANGE, value: 50),
            Setting(parameter: espeakWORDGAP, value: 0),
            Setting(parameter: espeakINTONATION, value: 0),
        ]
    }

    /// The C name of a parameter, for messages.
    static func name(of parameter: espeak_PARAMETER) -> String {
        switch parameter {
        case espeakRATE: "espeakRATE"
        case espeakPITCH: "espeakPITCH"
        case espeakVOLUME: "espeakVOLUME"
        case espeakRANGE: "espeakRANGE"
        case espeakWORDGAP: "espeakWORDGAP"
        case espeakINTONATION: "espeakINTONATION"
        default: "parameter \(parameter.rawValue)"
        }
    }

    /// Runs in the child: selects the voice, sets every parameter, speaks `text` into `descriptor`, and exits.
    ///
    /// The corresponding C functions are `espeak_SetVoiceByName`, `espeak_SetParameter`, `espeak_Synth`,
    /// `espeak_Synchronize` and `_exit`. Nothing here allocates Swift objects or takes a lock.
    static func speak(_ text: UnsafePointer<CChar>, voice: UnsafePointer<CChar>, settings: UnsafeBufferPointer<Setting>,
                      into descriptor: Int32) -> Never {
        let status = espeak_SetVoiceByName(voice)
        guard status == EE_OK else { fail(.selectVoice, detail: status.rawValue + 1) }
        for (index, setting) in settings.enumerated() {
            let status = espeak_SetParameter(setting.parameter, setting.value, 0)
            guard status == EE_OK else { fail(.setParameter, detail: Int32(index)) }
        }
        var sink = ChildSink(descriptor: descriptor)
        let synthesised = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, UInt32(espeakCHARS_UTF8), nil, &sink)
        guard !sink.failed else { fail(.write, detail: 0) }
        guard synthesised == EE_OK else { fail(.synthesise, detail: synthesised.rawValue + 1) }
        let synchronised = espeak_Synchronize()
        guard synchronised == EE_OK else { fail(.synchronise, detail: synchronised.rawValue + 1) }
        _exit(0)
    }

    private static func fail(_ step: Step, detail: Int32) -> Never {
        _exit(step.rawValue << 4 | detail & 15)
    }

    /// Turns the child's wait status into an error, or nothing when it spoke the line.
    static func check(status waitStatus: Int32, voice: VoiceProfile, spec: String) throws(SpeechError) {
        let signal = waitStatus & 0x7f
        guard signal == 0 else {
            throw SpeechError(.synthesisFailed, message: "voice profile '\(voice.name)': espeak-ng crashed (signal \(signal)) speaking with '\(spec)'")
        }
        let code = (waitStatus >> 8) & 0xff
        guard code != 0 else { return }
        let step = Step(rawValue: code >> 4)
        let detail = code & 15
        let status = espeak_ERROR(rawValue: detail - 1)
        switch step {
        case .selectVoice:
            throw SpeechError(.unknownVoice, message: "voice profile '\(voice.name)': espeak-ng cannot load '\(spec)' (\(name(of: status))); is the variant installed?")
        case .setParameter:
            let settings = settings(for: voice)
            let index = Int(detail)
            let setting = settings.indices.contains(index)
                ? "\(name(of: settings[index].parameter)), \(settings[index].value)" : "setting \(index)"
            throw SpeechError(.synthesisFailed, message: "voice profile '\(voice.name)': espeak_SetParameter(\(setting)) failed; check rate_wpm, pitch and volume")
        case .synthesise:
            throw SpeechError(.synthesisFailed, message: "voice profile '\(voice.name)': espeak_Synth failed (\(name(of: status)))")
        case .synchronise:
            throw SpeechError(.synthesisFailed, message: "voice profile '\(voice.name)': espeak_Synchronize failed (\(name(of: status)))")
        case .write:
            throw SpeechError(.synthesisFailed, message: "voice profile '\(voice.name)': espeak-ng's worker could not hand back its samples")
        case nil:
            throw SpeechError(.synthesisFailed, message: "voice profile '\(voice.name)': espeak-ng's worker exited with status \(code)")
        }
    }

    /// espeak-ng's name for an error code.
    static func name(of status: espeak_ERROR) -> String {
        switch status {
        case EE_OK: "EE_OK"
        case EE_INTERNAL_ERROR: "EE_INTERNAL_ERROR"
        case EE_BUFFER_FULL: "EE_BUFFER_FULL"
        case EE_NOT_FOUND: "EE_NOT_FOUND"
        default: "error \(status.rawValue)"
        }
    }
}

/// Where the child's callback writes samples: the socket to the parent, reached through `user_data`.
private struct ChildSink {
    var descriptor: Int32
    var failed = false

    /// Writes one chunk of samples, all of it; returns 1 (stop synthesis) when the socket fails.
    /// The corresponding C function is `write`.
    static func write(_ samples: UnsafeMutablePointer<Int16>, count: Int, to sink: UnsafeMutableRawPointer) -> Int32 {
        let sink = sink.assumingMemoryBound(to: ChildSink.self)
        var bytes = UnsafeRawPointer(samples)
        var remaining = count * MemoryLayout<Int16>.size
        while remaining > 0 {
            let written = Glibc.write(sink.pointee.descriptor, bytes, remaining)
            if written < 0 {
                guard errno == EINTR else {
                    sink.pointee.failed = true
                    return 1
                }
                continue
            }
            bytes += written
            remaining -= written
        }
        return 0
    }
}
