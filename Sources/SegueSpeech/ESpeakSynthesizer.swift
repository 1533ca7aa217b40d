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

    /// The synthesizer's own thread, so its work (and any job it awaits) never runs on the cooperative pool.
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
        try speak(text, voice: voice).audio
    }

    /// Speaks `text` as `synthesize(_:voice:)` does, with where each word starts: espeak-ng's word events
    /// (`espeakEVENT_WORD`), their `audio_position` as seconds into the clip and their `text_position` and `length`
    /// as Unicode scalars into `text`.
    ///
    /// The corresponding C functions are those of `synthesize(_:voice:)`; the events come to the synthesis callback.
    /// - Throws: `SpeechError`, as `synthesize(_:voice:)`.
    public func speech(for text: String, voice: VoiceProfile) async throws -> SynthesizedSpeech {
        try speak(text, voice: voice)
    }

    /// How Segue drives espeak-ng (the settings each line gets, a child per line); a change that alters the samples
    /// for the same text and voice changes this number, so cached clips made before it are not used.
    static let revision = 1

    /// espeak-ng's version and how Segue drives it, e.g. `espeak-ng 1.51; segue-espeak 1`: what a clip depends on
    /// besides its text and voice profile. The corresponding C function is `espeak_Info`.
    public var cacheIdentity: String? {
        let version = espeak_Info(nil).map { String(cString: $0) } ?? "unknown"
        return "espeak-ng \(version); segue-espeak \(Self.revision)"
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
        try listVoices()
    }

    /// Whether the caller runs on the synthesizer's own thread; tests check that its work never runs on the pool.
    var runsOnDedicatedThread: Bool { executor.isCurrent }

    // MARK: - espeak-ng

    /// The installed voices, read once.
    ///
    /// The corresponding C function is `espeak_ListVoices`.
    private func listVoices() throws(SpeechError) -> [(identifier: String, name: String, languages: [String])] {
        if let voiceList { return voiceList }
        _ = try initialise()
        guard let list = espeak_ListVoices(nil) else { return [] }
        var voices: [(String, String, [String])] = []
        var index = 0
        while let voice = list[index] {
            let entry = voice.pointee
            let identifier = entry.identifier.map { String(cString: $0) } ?? ""
            voices.append((identifier, entry.name.map { String(cString: $0) } ?? "", Self.languages(entry.languages)))
            index += 1
        }
        voiceList = voices
        return voices
    }

    /// Initialises espeak-ng once and returns its sample rate.
    ///
    /// The corresponding C functions are `espeak_Initialize` and `espeak_SetSynthCallback`.
    private func initialise() throws(SpeechError) -> Int {
        if let sampleRate { return sampleRate }
        let path = ProcessInfo.processInfo.environment["ESPEAK_DATA_PATH"]
        if let path, !FileManager.default.fileExists(atPath: path) {
            throw SpeechError(
                .dataNotFound, message: "ESPEAK_DATA_PATH=\(path): no such folder (install espeak-ng-data)")
        }
        let rate =
            path.map { espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 500, $0, Int32(espeakINITIALIZE_DONT_EXIT)) }
            ?? espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 500, nil, Int32(espeakINITIALIZE_DONT_EXIT))
        guard rate > 0 else {
            throw SpeechError(
                .dataNotFound,
                message:
                    "espeak-ng could not load its data folder \(path ?? "(default)"): install espeak-ng-data or set ESPEAK_DATA_PATH"
            )
        }
        // Only children synthesise, so the callback only ever runs in a child (see `Utterance.send`).
        espeak_SetSynthCallback { samples, count, events in
            Utterance.send(samples, count: count, events: events)
        }
        sampleRate = Int(rate)
        return Int(rate)
    }

    /// Speaks one line in a child process and reads its samples through a socket pair.
    ///
    /// The corresponding C functions are `fork`, `socketpair` and `waitpid`; the child's are listed in `Utterance`.
    private func speak(_ text: String, voice: VoiceProfile) throws(SpeechError) -> SynthesizedSpeech {
        let rate = try initialise()
        let spec = try spec(for: voice)
        let settings = Utterance.Settings(voice)
        var ends = try Self.channel(for: voice)
        var attempt = 1
        while true {
            let (reading, writing) = ends
            // Everything the child needs is ready before the fork, as C strings and integers: the child only calls
            // espeak-ng, `write` and `_exit`. Other threads of this process may hold the Swift runtime's locks (its
            // metadata and conformance caches) at the moment of the fork, and a child that waits for one waits
            // forever; an earlier version iterated a generic sequence in the child and hung the test run that way.
            var forkError: Int32 = 0
            let child: pid_t = text.withCString { text in
                spec.withCString { spec in
                    let pid = fork()
                    if pid == 0 {
                        close(reading)
                        Utterance.speak(text, voice: spec, settings: settings, into: writing)
                    }
                    if pid < 0 { forkError = errno }  // before close() can change it
                    return pid
                }
            }
            close(writing)
            guard child > 0 else {
                close(reading)
                throw SpeechError(
                    .synthesisFailed,
                    message: "voice profile '\(voice.name)': cannot start espeak-ng's worker process "
                        + "(\(String(cString: strerror(forkError))))")
            }
            let bytes = Self.readAll(reading, idleMilliseconds: Self.idleLimit)
            close(reading)
            if bytes == nil { kill(child, SIGKILL) }
            var status: Int32 = 0
            var reaped = waitpid(child, &status, 0)
            while reaped < 0 && errno == EINTR { reaped = waitpid(child, &status, 0) }
            guard reaped == child else {
                // Without the child's status (a host that reaps children itself) the line cannot be vouched for.
                throw SpeechError(
                    .synthesisFailed,
                    message: "voice profile '\(voice.name)': espeak-ng's worker could not be waited for "
                        + "(\(String(cString: strerror(errno))))")
            }
            guard let bytes else {
                // A child that went quiet is stuck (a lock held at the fork, or espeak-ng itself): it is killed, and
                // the line is spoken again by a new child, from the same state, so with the same result.
                guard attempt < Self.attempts else {
                    throw SpeechError(
                        .synthesisFailed,
                        message:
                            "voice profile '\(voice.name)': espeak-ng's worker went silent for \(Self.idleLimit / 1000) s, "
                            + "\(Self.attempts) times; nothing was spoken")
                }
                attempt += 1
                ends = try Self.channel(for: voice)
                continue
            }
            try Utterance.check(status: status, voice: voice, spec: spec)
            guard let (samples, words) = Utterance.records(in: bytes, textLength: text.unicodeScalars.count) else {
                throw SpeechError(
                    .synthesisFailed,
                    message: "voice profile '\(voice.name)': espeak-ng's worker handed back a malformed stream")
            }
            return SynthesizedSpeech(
                audio: AudioBuffer(sampleRate: rate, channels: 1, samples: samples), words: words)
        }
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
            throw SpeechError(
                .unknownVoice,
                message:
                    "voice profile '\(profile.name)': espeak-ng cannot load '\(spec)' (\(Utterance.name(of: status)))")
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
        let voices = try listVoices().filter { !$0.identifier.hasPrefix("mb/") }
        let wanted = profile.espeakVoice.lowercased()
        let match =
            voices.first { $0.identifier.lowercased() == wanted }
            ?? voices.first { $0.name.lowercased() == wanted }
            ?? voices.first { $0.languages.first?.lowercased() == wanted }
            ?? voices.first { $0.languages.contains { $0.lowercased() == wanted } }
        guard let match else {
            let known = voices.flatMap { $0.languages.prefix(1) }.sorted().joined(separator: ", ")
            throw SpeechError(
                .unknownVoice,
                message:
                    "voice profile '\(profile.name)': espeak-ng has no voice '\(profile.espeakVoice)'; installed: \(known)"
            )
        }
        resolvedVoices[profile.espeakVoice] = match.identifier
        return match.identifier
    }

    /// Everything the child wrote, until it closes its end.
    /// A socket pair to a child: (the parent's reading end, the child's writing end).
    ///
    /// A socket pair, not a pipe: it can be made close-on-exec atomically (Glibc's Swift module lacks `pipe2`), so a
    /// process another thread spawns meanwhile cannot hold the write end open and keep the parent's read waiting.
    /// The corresponding C function is `socketpair`.
    private static func channel(for voice: VoiceProfile) throws(SpeechError) -> (reading: Int32, writing: Int32) {
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw SpeechError(
                .synthesisFailed,
                message: "voice profile '\(voice.name)': cannot open a socket pair to espeak-ng "
                    + "(\(String(cString: strerror(errno))))")
        }
        return (ends[0], ends[1])
    }

    /// How long a child may write nothing before it counts as stuck; espeak-ng writes its samples as it goes.
    static let idleLimit: Int32 = 15_000
    /// How many children a line gets.
    static let attempts = 3

    /// Everything the child wrote, until it closes its end; nil when it wrote nothing for `idleMilliseconds`.
    ///
    /// The corresponding C functions are `poll` and `read`.
    private static func readAll(_ descriptor: Int32, idleMilliseconds: Int32) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&waiting, 1, idleMilliseconds)
            if ready == 0 { return nil }
            if ready < 0 {
                if errno == EINTR { continue }
                return bytes
            }
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
    /// The parameters of one line, as plain integers for the child.
    ///
    /// Every parameter a line depends on is set for each line: the profile's rate, pitch and volume, and espeak-ng's
    /// defaults for range, word gap and intonation. Punctuation and capitals stay at their defaults, as no call
    /// changes them: espeak-ng 1.51 rejects `espeakPUNCTUATION` and `espeakCAPITALS` in `espeak_SetParameter`
    /// (`EE_INTERNAL_ERROR`, from `EINVAL`).
    struct Settings {
        var rate: Int32
        var pitch: Int32
        var volume: Int32
        var range: Int32 = 50
        var wordGap: Int32 = 0
        var intonation: Int32 = 0

        init(_ voice: VoiceProfile) {
            rate = Int32(clamping: voice.rate)
            pitch = Int32(clamping: voice.pitch)
            volume = Int32(clamping: voice.volume)
        }

        /// Each setting's C name and value, in the order the child sets them.
        var described: [String] {
            [
                "espeakRATE, \(rate)", "espeakPITCH, \(pitch)", "espeakVOLUME, \(volume)", "espeakRANGE, \(range)",
                "espeakWORDGAP, \(wordGap)", "espeakINTONATION, \(intonation)",
            ]
        }
    }

    /// The steps of a line, numbered for the exit status.
    enum Step: Int32 {
        case selectVoice = 1, setParameter, synthesise, synchronise, write
    }

    /// Runs in the child: selects the voice, sets every parameter, speaks `text` into `descriptor`, and exits.
    ///
    /// Only C calls and integer arithmetic: no generic code, nothing that reaches the Swift runtime (see `speak` in
    /// the synthesizer). The socket becomes the child's standard output, so the callback needs no `user_data`.
    /// The corresponding C functions are `dup2`, `espeak_SetVoiceByName`, `espeak_SetParameter`, `espeak_Synth`,
    /// `espeak_Synchronize` and `_exit`.
    static func speak(
        _ text: UnsafePointer<CChar>, voice: UnsafePointer<CChar>, settings: Settings,
        into descriptor: Int32
    ) -> Never {
        if dup2(descriptor, STDOUT_FILENO) != STDOUT_FILENO { fail(.write, detail: 1) }
        let selected = espeak_SetVoiceByName(voice).rawValue
        if selected != 0 { fail(.selectVoice, detail: selected + 1) }
        if espeak_SetParameter(espeakRATE, settings.rate, 0).rawValue != 0 { fail(.setParameter, detail: 0) }
        if espeak_SetParameter(espeakPITCH, settings.pitch, 0).rawValue != 0 { fail(.setParameter, detail: 1) }
        if espeak_SetParameter(espeakVOLUME, settings.volume, 0).rawValue != 0 { fail(.setParameter, detail: 2) }
        if espeak_SetParameter(espeakRANGE, settings.range, 0).rawValue != 0 { fail(.setParameter, detail: 3) }
        if espeak_SetParameter(espeakWORDGAP, settings.wordGap, 0).rawValue != 0 { fail(.setParameter, detail: 4) }
        if espeak_SetParameter(espeakINTONATION, settings.intonation, 0).rawValue != 0 {
            fail(.setParameter, detail: 5)
        }
        let synthesised = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, UInt32(espeakCHARS_UTF8), nil, nil)
            .rawValue
        if synthesised != 0 { fail(.synthesise, detail: synthesised + 1) }
        let synchronised = espeak_Synchronize().rawValue
        if synchronised != 0 { fail(.synchronise, detail: synchronised + 1) }
        _exit(0)
    }

    /// Ends the child with the failing step in the status's high four bits and `detail` in its low four.
    static func fail(_ step: Step, detail: Int32) -> Never {
        _exit(step.rawValue << 4 | detail & 15)
    }

    /// The tag of a word record in the child's stream; a tag of 0 or more counts the samples that follow it. The
    /// child writes the literal, not this constant: a static is initialised lazily, through the runtime.
    static let wordTag: Int32 = -1

    /// The synthesis callback, run in the child only: writes each of espeak-ng's word events, then the chunk of
    /// samples, to standard output, the socket. The stream is a sequence of records, each a native `Int32` tag: a
    /// tag of 0 or more is followed by that many 16-bit samples; `wordTag` by the word's `text_position`, `length`
    /// and `audio_position` as three `Int32`s.
    ///
    /// Only integer reads of the event array: `rawValue`s, not the enums' `==`, which is generic code, and no static
    /// property of this type (see `wordTag`).
    static func send(
        _ samples: UnsafeMutablePointer<Int16>?, count: Int32, events: UnsafeMutablePointer<espeak_EVENT>?
    ) -> Int32 {
        if var event = events {
            while event.pointee.type.rawValue != espeakEVENT_LIST_TERMINATED.rawValue {
                if event.pointee.type.rawValue == espeakEVENT_WORD.rawValue {
                    var tag: Int32 = -1  // wordTag
                    var position = event.pointee.text_position
                    var length = event.pointee.length
                    var time = event.pointee.audio_position
                    put(&tag, count: 4)
                    put(&position, count: 4)
                    put(&length, count: 4)
                    put(&time, count: 4)
                }
                event += 1
            }
        }
        if let samples, count > 0 {
            var tag = count
            put(&tag, count: 4)
            put(samples, count: Int(count) * 2)
        }
        return 0
    }

    /// Writes `count` bytes to standard output, the socket, and ends the child if the write fails or falls short (a
    /// blocking socket only writes part when a signal interrupts it). The corresponding C function is `write`.
    static func put(_ bytes: UnsafeRawPointer, count: Int) {
        var written = write(STDOUT_FILENO, bytes, count)
        while written < 0 && errno == EINTR {
            written = write(STDOUT_FILENO, bytes, count)
        }
        if written != count { fail(.write, detail: 0) }
    }

    /// The samples and words in the child's stream (see `send`), in the parent; nil for a malformed stream.
    ///
    /// Words are in order of time; espeak-ng's zero-length words (pauses it marks as words) and words outside the
    /// text are left out. `textLength` is the text's length in Unicode scalars.
    static func records(in bytes: [UInt8], textLength: Int) -> (samples: [Float], words: [SpokenWord])? {
        bytes.withUnsafeBytes { raw -> ([Float], [SpokenWord])? in
            var samples: [Float] = []
            samples.reserveCapacity(raw.count / 2)
            var words: [SpokenWord] = []
            var offset = 0
            func integer() -> Int32? {
                guard offset + 4 <= raw.count else { return nil }
                defer { offset += 4 }
                return raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)
            }
            while offset < raw.count {
                guard let tag = integer() else { return nil }
                if tag == wordTag {
                    guard let position = integer(), let length = integer(), let time = integer() else { return nil }
                    // espeak-ng counts characters from 1.
                    let start = Int(position) - 1
                    guard length > 0, start >= 0, start + Int(length) <= textLength else { continue }
                    words.append(
                        SpokenWord(start: Double(max(time, 0)) / 1000, textOffset: start, textLength: Int(length)))
                } else {
                    guard tag >= 0, offset + Int(tag) * 2 <= raw.count else { return nil }
                    for index in 0..<Int(tag) {
                        let sample = raw.loadUnaligned(fromByteOffset: offset + index * 2, as: Int16.self)
                        samples.append(Float(sample) / 32768)
                    }
                    offset += Int(tag) * 2
                }
            }
            words.sort { ($0.start, $0.textOffset) < ($1.start, $1.textOffset) }
            return (samples, words)
        }
    }

    /// Turns the child's wait status into an error, or nothing when it spoke the line.
    static func check(status waitStatus: Int32, voice: VoiceProfile, spec: String) throws(SpeechError) {
        let signal = waitStatus & 0x7f
        guard signal == 0 else {
            throw SpeechError(
                .synthesisFailed,
                message: "voice profile '\(voice.name)': espeak-ng crashed (signal \(signal)) speaking with '\(spec)'")
        }
        let code = (waitStatus >> 8) & 0xff
        guard code != 0 else { return }
        let step = Step(rawValue: code >> 4)
        let detail = code & 15
        let status = espeak_ERROR(rawValue: detail - 1)
        switch step {
        case .selectVoice:
            throw SpeechError(
                .unknownVoice,
                message:
                    "voice profile '\(voice.name)': espeak-ng cannot load '\(spec)' (\(name(of: status))); is the variant installed?"
            )
        case .setParameter:
            let settings = Settings(voice).described
            let index = Int(detail)
            let setting = settings.indices.contains(index) ? settings[index] : "setting \(index)"
            throw SpeechError(
                .synthesisFailed,
                message:
                    "voice profile '\(voice.name)': espeak_SetParameter(\(setting)) failed; check rate_wpm, pitch and volume"
            )
        case .synthesise:
            throw SpeechError(
                .synthesisFailed, message: "voice profile '\(voice.name)': espeak_Synth failed (\(name(of: status)))")
        case .synchronise:
            throw SpeechError(
                .synthesisFailed,
                message: "voice profile '\(voice.name)': espeak_Synchronize failed (\(name(of: status)))")
        case .write:
            throw SpeechError(
                .synthesisFailed,
                message: "voice profile '\(voice.name)': espeak-ng's worker could not hand back its samples")
        case nil:
            throw SpeechError(
                .synthesisFailed,
                message: "voice profile '\(voice.name)': espeak-ng's worker exited with status \(code)")
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
