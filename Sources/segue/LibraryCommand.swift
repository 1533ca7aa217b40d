import ArgumentParser
import Foundation
import SegueCore
import SegueFiles
import SegueSession
import SegueStore

struct LibraryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "library", abstract: "Your music in the Segue database: what it holds, and its catalog as JSON.",
        subcommands: [Import.self, Stats.self, Export.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import music folders: tags, loudness, tempo, key, energy, silences, intro and fingerprint.",
            discussion: """
                MP3, FLAC, Ogg Vorbis, Opus and WAV are read; M4A tags are read but its audio cannot be decoded \
                yet, so such files are skipped. Unchanged files are not read again, moved files keep their \
                tracks and plays, removed files are marked missing. Analysis runs on every core.
                """)
        @Argument(help: "Music folders, searched recursively.") var folders: [String]
        @OptionGroup var database: DatabaseOption
        @Option(help: "Files read at once (default: the number of cores).") var threads: Int?

        func validate() throws {
            guard !folders.isEmpty else { throw ValidationError("give at least one music folder") }
            if let threads, !(1...256).contains(threads) {
                throw ValidationError("--threads must be between 1 and 256")
            }
        }

        func run() async throws {
            try await reportingErrors {
                let store = try database.store(create: true)
                let bar = ProgressBar(label: "reading", unit: .count("files"))
                let report = try LibraryImporter(store: store, threads: threads).importFolders(
                    folders.map { URL(fileURLWithPath: $0) },
                    progress: { bar.update(done: Double($0.done), total: Double($0.total), elapsed: $0.elapsed) })
                bar.finish()
                for skip in report.skipped { print("skipped \(skip)") }
                for moved in report.outcome.moved { print("moved \(moved.from) -> \(moved.to)") }
                for path in report.outcome.missing { print("missing \(path)") }
                for pair in report.duplicates {
                    print("duplicate: \(pair.first) and \(pair.second) hold one recording")
                }
                print("\(database.url.path): \(report.summary)")
                if report.analysisSeconds > 0, report.audioSeconds > 0 {
                    print(
                        String(
                            format: "analysed %.0f s of audio in %.1f s (%.0f× realtime)", report.audioSeconds,
                            report.analysisSeconds, report.audioSeconds / report.analysisSeconds))
                }
            }
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Counts: tracks, artists, albums, hours, genres, files (and which are missing), listeners.")
        @OptionGroup var database: DatabaseOption
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let stats = try database.store().stats()
                if json {
                    try StandardStreams.write(Array(try JSONFile.encode(stats)))
                    return
                }
                print("\(database.url.path)")
                print(
                    "tracks \(stats.tracks), artists \(stats.artists), albums \(stats.albums), "
                        + String(format: "%.1f hours", stats.hours))
                print("files \(stats.filesPresent) present, \(stats.filesMissing) missing; \(stats.analysed) analysed")
                print(
                    "listeners \(stats.listeners), plays \(stats.plays) (\(stats.unmatchedPlays) unmatched), "
                        + "sessions \(stats.sessions)")
                if !stats.genres.isEmpty {
                    print(
                        "genres: " + stats.genres.prefix(12).map { "\($0.name) \($0.tracks)" }.joined(separator: ", "))
                }
                for path in stats.missingFiles { print("missing: \(path)") }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the database's catalog as catalog JSON (the --catalog format).")
        @OptionGroup var database: DatabaseOption
        @Flag(help: "Write JSON (the only form for now).") var json = false
        @Option(help: "The file to write (default: standard output).") var out: String?

        func run() async throws {
            try await reportingErrors {
                let catalog = try database.store().catalog()
                let data = try JSONFile.encode(CatalogDocument(tracks: catalog.tracks))
                guard let out else { return try StandardStreams.write(Array(data)) }
                try AtomicFile.write(data, to: URL(fileURLWithPath: out))
                print("wrote \(out): \(catalog.tracks.count) tracks")
            }
        }
    }
}
