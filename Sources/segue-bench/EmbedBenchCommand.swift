import ArgumentParser
import Foundation
import SegueCommandLine
import SegueCore
import SegueEvaluation
import SegueFiles

/// `segue-bench embed`: learning track embeddings from the synthetic world's training histories.
struct EmbedBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Train implicit ALS track embeddings on the synthetic world's histories; time, CPU and peak memory.",
        discussion: """
            Trains on `listener.history` only, never on the world's held-out plays; those only score the result: \
            recall@K of a listener's held-out tracks among the catalog tracks nearest the centre of their played \
            tracks' vectors (how the lineup uses embeddings). With --export, writes the play matrix and the held-out \
            pairs for the peer in Benchmarks/embed.
            """)

    @Option(help: "Synthetic listeners.") var listeners = 5000
    @Option(help: "Synthetic tracks.") var tracks = 50_000
    @Option(help: "The world's seed.") var worldSeed: UInt64 = 1
    @Option(help: "The trainer's seed.") var seed: UInt64 = 1
    @Option(help: "Factors per track.") var dim = 64
    @Option(help: "Alternating least-squares iterations.") var iterations = ImplicitALS().iterations
    @Option(help: "λ, the ridge penalty.") var regularization: Float = ImplicitALS().regularization
    @Option(help: "α in the confidence 1 + α·ln(1 + plays).") var alpha: Float = ImplicitALS().alpha
    @Option(help: "Worker threads (0: one per core).") var threads = 0
    @Option(help: "Listeners whose held-out tracks score the vectors.") var recallListeners = 500
    @Option(help: "K of recall@K.") var recallDepth = 100
    @Option(help: "Write plays.tsv and heldout.tsv (listener, track, plays) to this folder.") var export: String?

    func validate() throws {
        guard listeners >= 1, tracks >= 1 else { throw ValidationError("--listeners and --tracks must be at least 1") }
        guard dim >= 1, iterations >= 1 else { throw ValidationError("--dim and --iterations must be at least 1") }
    }

    func run() async throws {
        try await reportingErrors {
            var started = ContinuousClock.now
            let matrix: ListeningMatrix
            let heldOut: [[Int]]
            // The world is dropped before training, so the peak is the training's.
            do {
                let world = try SyntheticWorld.generate(listeners: listeners, tracks: tracks, seed: worldSeed)
                matrix = ListeningMatrix(listeners: world.listeners, catalog: world.catalog)
                heldOut = world.listeners.map { listener in
                    (world.heldOut[listener.id] ?? []).compactMap { world.catalog.index(of: $0) }.sorted()
                }
            }
            print(
                "world: \(listeners) listeners × \(tracks) tracks, \(matrix.cells.count) training plays "
                    + "(held out: \(heldOut.reduce(0) { $0 + $1.count })), built in \(Self.format(since: started))")
            if let export {
                try Self.export(matrix, heldOut: heldOut, to: URL(fileURLWithPath: export))
                print("exported plays.tsv and heldout.tsv to \(export)")
            }
            let trainer = ImplicitALS(
                dimension: dim, iterations: iterations, regularization: regularization, alpha: alpha, seed: seed,
                threads: threads)
            ProcessUsage.resetPeak()
            let resident = ProcessUsage.bytes("VmRSS:") ?? 0
            let cpu = ProcessUsage.cpuSeconds()
            started = .now
            let factors = trainer.train(matrix)
            let seconds = (ContinuousClock.now - started).inSeconds
            let cpuSeconds = ProcessUsage.cpuSeconds() - cpu
            let peak = ProcessUsage.bytes("VmHWM:") ?? 0
            print(
                String(
                    format: "segue train: %.2f s wall, %.2f CPU s, peak %.0f MB (%.0f MB resident before); "
                        + "dim %d, %d iterations, λ %g, α %g; %d of %d tracks have vectors",
                    seconds, cpuSeconds, Double(peak) / 1e6, Double(resident) / 1e6, dim, iterations,
                    Double(regularization), Double(alpha), factors.trainedCount, tracks))
            let recall = Self.recall(
                factors, matrix: matrix, heldOut: heldOut, listeners: recallListeners, depth: recallDepth)
            print(String(format: "segue recall@%d: %.4f (first %d listeners)", recallDepth, recall, recallListeners))
        }
    }

    /// Mean over the first `listeners` listeners with held-out tracks: the share of them among the `depth` unplayed
    /// tracks closest (cosine) to the plays-weighted centre of the listener's played tracks' vectors.
    static func recall(
        _ factors: ItemFactors, matrix: ListeningMatrix, heldOut: [[Int]], listeners: Int, depth: Int
    ) -> Double {
        var played = [[(track: Int, plays: Float)]](repeating: [], count: matrix.listeners)
        for cell in matrix.cells { played[cell.listener].append((cell.track, cell.plays)) }
        let d = factors.dimension
        var total = 0.0
        var counted = 0
        for listener in 0..<min(listeners, matrix.listeners) where !heldOut[listener].isEmpty {
            var centre = [Float](repeating: 0, count: d)
            for (track, plays) in played[listener] where factors.hasVector[track] {
                for k in 0..<d { centre[k] += plays * factors.values[track * d + k] }
            }
            let seen = Set(played[listener].map(\.track))
            var scores = [(score: Float, track: Int)]()
            scores.reserveCapacity(factors.count)
            factors.values.withUnsafeBufferPointer { values in
                for track in 0..<factors.count where factors.hasVector[track] && !seen.contains(track) {
                    var dot: Float = 0
                    for k in 0..<d { dot += centre[k] * values[track * d + k] }
                    scores.append((dot, track))
                }
            }
            let top = Set(scores.sorted { ($0.score, $1.track) > ($1.score, $0.track) }.prefix(depth).map(\.track))
            total += Double(heldOut[listener].filter(top.contains).count) / Double(heldOut[listener].count)
            counted += 1
        }
        return counted > 0 ? total / Double(counted) : 0
    }

    /// `plays.tsv`: a `listeners<TAB>tracks` line, then `listener<TAB>track<TAB>plays` per cell; `heldout.tsv`:
    /// `listener<TAB>track` per held-out pair.
    static func export(_ matrix: ListeningMatrix, heldOut: [[Int]], to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var plays = "\(matrix.listeners)\t\(matrix.tracks)\n"
        for cell in matrix.cells { plays += "\(cell.listener)\t\(cell.track)\t\(Int(cell.plays))\n" }
        try AtomicFile.write(Data(plays.utf8), to: folder.appendingPathComponent("plays.tsv"))
        var held = ""
        for (listener, tracks) in heldOut.enumerated() {
            for track in tracks { held += "\(listener)\t\(track)\n" }
        }
        try AtomicFile.write(Data(held.utf8), to: folder.appendingPathComponent("heldout.tsv"))
    }

    static func format(since start: ContinuousClock.Instant) -> String {
        String(format: "%.2f s", (ContinuousClock.now - start).inSeconds)
    }
}
