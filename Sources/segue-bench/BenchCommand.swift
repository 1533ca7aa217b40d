import ArgumentParser
import Foundation
import SegueCore
import SegueEvaluation
import SegueFiles
import SegueSession

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Speed benchmarks (compared with peers by the scripts in Benchmarks/).",
        subcommands: [Sequencing.self, BenchCatalogCommand.self])

    struct Sequencing: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sequencer",
            abstract: "Score a synthetic catalog for a listener and sequence a lineup; median and p99 over runs.")

        @Option(help: "Synthetic tracks.") var tracks = 1_000_000
        @Option(help: "Embedding width.") var dimension = 64
        @Option(help: "Timed runs.") var runs = 50
        @Option(help: "Tracks per lineup.") var count = 20
        @Option(
            help: "Write the features and the listeners' taste here for a peer (raw little-endian arrays + meta.json).")
        var export: String?

        func run() async throws {
            try await reportingErrors {
                let clock = ContinuousClock()
                var started = clock.now
                let world = try SyntheticWorld.generate(
                    listeners: 8, tracks: tracks, seed: 1, embeddingDimension: dimension)
                print("generated \(tracks) tracks × \(dimension)-dim embeddings in \(seconds(clock.now - started)) s")
                started = clock.now
                let sequencer = Sequencer(catalog: world.catalog)
                print("features prepared once in \(seconds(clock.now - started)) s")
                var times: [Double] = [], cpuTimes: [Double] = []
                var options = LineupOptions(count: count)
                for run in 0..<runs {
                    let listener = world.listeners[run % world.listeners.count]
                    options.seed = UInt64(run)
                    let start = clock.now, cpuStart = Self.processCPUSeconds()
                    let context = ListenerContext(
                        listener: listener, catalog: world.catalog, features: sequencer.features)
                    let lineup = sequencer.lineup(for: listener, context: context, options: options)
                    times.append(seconds(clock.now - start) * 1000)
                    cpuTimes.append((Self.processCPUSeconds() - cpuStart) * 1000)
                    guard lineup.picks.count == count else {
                        throw SessionError(
                            .inconsistentPlan,
                            message: "run \(run): the lineup has \(lineup.picks.count) tracks, not \(count)")
                    }
                }
                let sorted = times.sorted()
                let median = sorted[sorted.count / 2]
                let p99 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]
                print(
                    String(
                        format: "segue score+sequence: median %.2f ms, p99 %.2f ms over %d runs (%d tracks, top %d)",
                        median, p99, runs, tracks, count))
                // CPU time over all threads: what the run costs whatever else the machine is doing.
                print(
                    String(format: "segue cpu time per run (all threads): median %.2f ms", cpuTimes.sorted()[runs / 2]))
                if let export { try Self.export(world: world, sequencer: sequencer, to: URL(fileURLWithPath: export)) }
            }
        }

        /// CPU seconds this process has used, over all its threads.
        static func processCPUSeconds() -> Double {
            var spec = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
            return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
        }

        private func seconds(_ duration: Duration) -> Double {
            duration.inSeconds
        }

        /// Writes the columns the peer needs and each listener's taste mapped onto feature ids.
        static func export(world: SyntheticWorld, sequencer: Sequencer, to folder: URL) throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let f = sequencer.features
            func write<T>(_ values: [T], _ name: String) throws {
                try values.withUnsafeBytes { try Data($0).write(to: folder.appendingPathComponent(name)) }
            }
            try write(f.embeddings.dequantized, "embeddings.f32")
            try write(f.popularityStep, "popularity_step.u8")
            try write(f.bpm, "bpm.f32")
            try write(f.energy, "energy.f32")
            try write(f.decade, "decade.i32")
            try write(f.primaryGenre, "genre.i32")
            try write(f.leadArtist, "artist.i32")
            let listeners: [[String: Any]] = world.listeners.map { listener in
                let taste = TasteProfile(listener: listener, catalog: world.catalog)
                let model = RelevanceModel(taste: taste, features: f)
                func nonZero(_ table: [Float]) -> [String: Double] {
                    Dictionary(
                        uniqueKeysWithValues: table.enumerated().filter { $0.element != 0 }.map {
                            (String($0.offset), Double($0.element))
                        })
                }
                var entry: [String: Any] = [
                    "id": listener.id,
                    "genre_weight": model.genreWeight.map(Double.init),
                    "artist_weight": nonZero(model.artistWeight),
                    "decade_weight": nonZero(model.decadeWeight),
                    "popularity_fit": model.popularityFit.map(Double.init),
                    "centroid": (taste.embeddingCentroid ?? []).map(Double.init),
                ]
                if let t = taste.tempo { entry["tempo"] = [t.mean, t.spread] }
                if let e = taste.energy { entry["energy"] = [e.mean, e.spread] }
                return entry
            }
            let w = RelevanceModel.weights
            let weights = [
                "genre": w.genre, "artist": w.artist, "decade": w.decade, "tempo": w.tempo, "energy": w.energy,
                "popularity": w.popularity, "embedding": w.embedding,
            ].mapValues(Double.init)
            let meta: [String: Any] = [
                "count": f.count, "dimension": f.dimension, "genres": f.genreNames, "weights": weights,
                "listeners": listeners,
            ]
            try JSONSerialization.data(withJSONObject: meta, options: [.sortedKeys]).write(
                to: folder.appendingPathComponent("meta.json"))
            print("exported features to \(folder.path)")
        }
    }
}
