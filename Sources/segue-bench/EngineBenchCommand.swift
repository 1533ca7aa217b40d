import ArgumentParser
import Foundation
import SegueCommandLine
import SegueCore
import SegueEvaluation
import SegueFiles
import SegueSession
import SegueSpeech
import SegueStore

#if canImport(Glibc)
import Glibc
#endif

/// `segue-bench engine`: sessions per minute from one long-lived `SegueEngine` against one `segue session` process
/// per session, on the same listeners and options, and the peak memory of each.
struct EngineBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Sessions per minute: one engine in one process against one `segue session` process per session.",
        discussion: """
            `segue session` runs once per listener; then one engine is loaded (timed on its own) and renders a \
            session for each listener in a row, with the same options. The processes go first, while this process \
            is small: a spawned child's ru_maxrss is at least its parent's peak. Sessions are short (--count \
            tracks), so the fixed cost of each process (loading the catalog, templates, voices and safety screen) shows.
            """)

    /// Which catalog the sessions are planned from.
    enum CatalogChoice: String, ExpressibleByArgument, CaseIterable {
        /// `samples/catalog.json` and its audio.
        case sample
        /// A `SyntheticWorld` catalog of --tracks tracks written as SQLite, every track playing a sample file.
        case synthetic
    }

    @Option(help: "sample (samples/catalog.json) or synthetic (--tracks tracks, written as SQLite).")
    var catalog: CatalogChoice = .sample
    @Option(help: "Synthetic tracks.") var tracks = 100_000
    @Option(help: "Embedding width of the synthetic tracks (0 for none).") var dimension = 64
    @Option(help: "Listeners, one session each on each side.") var listeners = 20
    @Option(help: "Tracks in each session (few, so the fixed costs show).") var count = 3
    @Option(help: "Random seed of every session (and of the synthetic world).") var seed: UInt64 = 7
    @Option(help: "The segue binary for the process side (default: beside segue-bench).") var segue: String?
    @Option(help: "Keep the inputs and sessions in this folder (default: a temporary folder, removed after).")
    var folder: String?

    func validate() throws {
        guard tracks >= 1 else { throw ValidationError("--tracks must be at least 1") }
        guard dimension >= 0 else { throw ValidationError("--dimension must be 0 or more") }
        guard listeners >= 1 else { throw ValidationError("--listeners must be at least 1") }
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
    }

    func run() async throws {
        try await reportingErrors {
            let work: URL
            if let folder {
                work = URL(fileURLWithPath: folder)
            } else {
                work = FileManager.default.temporaryDirectory.appendingPathComponent("segue-bench-engine-\(getpid())")
            }
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { if folder == nil { try? FileManager.default.removeItem(at: work) } }
            let segueURL = try segueBinary()
            let data = SegueData.installed

            // The inputs, made before anything is timed; the synthetic world is dropped before anything is measured.
            let inputs =
                try catalog == .sample
                ? sampleInputs(data: data, in: work) : syntheticInputs(data: data, in: work)
            print(
                inputs.description + ", \(inputs.listenerURLs.count) listeners, \(count) tracks a session "
                    + "(short sessions, so the fixed costs show), seed \(seed)")
            let options = SessionOptions(lineup: LineupOptions(count: count, seed: seed))
            let listenerValues = try inputs.listenerURLs.map(Listener.load(from:))

            // (b) first, while this process is small: a child started by posix_spawn (vfork) reports in `ru_maxrss`
            // at least this process's high-water mark at the time, which would be the engine's if it ran first.
            ProcessUsage.resetPeak()
            let spawnFloor = ProcessUsage.bytes("VmHWM:")
            var processSeconds: [Double] = []
            var processPeaks: [Int] = []
            for (listener, listenerURL) in zip(listenerValues, inputs.listenerURLs) {
                let arguments = [
                    "session", "--catalog", inputs.catalogURL.path, "--listener", listenerURL.path,
                    "--count", "\(count)", "--seed", "\(seed)", "--out", sessionFolder(work, "process", listener).path,
                    "--prompts", data.prompts.path, "--voices", data.voices.path,
                    // The synthetic catalog's tracks play the sample audio, outside its own folder.
                    "--library-root", data.root.appendingPathComponent("samples/audio").path,
                ]
                let log = work.appendingPathComponent("process-\(listener.id).log")
                let child = try ChildProcess.run(segueURL, arguments: arguments, output: log)
                guard child.exitStatus == 0 else {
                    let said =
                        (try? String(contentsOf: log, encoding: .utf8))?
                        .split(separator: "\n").last.map(String.init) ?? ""
                    throw SessionError(
                        .processFailed,
                        message: "`segue session` for listener '\(listener.id)' "
                            + "ended with \(child.exitDescription): \(said) (log: \(log.path))")
                }
                processSeconds.append(child.seconds)
                processPeaks.append(child.peakResident)
            }

            // (a) One engine: loaded once, then every session from it.
            ProcessUsage.resetPeak()
            let residentBefore = ProcessUsage.bytes("VmRSS:")
            var started = ContinuousClock.now
            let engine = try await SegueEngine.load(
                EngineConfiguration(
                    catalogURL: inputs.catalogURL, promptsURL: data.prompts, voicesURL: data.voices,
                    libraryRoots: [data.root.appendingPathComponent("samples/audio")]),
                synthesizer: ESpeakSynthesizer.shared)
            let loadSeconds = seconds(since: started)
            let peakAfterLoad = ProcessUsage.bytes("VmHWM:")
            var engineSeconds: [Double] = []
            for listener in listenerValues {
                started = .now
                let out = sessionFolder(work, "engine", listener)
                _ = try await engine.render(for: listener, options: options, to: out)
                engineSeconds.append(seconds(since: started))
            }
            let peakAfterSessions = ProcessUsage.bytes("VmHWM:")

            var identical = 0
            for listener in listenerValues {
                let folders = ["engine", "process"].map { sessionFolder(work, $0, listener) }
                let audio = folders.map {
                    FileManager.default.contents(atPath: $0.appendingPathComponent(RenderedSession.audioName).path)
                }
                if let first = audio[0], first == audio[1] { identical += 1 }
                // The session audio adds up to hundreds of MB; only a kept folder keeps it.
                if folder == nil { folders.forEach { try? FileManager.default.removeItem(at: $0) } }
            }

            let sessions = Double(listenerValues.count)
            let engineTotal = engineSeconds.reduce(0, +)
            let processTotal = processSeconds.reduce(0, +)
            let enginePerMinute = 60 * sessions / engineTotal
            let engineWithLoad = 60 * sessions / (engineTotal + loadSeconds)
            let processPerMinute = 60 * sessions / processTotal
            print(String(format: "engine load: %.2f s (catalog, templates, voices, safety screen; once)", loadSeconds))
            print(
                String(
                    format: "engine:    %d sessions in %.2f s (median %.3f s) = %.1f sessions/min; %.1f with the load",
                    listenerValues.count, engineTotal, median(engineSeconds), enginePerMinute, engineWithLoad))
            print(
                String(
                    format: "processes: %d `segue session` in %.2f s (median %.3f s) = %.1f sessions/min (run first)",
                    processSeconds.count, processTotal, median(processSeconds), processPerMinute))
            print(
                String(
                    format: "ratio: engine / processes = %.2fx (%.2fx counting the engine's load)",
                    enginePerMinute / processPerMinute, engineWithLoad / processPerMinute))
            if let residentBefore, let peakAfterLoad, let peakAfterSessions {
                print(
                    "peak RSS of the engine process: \(gigabytes(peakAfterLoad)) after loading "
                        + "(\(gigabytes(residentBefore)) before), \(gigabytes(peakAfterSessions)) after the sessions")
            }
            print(
                "peak RSS of one `segue session` process: \(gigabytes(processPeaks.max() ?? 0)) max, "
                    + "\(gigabytes(median(processPeaks))) median"
                    + (spawnFloor.map { " (none can read below this process's \(gigabytes($0)) at spawn)" } ?? ""))
            print("session.wav byte-identical, engine against process: \(identical) of \(listenerValues.count)")
        }
    }

    // MARK: - Inputs

    /// A catalog file and one JSON file per listener.
    struct Inputs {
        var catalogURL: URL
        var listenerURLs: [URL]
        var description: String
    }

    /// The sample catalog; the sample listeners, then synthetic ones over the sample tracks.
    private func sampleInputs(data: SegueData, in work: URL) throws -> Inputs {
        let catalogURL = data.root.appendingPathComponent("samples/catalog.json")
        let sampleCatalog = try CatalogLoader.load(from: catalogURL)
        let folder = data.root.appendingPathComponent("samples/listeners")
        let samples = try Self.jsonFiles(in: folder)
        var urls = Array(samples.prefix(listeners))
        var rng = SeededRandomNumberGenerator(seed: seed)
        let locales = ["en-US", "en-GB", "es-ES"]
        for index in urls.count..<listeners {
            // A few plays, skips and likes of the sample tracks, so each listener gets a lineup of their own.
            let played = sampleCatalog.tracks.shuffled(using: &rng).prefix(Int.random(in: 2...8, using: &rng))
            let history = played.map { track in
                Listener.HistoryEntry(
                    trackID: track.id, plays: Int.random(in: 1...15, using: &rng),
                    skips: Int.random(in: 0...3, using: &rng),
                    liked: [nil, true, false].randomElement(using: &rng) ?? nil)
            }
            let listener = Listener(
                id: "bench\(index + 1)", name: "Listener \(index + 1)",
                locale: locales[index % locales.count], explicit: index % 2 == 0 ? .block : .allow,
                history: history, nameInCommentary: index % 2 == 1)
            urls.append(try write(listener, in: work))
        }
        return Inputs(
            catalogURL: catalogURL, listenerURLs: urls,
            description: "sample catalog (\(catalogURL.path), JSON, \(sampleCatalog.tracks.count) tracks)")
    }

    /// A synthetic catalog written as SQLite, each track's audio a sample file (absolute paths, in turn), and the
    /// world's listeners.
    private func syntheticInputs(data: SegueData, in work: URL) throws -> Inputs {
        let audioFolder = data.root.appendingPathComponent("samples/audio")
        let audio = try FileManager.default.contentsOfDirectory(atPath: audioFolder.path)
            .filter { $0.hasSuffix(".ogg") }.sorted().map { audioFolder.appendingPathComponent($0).path }
        guard !audio.isEmpty else {
            throw CatalogError(.fileNotFound, path: audioFolder.path, message: "no sample audio (.ogg) to play")
        }
        let catalogURL = work.appendingPathComponent("catalog.sqlite")
        let started = ContinuousClock.now
        var world = try SyntheticWorld.generate(
            listeners: listeners, tracks: tracks, seed: seed, embeddingDimension: dimension)
        for index in world.catalog.tracks.indices {
            world.catalog.tracks[index].audio = audio[index % audio.count]
        }
        try CatalogStore.write(world.catalog, to: catalogURL)
        guard world.listeners.count >= listeners else {
            throw CatalogError(
                .invalidValue, path: catalogURL.path,
                message: "the synthetic world has "
                    + "\(world.listeners.count) listeners with a history, not \(listeners); try another --seed")
        }
        let urls = try world.listeners.prefix(listeners).map { try write($0, in: work) }
        print(
            String(
                format: "generated and wrote %d tracks (SQLite, %.0f MB) and %d listeners in %.1f s",
                tracks, Double(Self.size(catalogURL)) / 1e6, urls.count, seconds(since: started)))
        return Inputs(
            catalogURL: catalogURL, listenerURLs: urls,
            description: "synthetic catalog (\(tracks) tracks, "
                + "\(dimension)-dim embeddings, SQLite, audio cycling \(audio.count) sample files)")
    }

    private func write(_ listener: Listener, in work: URL) throws -> URL {
        let folder = work.appendingPathComponent("listeners")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("\(listener.id).json")
        try AtomicFile.write(try JSONFile.encode(listener), to: url)
        return url
    }

    private static func jsonFiles(in folder: URL) throws -> [URL] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
                .sorted().map { folder.appendingPathComponent($0) }
        } catch {
            throw CatalogError(.fileNotFound, path: folder.path, message: "no listener folder")
        }
    }

    /// The segue binary: --segue, or `segue` beside this executable.
    private func segueBinary() throws -> URL {
        let url: URL
        if let segue {
            url = URL(fileURLWithPath: segue)
        } else {
            url = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
                .deletingLastPathComponent().appendingPathComponent("segue")
        }
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw FileError(
                .notFound, path: url.path,
                message: "no segue binary to run; build it "
                    + "(swift build -c release --product segue) or pass --segue")
        }
        return url
    }

    // MARK: - Helpers

    private func sessionFolder(_ work: URL, _ side: String, _ listener: Listener) -> URL {
        work.appendingPathComponent(side).appendingPathComponent(listener.id)
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        let duration = ContinuousClock.now - start
        return duration.inSeconds
    }

    private func median<T: Comparable>(_ values: [T]) -> T {
        values.sorted()[values.count / 2]
    }

    private func gigabytes(_ bytes: Int) -> String { String(format: "%.3f GB", Double(bytes) / 1e9) }

    private static func size(_ url: URL) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    }
}

/// One child process run to its end, timed, with its peak memory from the kernel.
private struct ChildProcess {
    /// The raw wait status (`wait4`).
    var status: Int32
    /// Wall-clock seconds from spawning to reaping.
    var seconds: Double
    /// The child's peak resident memory in bytes (`ru_maxrss`).
    var peakResident: Int

    /// The exit code, or nil when a signal ended the process (`WIFEXITED`, `WEXITSTATUS`).
    var exitStatus: Int32? { status & 0x7f == 0 ? (status >> 8) & 0xff : nil }

    var exitDescription: String { exitStatus.map { "exit status \($0)" } ?? "signal \(status & 0x7f)" }

    /// Runs `executable` with `arguments`, its standard output and error to `output`, and waits for it. The C
    /// functions are `posix_spawn` and `wait4` (whose `rusage` gives the child's own peak, unlike
    /// `getrusage(RUSAGE_CHILDREN)`).
    /// - Throws: `FileError` when the process cannot be started or waited for.
    static func run(_ executable: URL, arguments: [String], output: URL) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + environment).forEach { free($0) } }

        var pid = pid_t()
        let started = ContinuousClock.now
        let spawned = posix_spawn(&pid, executable.path, &actions, nil, argv, environment)
        guard spawned == 0 else {
            throw FileError(
                .unreadable, path: executable.path, message: "cannot be started",
                cause: String(cString: strerror(spawned)))
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) == -1 {
            guard errno == EINTR else {
                throw FileError(
                    .unreadable, path: executable.path, message: "cannot wait for the process",
                    cause: String(cString: strerror(errno)))
            }
        }
        let duration = ContinuousClock.now - started
        return ChildProcess(
            status: status,
            seconds: duration.inSeconds,
            peakResident: usage.ru_maxrss * 1024)
    }
}
