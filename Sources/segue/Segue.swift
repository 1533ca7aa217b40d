import ArgumentParser
import Foundation
import SegueAudio
import SegueCore
import SegueSession
import SegueSpeech
import SegueStore

@main
struct Segue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segue",
        abstract: "An AI DJ: a personal lineup, commentary between the tracks, one finished audio session.",
        subcommands: [SessionCommand.self, LineupCommand.self, SayCommand.self, CheckCommand.self, NormalizeCommand.self, TemplatesCommand.self, EvalCommand.self, BenchCommand.self, CatalogCommand.self])
}

/// Options shared by the commands that read a catalog and a listener.
struct InputOptions: ParsableArguments {
    @Option(help: "The catalog file: JSON, or SQLite from `segue catalog import`.")
    var catalog = "samples/catalog.json"

    @Option(help: "The listener file.")
    var listener: String

    @Option(help: "Target length in minutes (ignored with --count).")
    var minutes = 10.0

    @Option(help: "Exact number of tracks.")
    var count: Int?

    @Option(help: "Random seed: the same inputs and seed give the same session.")
    var seed: UInt64 = 7

    @Option(help: "The familiar/new dial: share of picks by artists the listener has not played, 0 to 1.")
    var discovery = 0.2

    @Option(help: "Energy arc: warmup, peak, steady or cooldown.")
    var arc: EnergyArc = .peak

    @Option(help: "No artist twice within this many consecutive slots.")
    var separation = 8

    @Option(help: "Lineups kept at each step of the beam search.")
    var beamWidth = LineupOptions().beamWidth

    func validate() throws {
        guard minutes > 0, minutes <= 600 else { throw ValidationError("--minutes must be between 0 and 600") }
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        guard (0...1).contains(discovery) else { throw ValidationError("--discovery must be between 0 and 1") }
        guard separation >= 1 else { throw ValidationError("--separation must be at least 1") }
        guard (1...64).contains(beamWidth) else { throw ValidationError("--beam-width must be between 1 and 64") }
    }

    /// The sequencer options these flags ask for.
    func lineupOptions(crossfade: Double = 6) -> LineupOptions {
        LineupOptions(count: count, minutes: minutes, artistSeparation: separation, crossfade: crossfade, seed: seed,
                      discovery: discovery, arc: arc, beamWidth: beamWidth)
    }
}

extension EnergyArc: ExpressibleByArgument {}

/// Which voice speaks, shared by the commands that speak.
struct VoiceOptions: ParsableArguments {
    @Option(help: "Voice profile name (a file in --voices); sessions default to the listener's language.")
    var voice: String?

    @Option(help: "Folder of voice profiles.")
    var voices = "voices"
}

/// Runs `body`, printing a failure as one clear line and exiting non-zero.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        FileHandle.standardError.write(Data("segue: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

struct SessionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session", abstract: "Render a DJ session: session.wav, script.md, script.json and session.cue.")

    @OptionGroup var input: InputOptions

    @Option(help: "Output folder.")
    var out = "out/session"

    @OptionGroup var voiceOptions: VoiceOptions

    @Option(help: "Folder of commentary templates.")
    var prompts = "prompts"

    @Option(help: "Crossfade length in seconds.")
    var crossfade = 6.0

    @Flag(help: "Let draft and in-review templates speak (marked in the script).")
    var preview = false

    @Option(help: "Render one stem instead of the session, for review: music (ducked, no voice) or voice.")
    var stem: String?

    @Option(help: "Talk before every MIN-MAX tracks (MIN at least 2).")
    var talkEvery = "2-4"

    @Option(help: "A history file of recent sessions' templates, for rotation (read, then updated).")
    var history: String?

    func run() async throws {
        try await reportingErrors {
            var request = SessionRequest(
                catalogURL: URL(fileURLWithPath: input.catalog), listenerURL: URL(fileURLWithPath: input.listener),
                promptsURL: URL(fileURLWithPath: prompts), voicesURL: URL(fileURLWithPath: voiceOptions.voices),
                voiceName: voiceOptions.voice,
                minutes: input.minutes, count: input.count, seed: input.seed, outputURL: URL(fileURLWithPath: out),
                mode: preview ? .preview : .production, crossfade: crossfade)
            request.lineup = input.lineupOptions(crossfade: crossfade)
            let bounds = talkEvery.split(separator: "-").compactMap { Int($0) }
            guard bounds.count == 2, bounds[0] >= 2, bounds[1] >= bounds[0] else {
                throw ValidationError("--talk-every takes MIN-MAX with 2 ≤ MIN ≤ MAX, e.g. 2-4")
            }
            request.talkGap = bounds[0]...bounds[1]
            request.historyURL = history.map { URL(fileURLWithPath: $0) }
            let stems: MixStems
            switch stem {
            case nil, "full": stems = .full
            case "music": stems = .music
            case "voice": stems = .voice
            case let other?: throw ValidationError("--stem must be music or voice, not '\(other)'")
            }
            let renderer = SessionRenderer(synthesizer: ESpeakSynthesizer.shared, transcriber: ESpeakSynthesizer.shared)
            let result = try await renderer.render(request, stems: stems)
            let document = result.document
            let spoken = document.lines.filter { $0.line.isSpoken }.count
            print("""
                Rendered \(out)/session.wav: \(document.tracks.count) tracks, \(spoken) of \(document.lines.count) lines spoken, \
                \(String(format: "%.1f s, %.1f LUFS, peak %.1f dBFS", document.duration, document.loudness, document.peakDBFS))
                """)
            for skip in document.skipped { print("skipped \(skip.trackID): \(skip.reason)") }
            for warning in document.warnings { print("warning: \(warning)") }
            for file in result.files { print("wrote \(file.path)") }
        }
    }
}

struct LineupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lineup", abstract: "Print the lineup for a listener, with the reason for every pick.")

    @OptionGroup var input: InputOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        try await reportingErrors {
            let catalog = try CatalogLoader.load(from: URL(fileURLWithPath: input.catalog))
            let listener = try Listener.load(from: URL(fileURLWithPath: input.listener))
            let lineup = Sequencer(catalog: catalog).lineup(for: listener, options: input.lineupOptions())
            if json {
                print(String(decoding: try JSONFile.encode(lineup), as: UTF8.self))
                return
            }
            for pick in lineup.picks {
                print("\(pick.position). \(pick.track.title) — \(pick.track.artist)  [\(pick.reasons.joined(separator: "; "))]")
                let b = pick.breakdown
                print(String(format: "   score %.3f = relevance %.3f − redundancy %.3f + discovery %.3f + fairness %.3f − calibration %.3f − transition %.3f − arc %.3f",
                             pick.score, b.relevance, b.redundancy, b.discovery, b.fairness, b.calibration, b.transition, b.arc))
            }
            for skip in lineup.skipped { print("skipped \(skip.trackID): \(skip.reason)") }
            for warning in lineup.warnings { print("warning: \(warning)") }
            print(ImpactTable.render(segue: lineup.metrics, baseline: lineup.baselineMetrics))
        }
    }
}

struct SayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "say", abstract: "Speak one line to a WAV file.")

    @Argument(help: "The text to speak.")
    var text: String

    @OptionGroup var voiceOptions: VoiceOptions

    @Option(help: "Output WAV file.")
    var out = "clip.wav"

    func run() async throws {
        try await reportingErrors {
            let profile = try VoiceProfile.named(voiceOptions.voice ?? "river", in: URL(fileURLWithPath: voiceOptions.voices))
            // Text views only: `say` crashed in some builds (a corrupt async frame right after
            // `SafetyScreen.make`, layout-dependent; see the closing note). Sessions keep the sound view.
            let screen = SafetyScreen(checker: SafetyChecker(), transcriber: nil)
            let report = try await screen.check(text)
            guard report.verdict != .block else {
                let terms = report.findings.map { "\($0.category.rawValue) “\($0.evidence)”" }.joined(separator: ", ")
                throw SessionError("the line was blocked by the safety check (\(terms)); nothing was spoken")
            }
            let speech = try await ESpeakSynthesizer.shared.synthesize(report.text, voice: profile)
            let url = URL(fileURLWithPath: out)
            let temporary = AtomicFile.temporaryURL(for: url)
            let writer = try AudioFileWriter(url: temporary, sampleRate: speech.sampleRate, channels: speech.channels)
            try writer.write(speech.samples)
            try writer.close()
            try AtomicFile.commit(temporary, to: url)
            print(String(format: "wrote %@: %.2f s at %d Hz", out, speech.duration, speech.sampleRate))
        }
    }
}
