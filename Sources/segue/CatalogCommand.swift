import ArgumentParser
import Foundation
import SegueCommandLine
import SegueCore
import SegueFiles
import SegueSession
import SegueStore

struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Convert a catalog between JSON and the SQLite form that loads fast; learn its embeddings.",
        subcommands: [Import.self, Export.self, Embed.self])

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

    struct Embed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "embed",
            abstract: "Learn track embeddings from many listeners' histories and write them into the catalog.",
            discussion: """
                Implicit-feedback matrix factorisation by alternating least squares (Hu, Koren and Volinsky 2008): \
                a track's vector is close to the vectors of tracks the same listeners play. Every track someone \
                played gets a learned unit vector in the catalog's `embedding` field; a track nobody played loses \
                any embedding it had (a content vector and a learned one are not comparable), and the lineup falls \
                back to its content features. The same inputs and seed give the same vectors.
                """)

        @Option(help: "The catalog to read: JSON or SQLite.") var catalog: String
        @Option(help: "A folder of listener files (JSON, as samples/listeners/*.json), read in name order.")
        var histories: String
        @Option(help: "The embedding width (factors per track).") var dim = 64
        @Option(
            help: """
                The catalog to write: SQLite when its name ends in .sqlite, .sqlite3 or .db, JSON otherwise; a file \
                already there is replaced only once the new one is complete.
                """)
        var out: String
        @Option(help: "Seeds the initial factors.") var seed: UInt64 = 1
        @Option(help: "Alternating least-squares iterations.") var iterations = ImplicitALS().iterations
        @Option(help: "λ, the ridge penalty on the factors.") var regularization: Float = ImplicitALS().regularization
        @Option(help: "α in the confidence 1 + α·ln(1 + plays).") var alpha: Float = ImplicitALS().alpha

        func validate() throws {
            guard (1...1024).contains(dim) else { throw ValidationError("--dim must be 1 to 1024") }
            guard (1...200).contains(iterations) else { throw ValidationError("--iterations must be 1 to 200") }
            guard regularization >= 0, regularization.isFinite else {
                throw ValidationError("--regularization must be 0 or more")
            }
            guard alpha > 0, alpha.isFinite else { throw ValidationError("--alpha must be above 0") }
        }

        func run() async throws {
            try await reportingErrors {
                let source = URL(fileURLWithPath: catalog)
                var warnings: [InputWarning] = []
                let loaded = try CatalogLoader.load(from: source, warnings: &warnings)
                warn(warnings)
                let folder = URL(fileURLWithPath: histories)
                let listeners = try Self.loadListeners(in: folder)
                let matrix = ListeningMatrix(listeners: listeners, catalog: loaded)
                if !matrix.unknownTrackIDs.isEmpty {
                    let ids = matrix.unknownTrackIDs.keys.sorted()
                    let entries = matrix.unknownTrackIDs.values.reduce(0, +)
                    let shown = ids.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
                    print(
                        "skipped \(entries) history entries naming \(ids.count) track ids not in \(catalog): "
                            + shown + (ids.count > 5 ? ", …" : ""))
                }
                guard !matrix.cells.isEmpty else {
                    throw CatalogError(
                        .invalidValue, path: folder.path,
                        message:
                            "no plays of the catalog's tracks in \(listeners.count) listener files; nothing to learn from"
                    )
                }
                let trainer = ImplicitALS(
                    dimension: dim, iterations: iterations, regularization: regularization, alpha: alpha, seed: seed)
                let cpu = ProcessUsage.cpuSeconds()
                let started = ContinuousClock.now
                let factors = trainer.train(matrix)
                let took = (ContinuousClock.now - started).inSeconds
                print(
                    String(
                        format: "trained %d-dim embeddings on %d plays of %d listeners in %.2f s (%.2f CPU s)",
                        dim, matrix.cells.count, listeners.count, took, ProcessUsage.cpuSeconds() - cpu))
                let embedded = loaded.replacingEmbeddings(with: factors)
                let url = URL(fileURLWithPath: out)
                if CatalogLoader.sqliteExtensions.contains(url.pathExtension.lowercased()) {
                    try CatalogStore.write(embedded, to: url)
                } else {
                    try AtomicFile.write(try JSONFile.encode(CatalogDocument(tracks: embedded.tracks)), to: url)
                }
                let learned = factors.trainedCount
                print(
                    "wrote \(out): \(embedded.tracks.count) tracks, \(megabytes(url)); \(learned) with learned "
                        + "embeddings, \(embedded.tracks.count - learned) without (no plays: content features only)")
                noteMovedAudio(embedded, from: source, to: url)
            }
        }

        /// Every listener file in `folder` (`*.json`, by name), warning on fields Segue does not know.
        /// - Throws: `CatalogError` naming the folder when it is missing, not a folder or has no listener files, or
        ///   naming the file that cannot be read as a listener.
        static func loadListeners(in folder: URL) throws -> [Listener] {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
                throw CatalogError(.fileNotFound, path: folder.path, message: "no such folder (of listener files)")
            }
            guard isFolder.boolValue else {
                throw CatalogError(
                    .unreadable, path: folder.path,
                    message: "is not a folder (--histories takes a folder of listener files)")
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            } catch {
                throw CatalogError(
                    .unreadable, path: folder.path, message: "cannot list the folder (\(FileError.reason(of: error)))")
            }
            let files = names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
            guard !files.isEmpty else {
                throw CatalogError(
                    .invalidValue, path: folder.path, message: "no listener files (*.json) in this folder")
            }
            var warnings: [InputWarning] = []
            defer { warn(warnings) }
            return try files.map { try Listener.load(from: folder.appendingPathComponent($0), warnings: &warnings) }
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
