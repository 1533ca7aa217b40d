import ArgumentParser
import Foundation
import SegueAudio
import SegueCommandLine
import SegueCore
import SegueEvaluation
import SegueFiles
import SegueSession
import SegueStore

/// `segue-bench import`: library analysis throughput against `ffmpeg -af ebur128` on the same Ogg Vorbis files, and
/// the import of a 100,000-entry Spotify history.
struct ImportBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Analysis × realtime per core on Ogg Vorbis beside ffmpeg's ebur128, and a 100k-play history import.")

    @Option(help: "Synthetic Ogg Vorbis files to analyse.") var files = 24
    @Option(help: "Seconds of audio per file.") var seconds = 30.0
    @Option(help: "Plays in the synthetic Spotify history.") var plays = 100_000
    @Option(help: "Tracks in the catalog the history is matched against.") var tracks = 20_000
    @Option(help: "The ffmpeg to run as the peer.") var ffmpeg = "ffmpeg"

    func validate() throws {
        guard (1...10_000).contains(files) else { throw ValidationError("--files must be between 1 and 10000") }
        guard seconds >= 5, seconds <= 600 else { throw ValidationError("--seconds must be between 5 and 600") }
        guard plays >= 1, tracks >= 1 else { throw ValidationError("--plays and --tracks must be at least 1") }
    }

    func run() async throws {
        try await reportingErrors {
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("segue-bench-import-\(getpid())")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: work) }
            try analysis(in: work)
            print()
            try history(in: work)
        }
    }

    private func analysis(in work: URL) throws {
        let music = work.appendingPathComponent("music")
        try FileManager.default.createDirectory(at: music, withIntermediateDirectories: true)
        var started = ContinuousClock.now
        var urls: [URL] = []
        for index in 0..<files {
            let url = music.appendingPathComponent(String(format: "track-%04d.ogg", index))
            try Self.writeTone(to: url, seconds: seconds, seed: UInt64(index))
            urls.append(url)
        }
        let audio = Double(files) * seconds
        print("wrote \(files) Ogg Vorbis files, \(Int(audio)) s of audio, in \(Self.format(since: started))")

        // One thread: what one core does, tags, decode, loudness, tempo, key, energy, silences and fingerprint.
        let cpuBefore = ProcessUsage.cpuSeconds()
        started = .now
        for url in urls {
            let info = try FileManager.default.attributesOfItem(atPath: url.path)
            if case .failure(let skip) = LibraryImporter.readFile(
                url, size: (info[.size] as? Int64) ?? 0, mtime: 0, analyzer: .init())
            {
                throw ValidationError("the benchmark's own file failed: \(skip)")
            }
        }
        let oneWall = LibraryImporter.seconds(since: started)
        let oneCPU = ProcessUsage.cpuSeconds() - cpuBefore
        let perCore = audio / oneCPU
        print(
            String(
                format: "segue analysis, 1 thread: %.2f s wall, %.2f s CPU: %.0f× realtime per core", oneWall, oneCPU,
                perCore))

        // Every core, the whole import into a fresh database.
        let store = try LibraryStore(url: work.appendingPathComponent("bench.db"), create: true)
        started = .now
        let report = try LibraryImporter(store: store).importFolders([music])
        let allWall = LibraryImporter.seconds(since: started)
        print(
            String(
                format: "segue import, %d threads: %.2f s wall: %.0f× realtime (%d imported, %d skipped)",
                ProcessInfo.processInfo.activeProcessorCount, allWall, audio / allWall, report.outcome.added.count,
                report.skipped.count))

        // The peer: ffmpeg's EBU R128 meter alone, one process per file, in a row.
        let peerBefore = ProcessUsage.cpuSeconds(children: true)
        started = .now
        for url in urls {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                ffmpeg, "-nostdin", "-hide_banner", "-nostats", "-loglevel", "error", "-i", url.path, "-af",
                "ebur128", "-f", "null", "-",
            ]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw ValidationError("\(ffmpeg) failed on \(url.path) (exit \(process.terminationStatus))")
            }
        }
        let peerWall = LibraryImporter.seconds(since: started)
        let peerCPU = ProcessUsage.cpuSeconds(children: true) - peerBefore
        print(
            String(
                format: "ffmpeg -af ebur128 (loudness only): %.2f s wall, %.2f s CPU: %.0f× realtime per core",
                peerWall, peerCPU, audio / peerCPU))
        print(
            String(
                format: "ratio segue (all analyses) / ffmpeg (loudness only), per core: %.2f",
                perCore / (audio / peerCPU)))
    }

    private func history(in work: URL) throws {
        let world = try SyntheticWorld.generate(listeners: 0, tracks: tracks, seed: 3, embeddingDimension: 0)
        let store = try LibraryStore(url: work.appendingPathComponent("history.db"), create: true)
        try store.replaceCatalog(world.catalog)
        // A Spotify export: 95 % plays of catalog tracks (some short, some skipped), 3 % unknown tracks, 2 % podcasts.
        var random = SeededRandomNumberGenerator(seed: 11)
        var entries: [String] = []
        entries.reserveCapacity(plays)
        let start = 1_700_000_000
        for index in 0..<plays {
            let time = HistoryTime.iso8601(Int64(start + index * 180))
            let roll = Int.random(in: 0..<100, using: &random)
            if roll < 2 {
                entries.append(
                    #"{"ts":"\#(time)","ms_played":600000,"master_metadata_track_name":null,"#
                        + #""master_metadata_album_artist_name":null,"episode_name":"Episode \#(index)"}"#)
                continue
            }
            let track = world.catalog.tracks[Int.random(in: 0..<world.catalog.tracks.count, using: &random)]
            let title = roll < 5 ? "Unknown Song \(index % 500)" : track.title
            let played = Int.random(in: 0..<10, using: &random) == 0 ? 8_000 : 200_000
            let escaped = { (text: String) in
                (try? JSONEncoder().encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
            }
            entries.append(
                #"{"ts":"\#(time)","ms_played":\#(played),"master_metadata_track_name":\#(escaped(title)),"#
                    + #""master_metadata_album_artist_name":\#(escaped(track.artist)),"#
                    + #""master_metadata_album_album_name":null,"reason_end":"\#(played < 30000 ? "fwdbtn" : "trackdone")","#
                    + #""skipped":\#(played < 30000 ? "true" : "false")}"#)
        }
        let file = work.appendingPathComponent("Streaming_History_Audio_2025.json")
        try Data(("[" + entries.joined(separator: ",\n") + "]").utf8).write(to: file)
        let started = ContinuousClock.now
        let summary = try ListeningHistoryImporter(store: store).importHistory(
            .init(spotify: [file]), listener: "bench")
        let took = LibraryImporter.seconds(since: started)
        print(
            String(
                format: "history import: %d Spotify entries against %d tracks in %.2f s (target ≤ 2 s): "
                    + "%d matched, %d unmatched, %d podcasts and other non-music",
                plays, tracks, took, summary.matched, summary.unmatched, summary.nonMusic))
        let again = ContinuousClock.now
        let repeated = try ListeningHistoryImporter(store: store).importHistory(
            .init(spotify: [file]), listener: "bench")
        print(
            String(
                format: "the same file again: %.2f s, %d duplicates, nothing added (%d plays in the store)",
                LibraryImporter.seconds(since: again), repeated.duplicates, try store.plays(of: "bench").count))
    }

    /// A stereo Ogg Vorbis file: a kick at a tempo, a sustained triad, and a little noise.
    static func writeTone(to url: URL, seconds: Double, seed: UInt64) throws {
        let rate = 44_100
        var random = SeededRandomNumberGenerator(seed: seed)
        let bpm = Double.random(in: 90...140, using: &random)
        let root = 220 * pow(2, Double(Int.random(in: 0..<12, using: &random)) / 12)
        let frames = Int(seconds * Double(rate))
        var samples = [Float](repeating: 0, count: frames * 2)
        let beat = 60 / bpm
        for frame in 0..<frames {
            let t = Double(frame) / Double(rate)
            let sinceBeat = t.truncatingRemainder(dividingBy: beat)
            let kick = sinceBeat < 0.12 ? sin(2 * .pi * 60 * sinceBeat) * exp(-sinceBeat * 30) : 0
            let chord = (sin(2 * .pi * root * t) + sin(2 * .pi * root * 1.26 * t) + sin(2 * .pi * root * 1.5 * t)) / 6
            let noise = Double.random(in: -0.02...0.02, using: &random)
            let value = Float(0.5 * kick + 0.3 * chord + noise)
            samples[2 * frame] = value
            samples[2 * frame + 1] = value
        }
        let writer = try AudioFileWriter(url: url, sampleRate: rate, channels: 2, encoding: .oggVorbis)
        try writer.write(samples)
        try writer.close()
    }

    static func format(since start: ContinuousClock.Instant) -> String {
        String(format: "%.2f s", LibraryImporter.seconds(since: start))
    }
}
