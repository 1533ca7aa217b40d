import ArgumentParser
import Foundation
import SegueCore
import SegueFiles
import SegueSession
import SegueStore

struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Convert a catalog between JSON and the SQLite form that loads fast.",
        subcommands: [Import.self, Export.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Write a catalog as a SQLite catalog, for every command's --catalog.")

        @OptionGroup var files: Files

        func run() async throws {
            try await reportingErrors {
                let clock = ContinuousClock()
                let started = clock.now
                let (catalog, source, url) = try files.load()
                try CatalogStore.write(catalog, to: url)
                let took = String(format: "%.2f s", (clock.now - started).inSeconds)
                print("wrote \(files.out): \(catalog.tracks.count) tracks, \(megabytes(url)) in \(took)")
                noteMovedAudio(catalog, from: source, to: url)
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Write a catalog (SQLite, or JSON) as catalog JSON.")

        @OptionGroup var files: Files

        func run() async throws {
            try await reportingErrors {
                let (catalog, source, url) = try files.load()
                try AtomicFile.write(try JSONFile.encode(CatalogDocument(tracks: catalog.tracks)), to: url)
                print("wrote \(files.out): \(catalog.tracks.count) tracks, \(megabytes(url))")
                noteMovedAudio(catalog, from: source, to: url)
            }
        }
    }

    /// The catalog to read and the file to write.
    struct Files: ParsableArguments {
        @Argument(help: "The catalog to read: JSON or SQLite.")
        var input: String

        @Option(help: "The file to write; a file already there is replaced only once the new one is complete.")
        var out: String

        /// The input catalog, its URL and the output URL.
        func load() throws -> (catalog: Catalog, source: URL, destination: URL) {
            let source = URL(fileURLWithPath: input)
            return (try CatalogLoader.load(from: source), source, URL(fileURLWithPath: out))
        }
    }
}

/// The JSON catalog file's shape (see samples/README.md).
struct CatalogDocument: Encodable {
    var version = 1
    var tracks: [Track]
}

/// Relative audio paths resolve against the catalog file's folder, so they point elsewhere once the
/// catalog is written to another folder; the paths are kept as they are, and this says so.
private func noteMovedAudio(_ catalog: Catalog, from source: URL, to destination: URL) {
    let from = source.deletingLastPathComponent().standardizedFileURL.path
    let to = destination.deletingLastPathComponent().standardizedFileURL.path
    let relative = catalog.tracks.filter { $0.audio.map { !$0.hasPrefix("/") } ?? false }.count
    guard from != to, relative > 0 else { return }
    print(
        "note: \(relative) tracks have audio paths relative to the catalog file; "
            + "they now resolve against \(to), not \(from)")
}

private func megabytes(_ url: URL) -> String {
    let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    return String(format: "%.1f MB", Double(size) / 1e6)
}
