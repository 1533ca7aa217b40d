import ArgumentParser
import Foundation
import SegueAudio
import SegueCommandLine
import SegueCore
import SegueFiles
import SegueSession
import SegueSpeech
import SegueStore

@main
struct Segue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segue",
        abstract: "An AI DJ: a personal lineup, commentary between the tracks, one finished audio session.",
        version: SegueVersion.current,
        subcommands: [
            SessionCommand.self, PlanCommand.self, ScriptCommand.self, RenderCommand.self, LineupCommand.self,
            SayCommand.self, CheckCommand.self, NormalizeCommand.self, TemplatesCommand.self, CatalogCommand.self,
            LibraryCommand.self, ListenerCommand.self, ServeCommand.self, UserCommand.self,
        ])
}

/// Options shared by the commands that read a catalog and a listener. Numeric options take the next word as their
/// value even when it starts with "-" (`--minutes -5`), so a negative number gets the range message, not "missing
/// value".
struct InputOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The catalog file: JSON, or SQLite from `segue catalog import` or `segue library import`.",
            discussion: "Default: the --db database's catalog, else the sample catalog."))
    var catalog: String?

    @Option(help: "A Segue database (from `segue library import`): the catalog, and the listener by id.")
    var db: String?

    @Option(help: "The listener file, or with --db the listener's id in the database.")
    var listener: String

    /// The catalog these options name.
    var catalogPath: String {
        catalog ?? db ?? SegueData.installed.root.appendingPathComponent("samples/catalog.json").path
    }

    /// The listener: from the database with --db, else from the listener file (warning on unknown fields).
    func loadListener() throws -> Listener {
        guard let db else { return try segue.loadListener(listener) }
        return try LibraryStore(url: URL(fileURLWithPath: db)).listener(id: listener)
    }

    /// Keeps a rendered session's plan and script in the --db database, when there is one.
    func recordSession(_ rendered: RenderedSession) throws {
        guard let db, rendered.stems == .full else { return }
        try LibraryStore(url: URL(fileURLWithPath: db)).recordSession(
            plan: rendered.voiced.script.plan, script: rendered.voiced.script)
    }

    @Option(parsing: .unconditional, help: "Target length in minutes (ignored with --count).")
    var minutes = 10.0

    @Option(parsing: .unconditional, help: "Exact number of tracks.")
    var count: Int?

    @Option(help: "Random seed: the same inputs and seed give the same session.")
    var seed: UInt64 = 7

    @Option(
        parsing: .unconditional,
        help: "The familiar/new dial: share of picks by artists the listener has not played, 0 to 1.")
    var discovery = 0.2

    @Option(help: "Energy arc: warmup, peak, steady or cooldown.")
    var arc: EnergyArc = .peak

    @Option(parsing: .unconditional, help: "No artist twice within this many consecutive slots.")
    var separation = 8

    @Option(parsing: .unconditional, help: "Lineups kept at each step of the beam search.")
    var beamWidth = LineupOptions().beamWidth

    @Option(
        help: ArgumentHelp(
            "The session's reference time (2026-12-03 or 2026-12-03T20:00:00Z); history dated later counts as of it.",
            discussion: "Default: now. Give it to reproduce a session whose history has future dates."))
    var asOf: String?

    func validate() throws {
        guard minutes > 0, minutes <= 600 else { throw ValidationError("--minutes must be between 0 and 600") }
        // A 10-hour session is about 150 tracks; beyond 1000 the sequencer's tables would take gigabytes.
        if let count, !(1...1000).contains(count) { throw ValidationError("--count must be between 1 and 1000") }
        guard (0...1).contains(discovery) else { throw ValidationError("--discovery must be between 0 and 1") }
        guard (1...1000).contains(separation) else { throw ValidationError("--separation must be between 1 and 1000") }
        guard (1...64).contains(beamWidth) else { throw ValidationError("--beam-width must be between 1 and 64") }
        if let asOf, LineupOptions(asOf: asOf).referenceDate == nil {
            throw ValidationError("--as-of must be an ISO 8601 date or date-time (2026-12-03 or 2026-12-03T20:00:00Z)")
        }
    }

    /// The sequencer options these flags ask for.
    func lineupOptions(crossfade: Double = 6) -> LineupOptions {
        LineupOptions(
            count: count, minutes: minutes, artistSeparation: separation, crossfade: crossfade, seed: seed,
            discovery: discovery, arc: arc, beamWidth: beamWidth, asOf: asOf)
    }
}

extension EnergyArc: ExpressibleByArgument {}

/// Which voice speaks, shared by the commands that speak.
struct VoiceOptions: ParsableArguments {
    @Option(help: "Voice profile name (a file in --voices); sessions default to the listener's language.")
    var voice: String?

    @Option(help: "Folder of voice profiles.")
    var voices = SegueData.installed.voices.path
}

/// Runs `body`, printing a failure as one clear line and exiting non-zero.
func reportingErrors(_ body: () async throws -> Void) async throws {
    try await CommandFailure.reporting(body)
}

/// Folders besides the catalog's own that its audio may come from: for the engine, and for `lineup`, which counts
/// only tracks whose audio can play.
struct LibraryRootOption: ParsableArguments {
    @Option(help: "A folder besides the catalog's own that its audio may come from (repeatable).")
    var libraryRoot: [String] = []

    var roots: [URL] { libraryRoot.map { URL(fileURLWithPath: $0) } }
}

/// The inputs an engine is built from, shared by the commands that make sessions.
struct EngineOptions: ParsableArguments {
    @Option(help: "Folder of commentary templates.")
    var prompts = SegueData.installed.prompts.path

    @Option(help: "Folder of voice profiles.")
    var voices = SegueData.installed.voices.path

    @OptionGroup var library: LibraryRootOption

    @Option(
        parsing: .unconditional,
        help: "Loudness target in LUFS: -14 (streaming, default), -16, -23 (broadcast), -11; from -40 to -5.")
    var loudness: Double = -14

    @Option(
        parsing: .unconditional,
        help: "How far the music drops under the voice, dB: from -30 to -3 (default -12); deeper where needed.")
    var duck: Double = -12

    @Option(
        parsing: .unconditional,
        help: "The voice's loudness against the music's, LU: from -10 to 10 (default 0).")
    var voiceOffset: Double = 0

    @Option(
        help: ArgumentHelp(
            "A folder of voice clips kept from earlier renders: a line spoken before is read back, not synthesized.",
            discussion: "Default: $XDG_CACHE_HOME/segue/clips, else ~/.cache/segue/clips.",
            valueName: "dir"))
    var clipCache: String?

    @Flag(help: "Synthesize every line afresh, neither reading nor writing the clip cache.")
    var noClipCache = false

    func validate() throws {
        guard loudness.isFinite, (-40.0 ... -5.0).contains(loudness) else {
            throw ValidationError("--loudness \(loudness): give a target from -40 to -5 LUFS")
        }
        guard duck.isFinite, (-30.0 ... -3.0).contains(duck) else {
            throw ValidationError("--duck \(duck): give a depth from -30 to -3 dB")
        }
        guard voiceOffset.isFinite, (-10.0...10.0).contains(voiceOffset) else {
            throw ValidationError("--voice-offset \(voiceOffset): give an offset from -10 to 10 LU")
        }
        if noClipCache, let clipCache {
            throw ValidationError("--clip-cache \(clipCache) and --no-clip-cache: give one or the other")
        }
    }

    /// The clip cache these flags ask for: none with --no-clip-cache, else --clip-cache or the user's cache folder.
    var cache: ClipCache? {
        guard !noClipCache else { return nil }
        return ClipCache(folder: clipCache.map { URL(fileURLWithPath: $0) } ?? ClipCache.defaultFolder())
    }

    /// An engine over `catalog` and these folders, rendering to `output` (16-bit WAV at 44.1 kHz by default); what
    /// loading noticed is printed as warnings.
    func engine(catalog: String, output: OutputOptions? = nil) async throws -> SegueEngine {
        var mix = MixSettings()
        mix.targetLoudness = loudness
        mix.voiceLoudness = loudness + voiceOffset
        mix.duckDepth = duck
        if let output {
            mix.output = try output.outputFormat()
            mix.sampleRate = try output.rate()
        }
        let engine = try await SegueEngine.load(
            EngineConfiguration(
                catalogURL: URL(fileURLWithPath: catalog), promptsURL: URL(fileURLWithPath: prompts),
                voicesURL: URL(fileURLWithPath: voices), libraryRoots: library.roots,
                mix: mix, clipCache: cache),
            synthesizer: ESpeakSynthesizer.shared)
        warn(engine.inputWarnings)
        return engine
    }
}

/// The session's audio file: `--format` and `--sample-rate`, shared by the commands that render.
struct OutputOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The session's audio format: wav16 (default), wav24, wav32f, flac, flac24, ogg, opus or mp3.",
            discussion:
                "WAV becomes RF64 past 4 GB. ogg, opus and mp3 are VBR at about 160-190 kbit/s. The file is session.wav, "
                + ".flac, .ogg, .opus or .mp3, and the cue sheet names it.",
            valueName: "format"))
    var format = OutputFormat.wav16.rawValue

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Sample rate in Hz: 44100 or 48000.",
            discussion: "Default: 44100, and 48000 with --format opus (Opus is written at 48 kHz only).",
            valueName: "hz"))
    var sampleRate: Int?

    func validate() throws {
        _ = try rate()
    }

    /// The format `--format` names.
    func outputFormat() throws -> OutputFormat {
        guard let known = OutputFormat(rawValue: format) else {
            throw ValidationError(
                "--format \(format): give one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return known
    }

    /// The rate `--sample-rate` names, or the format's default.
    func rate() throws -> Int {
        let format = try outputFormat()
        guard let sampleRate else { return format.requiredSampleRate ?? MixSettings().sampleRate }
        guard MixSettings.sampleRates.contains(sampleRate) else {
            throw ValidationError(
                "--sample-rate \(sampleRate): give \(MixSettings.sampleRates.map(String.init).joined(separator: " or ")) Hz"
            )
        }
        if let required = format.requiredSampleRate, required != sampleRate {
            throw ValidationError(
                "--sample-rate \(sampleRate): --format \(format.rawValue) is written at \(required) Hz only; give "
                    + "--sample-rate \(required) or leave it out")
        }
        return sampleRate
    }
}

/// Shows a render's mixing progress on standard error, and ends its line when done.
func mixingProgress() -> (bar: ProgressBar, report: @Sendable (Double) -> Void) {
    let bar = ProgressBar(label: "mixing", unit: .percent)
    return (bar, { bar.update(fraction: $0) })
}

/// Prints what loading noticed and went on from, one `warning:` line each on standard error.
func warn(_ warnings: [InputWarning]) {
    for warning in warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
}

/// Loads a listener file, printing a warning for each field Segue does not know.
func loadListener(_ path: String) throws -> Listener {
    var warnings: [InputWarning] = []
    let listener = try Listener.load(from: URL(fileURLWithPath: path), warnings: &warnings)
    warn(warnings)
    return listener
}

/// How a session sounds and talks: shared by `session` and `plan`.
struct TalkOptions: ParsableArguments {
    @Option(help: "Voice profile name (a file in --voices); sessions default to the listener's language.")
    var voice: String?

    @Option(parsing: .unconditional, help: "Crossfade length in seconds.")
    var crossfade = 6.0

    @Flag(help: "Let draft and in-review templates speak (marked in the script).")
    var preview = false

    @Option(help: "Talk before every MIN-MAX tracks (MIN at least 2).")
    var talkEvery = "2-4"

    func validate() throws {
        guard crossfade >= 0, crossfade <= 30 else {
            throw ValidationError("--crossfade must be between 0 and 30 seconds")
        }
        _ = try talkGap()
    }

    func talkGap() throws -> ClosedRange<Int> {
        let bounds = talkEvery.split(separator: "-").compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] >= 2, bounds[1] >= bounds[0] else {
            throw ValidationError("--talk-every takes MIN-MAX with 2 ≤ MIN ≤ MAX, e.g. 2-4")
        }
        return bounds[0]...bounds[1]
    }

    /// The session options these flags and the input flags ask for.
    func sessionOptions(_ input: InputOptions) throws -> SessionOptions {
        SessionOptions(
            lineup: input.lineupOptions(crossfade: crossfade), voiceName: voice,
            mode: preview ? .preview : .production, talkGap: try talkGap())
    }
}

/// Which stem to render: the whole session, or the music or the voice alone.
struct StemOption: ParsableArguments {
    @Option(help: "Render one stem instead of the session, for review: music (ducked, no voice) or voice.")
    var stem: String?

    func stems() throws -> MixStems {
        switch stem {
        case nil, "full": return .full
        case "music": return .music
        case "voice": return .voice
        case let other?: throw ValidationError("--stem must be music or voice, not '\(other)'")
        }
    }
}

/// Prints what a render wrote.
/// `--strict`: a render that misses the QA spec is an error.
struct QualityOption: ParsableArguments {
    @Flag(
        help:
            "Exit 1 when the render misses the broadcast spec in qa.json (loudness, true peak, speech over music, silence, DC)."
    )
    var strict = false

    /// Prints the QA gate's failures; with `--strict`, exits 1 when there are any.
    func check(_ rendered: RenderedSession) throws {
        guard rendered.stems == .full else { return }
        for failure in rendered.quality.failures { print("qa: out of spec: \(failure)") }
        if strict && !rendered.quality.passed { throw ExitCode(1) }
    }
}

func printRendered(_ rendered: RenderedSession, in folder: URL) {
    let document = rendered.document
    let spoken = document.lines.filter { $0.line.isSpoken }.count
    print(
        """
        Rendered \(folder.path)/\(rendered.audioFileName): \(document.tracks.count) tracks, \(spoken) of \(document.lines.count) \
        lines spoken, \(String(format: "%.1f s, %.1f LUFS, peak %.1f dBFS", rendered.mix.duration, rendered.mix.loudness, rendered.mix.peakDBFS))
        """)
    for skip in document.skipped { print("skipped \(skip.trackID): \(skip.reason)") }
    for warning in document.warnings { print("warning: \(warning)") }
    for name in rendered.fileNames { print("wrote \(folder.appendingPathComponent(name).path)") }
}

struct SessionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session",
        abstract:
            "Render a DJ session: session.wav (or --format), its script, cue sheet, QA report, captions, manifest, playlist.",
        discussion: "The one-shot path: the same bytes as `segue plan`, then `segue script`, then `segue render`.")

    @OptionGroup var input: InputOptions
    @OptionGroup var engineOptions: EngineOptions
    @OptionGroup var talk: TalkOptions
    @OptionGroup var stem: StemOption
    @OptionGroup var output: OutputOptions

    @Option(help: "Output folder.")
    var out = "out/session"

    @OptionGroup var history: HistoryOption
    @OptionGroup var quality: QualityOption

    func run() async throws {
        try await reportingErrors {
            let engine = try await engineOptions.engine(catalog: input.catalogPath, output: output)
            let listener = try input.loadListener()
            let folder = URL(fileURLWithPath: out)
            let stems = try stem.stems()
            let progress = mixingProgress()
            defer { progress.bar.finish() }
            let rendered = try await engine.render(
                for: listener, options: try history.freshened(talk.sessionOptions(input), for: listener.id),
                recent: try history.recentTalk(for: listener.id), stems: stems, to: folder, progress: progress.report)
            progress.bar.finish()
            try history.record(rendered)
            try input.recordSession(rendered)
            printRendered(rendered, in: folder)
            try quality.check(rendered)
        }
    }
}

/// The history of recent sessions' templates, for rotation: read when a script is written, updated once a session
/// is rendered (`session` does both, `script` reads, `render` updates).
struct HistoryOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A history file of the listener's recent sessions (read, and updated when a session is rendered).",
            discussion:
                "The DJ rotates its lines against the templates of the last sessions, and the lineup is fresh: tracks and artists of the recent sessions count for less, halving every two days."
        ))
    var history: String?

    /// What the DJ said to the listener lately (nothing without a history file).
    func recentTalk(for listener: String) throws -> RecentTalk {
        try history.map { try TemplateHistory.load(from: URL(fileURLWithPath: $0)) }?.recentTalk(for: listener)
            ?? RecentTalk()
    }

    /// Today's date in UTC (`2026-12-03`): a session made without `--as-of` is remembered by its day, so the stages
    /// run one after another record what `session` records.
    static func today() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date())
    }

    /// The listener's recent sessions for the sequencer (nil without a history file).
    func recentSessions(for listener: String) throws -> RecentSessions? {
        try history.map { try TemplateHistory.load(from: URL(fileURLWithPath: $0)) }?.recentSessions(for: listener)
    }

    /// `options` with the listener's recent sessions, so the lineup is fresh.
    func freshened(_ options: SessionOptions, for listener: String) throws -> SessionOptions {
        var options = options
        options.lineup.recent = try recentSessions(for: listener)
        return options
    }

    /// Adds a rendered session's templates to the history file; stems are not sessions and are not recorded.
    func record(_ rendered: RenderedSession) throws {
        guard let history, rendered.stems == .full else { return }
        let url = URL(fileURLWithPath: history)
        let plan = rendered.voiced.script.plan
        var updated = try TemplateHistory.load(from: url)
        updated.record(
            listener: plan.listener.id, seed: plan.options.seed,
            templates: rendered.voiced.script.lines.map(\.templateID),
            introduced: rendered.voiced.script.introducedArtists,
            date: plan.options.lineup.asOf ?? Self.today(),
            tracks: plan.lineup.picks.map(\.track.id))
        try AtomicFile.write(try JSONFile.encode(updated), to: url)
    }
}

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "The first stage: a listener's lineup with every pick's audio checked, saved as plan.json.")

    @OptionGroup var input: InputOptions
    @OptionGroup var engineOptions: EngineOptions
    @OptionGroup var talk: TalkOptions

    @Option(help: "The plan file to write.")
    var out = "plan.json"

    @OptionGroup var history: HistoryOption

    func run() async throws {
        try await reportingErrors {
            let engine = try await engineOptions.engine(catalog: input.catalogPath)
            let listener = try input.loadListener()
            let plan = try engine.plan(
                for: listener, options: try history.freshened(talk.sessionOptions(input), for: listener.id))
            try AtomicFile.write(
                try JSONFile.encode(StageFile(catalog: engine.catalogPath, value: plan)), to: URL(fileURLWithPath: out))
            print("Planned \(plan.lineup.picks.count) tracks for \(listener.id): wrote \(out)")
            for skip in plan.lineup.skipped { print("skipped \(skip.trackID): \(skip.reason)") }
            for warning in plan.lineup.warnings { print("warning: \(warning)") }
        }
    }
}

struct ScriptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "script",
        abstract:
            "The second stage: the DJ's lines for a plan, screened for safety; script.json and a readable script.md.")

    @Argument(help: "The plan file from `segue plan`.")
    var plan: String

    @OptionGroup var engineOptions: EngineOptions

    @Option(help: "The catalog the plan was made from (default: the one the plan names).")
    var catalog: String?

    @Option(help: "The script file to write; the readable .md goes beside it.")
    var out = "script.json"

    @OptionGroup var history: HistoryOption

    func run() async throws {
        try await reportingErrors {
            let saved = try JSONFile.decode(StageFile<SessionPlan>.self, from: URL(fileURLWithPath: plan))
            let engine = try await engineOptions.engine(catalog: catalog ?? saved.catalog)
            let script = try await engine.script(
                saved.value, recent: try history.recentTalk(for: saved.value.listener.id))
            let url = URL(fileURLWithPath: out)
            try AtomicFile.write(try JSONFile.encode(StageFile(catalog: engine.catalogPath, value: script)), to: url)
            let markdown = url.deletingPathExtension().appendingPathExtension("md")
            try AtomicFile.write(Data(ScriptMarkdown.render(try engine.review(script)).utf8), to: markdown)
            let spoken = script.lines.filter(\.isSpoken).count
            print("Scripted \(script.lines.count) lines (\(spoken) to be spoken): wrote \(out) and \(markdown.path)")
        }
    }
}

struct RenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render", abstract: "The last stages: voice and mix a reviewed script into a session folder.")

    @Argument(help: "The script file from `segue script`.")
    var script: String

    @OptionGroup var engineOptions: EngineOptions
    @OptionGroup var stem: StemOption
    @OptionGroup var output: OutputOptions

    @Option(help: "The catalog the plan was made from (default: the one the script names).")
    var catalog: String?

    @OptionGroup var history: HistoryOption
    @OptionGroup var quality: QualityOption

    @Option(help: "Output folder.")
    var out = "out/session"

    func run() async throws {
        try await reportingErrors {
            let saved = try JSONFile.decode(StageFile<Script>.self, from: URL(fileURLWithPath: script))
            let engine = try await engineOptions.engine(catalog: catalog ?? saved.catalog, output: output)
            let folder = URL(fileURLWithPath: out)
            let progress = mixingProgress()
            defer { progress.bar.finish() }
            let rendered = try await engine.render(
                saved.value, stems: try stem.stems(), to: folder, progress: progress.report)
            progress.bar.finish()
            try history.record(rendered)
            printRendered(rendered, in: folder)
            try quality.check(rendered)
        }
    }
}

struct LineupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lineup", abstract: "Print the lineup for a listener, with the reason for every pick.")

    @OptionGroup var input: InputOptions

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var history: HistoryOption
    @OptionGroup var library: LibraryRootOption

    func run() async throws {
        try await reportingErrors {
            var warnings: [InputWarning] = []
            let catalog = try CatalogLoader.load(from: URL(fileURLWithPath: input.catalogPath), warnings: &warnings)
            warn(warnings)
            let listener = try input.loadListener()
            var options = input.lineupOptions()
            options.recent = try history.recentSessions(for: listener.id)
            // A catalog with audio counts only the tracks a session could play, as `session` does; one without any
            // (a catalog of metadata) is sequenced as it is.
            let catalogURL = URL(fileURLWithPath: input.catalogPath)
            let audio = AudioLibrary(
                catalogFolder: catalog.baseURL, roots: library.roots + AudioLibrary.importedRoots(of: catalogURL))
            let hasAudio = catalog.tracks.contains { $0.audio != nil }
            let lineup = Sequencer(catalog: catalog).lineup(for: listener, options: options, now: Date()) { track in
                hasAudio ? audio.problem(with: track, in: catalog) : nil
            }
            if json {
                print(String(decoding: try JSONFile.encode(lineup), as: UTF8.self))
                return
            }
            for pick in lineup.picks {
                print(
                    "\(pick.position). \(pick.track.title) — \(pick.track.artist)  [\(pick.reasons.map(\.description).joined(separator: "; "))]"
                )
                let b = pick.breakdown
                print(
                    String(
                        format:
                            "   score %.3f = relevance %.3f − redundancy %.3f + discovery %.3f + fairness %.3f − calibration %.3f − transition %.3f − arc %.3f",
                        pick.score, b.relevance, b.redundancy, b.discovery, b.fairness, b.calibration, b.transition,
                        b.arc))
            }
            for skip in lineup.skipped { print("skipped \(skip.trackID): \(skip.reason)") }
            for warning in lineup.warnings { print("warning: \(warning)") }
            print(ImpactTable.render(segue: lineup.metrics, baseline: lineup.baselineMetrics))
        }
    }
}

struct SayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "say", abstract: "Speak one line to a WAV file, screened and made speech-ready as in a session.")

    @Argument(help: "The text to speak.")
    var text: String?

    @Option(help: "Read the text from this UTF-8 file instead, or from standard input with -.")
    var file: String?

    @OptionGroup var voiceOptions: VoiceOptions

    @Option(help: "The pronunciation lexicon.")
    var pronunciations = SegueData.installed.prompts.appendingPathComponent("pronunciations.tsv").path

    @Option(help: "Output WAV file.")
    var out = "clip.wav"

    func validate() throws {
        guard (text == nil) != (file == nil) else { throw ValidationError("give either TEXT or --file FILE") }
    }

    /// The text to speak: the argument, a file's or standard input's.
    func readText() throws -> String {
        if let text { return text }
        let data = file == "-" ? try StandardStreams.readInput() : try InputFile.read(URL(fileURLWithPath: file ?? ""))
        guard let text = String(data: data, encoding: .utf8) else {
            throw FileError(.unreadable, path: file ?? "-", message: "is not UTF-8 text")
        }
        return text
    }

    func run() async throws {
        try await reportingErrors {
            let text = try readText()
            let profile = try VoiceProfile.named(
                voiceOptions.voice ?? "river", in: URL(fileURLWithPath: voiceOptions.voices))
            let normalizer = try SpeechNormalizer.load(from: URL(fileURLWithPath: pronunciations))
            let screen = try await SafetyScreen.make(
                policy: try SafetyPolicy.shipped(), transcriber: ESpeakSynthesizer.shared)
            let report = try await screen.check(text)
            guard report.verdict != .block else {
                let terms = report.findings.map { "\($0.category.rawValue) “\($0.evidence)”" }.joined(separator: ", ")
                throw SessionError(
                    .blocked, message: "the line was blocked by the safety check (\(terms)); nothing was spoken")
            }
            let spoken = normalizer.normalize(report.text, language: profile.language)
            let speech = try await ESpeakSynthesizer.shared.synthesize(spoken, voice: profile)
            try AtomicFile.write(to: URL(fileURLWithPath: out)) { temporary in
                let writer = try AudioFileWriter(
                    url: temporary, sampleRate: speech.sampleRate, channels: speech.channels)
                try writer.write(speech.samples)
                try writer.close()
            }
            if spoken != text { print("spoken as: \(spoken)") }
            print(String(format: "wrote %@: %.2f s at %d Hz", out, speech.duration, speech.sampleRate))
        }
    }
}
