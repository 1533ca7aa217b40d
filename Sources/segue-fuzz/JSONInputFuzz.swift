import Foundation
import SegueCore
import SegueFiles

#if canImport(Glibc)
import Glibc
#endif

/// Fuzz target for the CLI's JSON inputs: the bytes are read as a catalog file, a listener file and a `segue check
/// --jsonl` line through the loaders the CLI uses; what loads is sequenced, as `segue lineup` does. Any bytes in: no
/// crash, no hang, and an error is a message in Segue's words (never Foundation's text or an `NSError` dump).
enum JSONInputFuzz {
    /// The sample catalog and listener, which a fuzzed listener and a fuzzed catalog are sequenced against.
    static let samples: (catalog: Catalog, listener: Listener) = {
        let folder = SegueData.installed.root.appendingPathComponent("samples")
        do {
            return (
                try Catalog.load(from: folder.appendingPathComponent("catalog.json")),
                try Listener.load(from: folder.appendingPathComponent("listeners/ana.json"))
            )
        } catch {
            preconditionFailure("the fuzzer needs the sample catalog and listener: \(error)")
        }
    }()
    static let sampleSequencer = Sequencer(catalog: samples.catalog)

    /// Where a fuzzed catalog says it comes from (its audio is never read) and where a fuzzed listener is written:
    /// `Listener.load(from:)`, the CLI's only way in, reads a file.
    static let catalogURL = URL(fileURLWithPath: "/fuzz/catalog.json")
    static let listenerURL: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("segue-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("listener.json")
    }()

    /// A short lineup with every rule on, as `segue lineup --count 4` makes.
    static let options = LineupOptions(count: 4, artistSeparation: 2, beamWidth: 2)

    /// Runs one input; a broken promise stops the process so libFuzzer records the input.
    static func run(_ bytes: UnsafeRawBufferPointer) {
        let data = Data(bytes)
        var warnings: [InputWarning] = []
        do {
            let catalog = try Catalog.load(json: data, from: catalogURL, warnings: &warnings)
            let lineup = Sequencer(catalog: catalog).lineup(for: samples.listener, options: options)
            precondition(lineup.picks.count <= 4, "a lineup longer than asked")
        } catch {
            expectSegueWords(error)
        }
        do {
            try write(bytes, to: listenerURL)
            let listener = try Listener.load(from: listenerURL, warnings: &warnings)
            _ = sampleSequencer.lineup(for: listener, options: options)
        } catch {
            expectSegueWords(error)
        }
        for warning in warnings { expectSegueWords(warning.description) }
        do {
            _ = try SafetyCheckItem(json: bytes, context: "fuzz.jsonl:1")
        } catch {
            expectSegueWords(error)
        }
        history(data)
    }

    /// The same bytes as every history export `segue listener import` reads, counted against the sample catalog.
    static func history(_ data: Data) {
        var builder = ListeningHistoryBuilder(matcher: sampleMatcher)
        let readers: [(Data, String) throws -> PlayEventBatch] = [
            SpotifyStreamingHistory.read, ListenBrainzHistory.read, CSVHistory.read,
        ]
        for read in readers {
            do { builder.add(try read(data, "fuzz-history")) } catch { expectSegueWords(error) }
        }
        do { builder.add(try LikesFile.read(data, path: "fuzz-likes")) } catch { expectSegueWords(error) }
        let imported = builder.build()
        precondition(imported.entries.allSatisfy { $0.plays >= 0 && $0.skips >= 0 }, "a negative count")
        precondition(imported.summary.matched + imported.summary.unmatched <= imported.summary.eventsRead)
    }

    static let sampleMatcher = TrackMatcher(tracks: samples.catalog.tracks)

    /// Writes the listener file without Foundation's `Data.write`, which flushes it to disk on every run.
    static func write(_ bytes: UnsafeRawBufferPointer, to url: URL) throws {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileError(.writeFailed, path: url.path, message: "cannot be written") }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            guard written > 0 else { throw FileError(.writeFailed, path: url.path, message: "cannot be written") }
            offset += written
        }
    }

    /// An error from a loader is a `SegueError` whose message has none of Foundation's words.
    static func expectSegueWords(_ error: any Error) {
        precondition(error is any SegueError, "not a Segue error: \(type(of: error))")
        expectSegueWords("\(error)")
    }

    static func expectSegueWords(_ message: String) {
        for foreign in ["Error Domain", "given data", "couldn’t be read", "couldn't be read", "NSCocoaErrorDomain"] {
            precondition(!message.contains(foreign), "Foundation's words in a message: \(message)")
        }
    }
}
