import ArgumentParser
import Foundation
import SegueCommandLine
import SegueCore
import SegueEvaluation
import SegueFiles
import SegueSession
import SegueStore

#if canImport(Glibc)
import Glibc
#endif

/// `segue bench catalog`: loading a large catalog into memory from JSON and from SQLite.
struct BenchCatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Load a synthetic catalog into memory from JSON and from SQLite; median over runs and the ratio.")

    @Option(help: "Synthetic tracks.") var tracks = 1_000_000
    @Option(help: "Embedding width (0 for none).") var dimension = 64
    @Option(help: "Timed loads of each form.") var runs = 3
    @Option(help: "Keep catalog.json and catalog.sqlite in this folder (default: a temporary folder, removed after).")
    var folder: String?
    @Flag(help: "Time SQLite only (when the JSON form does not fit in the time or memory at hand).")
    var skipJSON = false

    func validate() throws {
        guard tracks >= 1 else { throw ValidationError("--tracks must be at least 1") }
        guard dimension >= 0 else { throw ValidationError("--dimension must be 0 or more") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() async throws {
        try await reportingErrors {
            let work: URL
            if let folder {
                work = URL(fileURLWithPath: folder)
                try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            } else {
                work = FileManager.default.temporaryDirectory.appendingPathComponent("segue-bench-catalog-\(getpid())")
                try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            }
            defer { if folder == nil { try? FileManager.default.removeItem(at: work) } }
            let jsonURL = work.appendingPathComponent("catalog.json")
            let sqliteURL = work.appendingPathComponent("catalog.sqlite")

            // The world is dropped before loading, so peak memory is the load's; a fingerprint checks what comes back.
            let fingerprint: Int
            do {
                var started = ContinuousClock.now
                let world = try SyntheticWorld.generate(
                    listeners: 0, tracks: tracks, seed: 1, embeddingDimension: dimension)
                print("generated \(tracks) tracks × \(dimension)-dim embeddings in \(format(since: started))")
                fingerprint = Self.fingerprint(world.catalog.tracks)
                if !skipJSON {
                    started = .now
                    // The encoder `bench sequencer --json` uses: compact, NaN as "NaN".
                    let encoder = JSONEncoder()
                    encoder.nonConformingFloatEncodingStrategy = .convertToString(
                        positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
                    try encoder.encode(["tracks": world.catalog.tracks]).write(to: jsonURL)
                    print("wrote JSON   \(Self.megabytes(jsonURL)) in \(format(since: started))")
                }
                started = .now
                try CatalogStore.write(world.catalog, to: sqliteURL)
                print("wrote SQLite \(Self.megabytes(sqliteURL)) in \(format(since: started))")
            }

            let sqlite = try time(sqliteURL, fingerprint: fingerprint)
            print(sqlite.summary("SQLite", size: Self.megabytes(sqliteURL)))
            guard !skipJSON else { return }
            let json = try time(jsonURL, fingerprint: fingerprint)
            print(json.summary("JSON  ", size: Self.megabytes(jsonURL)))
            print(
                String(
                    format: "ratio: JSON median / SQLite median = %.1fx (SQLite loads faster when above 1); "
                        + "files %.2fx", json.median / sqlite.median, Self.size(jsonURL) / Self.size(sqliteURL)))
        }
    }

    /// Load times of one file through the loader every command uses, and the peak memory while loading.
    struct Timing {
        var seconds: [Double]
        /// Resident memory before the loads and its high-water mark during them (Linux only).
        var residentBefore: Int?
        var peak: Int?

        var median: Double { seconds.sorted()[seconds.count / 2] }

        func summary(_ name: String, size: String) -> String {
            let each = seconds.map { String(format: "%.2f", $0) }.joined(separator: ", ")
            var memory = ""
            if let residentBefore, let peak {
                memory = String(
                    format: ", peak RSS %.2f GB (%.2f GB above the %.2f GB before loading)",
                    Double(peak) / 1e9, Double(peak - residentBefore) / 1e9, Double(residentBefore) / 1e9)
            }
            return String(
                format: "load %@ (%@): median %.3f s over %d runs (%@ s)%@",
                name, size, median, seconds.count, each, memory)
        }
    }

    private func time(_ url: URL, fingerprint: Int) throws -> Timing {
        ProcessUsage.resetPeak()
        let residentBefore = ProcessUsage.bytes("VmRSS:")
        var seconds: [Double] = []
        for run in 0..<runs {
            let started = ContinuousClock.now
            let catalog = try CatalogLoader.load(from: url)
            seconds.append(Self.seconds(ContinuousClock.now - started))
            guard catalog.tracks.count == tracks, run > 0 || Self.fingerprint(catalog.tracks) == fingerprint else {
                throw SessionError(
                    .inconsistentPlan, message: "\(url.path): the loaded catalog differs from the one written")
            }
        }
        return Timing(seconds: seconds, residentBefore: residentBefore, peak: ProcessUsage.bytes("VmHWM:"))
    }

    private static func fingerprint(_ tracks: [Track]) -> Int {
        var hasher = Hasher()
        hasher.combine(tracks)
        return hasher.finalize()
    }

    private func format(since start: ContinuousClock.Instant) -> String {
        String(format: "%.2f s", Self.seconds(ContinuousClock.now - start))
    }

    private static func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }

    private static func size(_ url: URL) -> Double {
        Double((try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0)
    }

    private static func megabytes(_ url: URL) -> String { String(format: "%.1f MB", size(url) / 1e6) }

}
