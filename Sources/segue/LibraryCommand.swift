import ArgumentParser
import Foundation
import SegueCore
import SegueFiles
import SegueSession
import SegueStore

struct LibraryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "library", abstract: "Your music in the Segue database: what it holds, and its catalog as JSON.",
        subcommands: [Stats.self, Export.self])

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
