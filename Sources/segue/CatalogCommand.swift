import ArgumentParser
import Foundation
import SegueCore
import SegueSession
import SegueStore

struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Convert a catalog between JSON and the SQLite form that loads fast.",
        subcommands: [Import.self, Export.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Write a catalog as a SQLite catalog, for every command's --catalog.")

        @Argument(help: "The catalog to read (JSON, or SQLite).")
        var input: String

        @Option(help: "The SQLite catalog to write; a file already there is replaced only once the new one is complete.")
        var out: String

        func run() async throws {
            try await reportingErrors {
                let clock = ContinuousClock()
                let started = clock.now
                let source = URL(fileURLWithPath: input)
                let catalog = try CatalogLoader.load(from: source)
                let url = URL(fileURLWithPath: out)
                try CatalogStore.write(catalog, to: url)
                let elapsed = (clock.now - started).components
                let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
                print("wrote \(out): \(catalog.tracks.count) tracks, \(megabytes(url)) in \(String(format: "%.2f s", seconds))")
                noteMovedAudio(catalog, from: source, to: url)
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Write a catalog (SQLite, or JSON) as catalog JSON.")

        @Argument(help: "The catalog to read (SQLite, or JSON).")
        var input: String

        @Option(help: "The JSON file to write; a file already there is replaced only once the new one is complete.")
        var out: String

        func run() async throws {
            try await reportingErrors {
                let source = URL(fileURLWithPath: input)
                let catalog = try CatalogLoader.load(from: source)
                let url = URL(fileURLWithPath: out)
                try AtomicFile.write(try JSONFile.encode(CatalogDocument(tracks: catalog.tracks)), to: url)
                print("wrote \(out): \(catalog.tracks.count) tracks, \(megabytes(url))")
                noteMovedAudio(catalog, from: source, to: url)
            }
        }
    }

    /// The JSON catalog file's shape (see samples/README.md).
    private struct CatalogDocument: Encodable {
        var version = 1
        var tracks: [Track]
    }
}

/// Relative audio paths resolve against the catalog file's folder, so they point elsewhere once the
/// catalog is written to another folder; the paths are kept as they are, and this says so.
private func noteMovedAudio(_ catalog: Catalog, from source: URL, to destination: URL) {
    let from = source.deletingLastPathComponent().standardizedFileURL.path
    let to = destination.deletingLastPathComponent().standardizedFileURL.path
    let relative = catalog.tracks.filter { $0.audio.map { !$0.hasPrefix("/") } ?? false }.count
    guard from != to, relative > 0 else { return }
    print("note: \(relative) tracks have audio paths relative to the catalog file; they now resolve against \(to), not \(from)")
}

private func megabytes(_ url: URL) -> String {
    let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    return String(format: "%.1f MB", Double(size) / 1e6)
}
