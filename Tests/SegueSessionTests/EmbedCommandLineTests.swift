import Foundation
import SegueCore
import SegueFiles
import SegueStore
import SegueTestSupport
import Testing

/// `segue catalog embed`, run as a person would.
extension CommandLineTests {
    @Test func embedWritesLearnedVectorsForPlayedTracksOnly() throws {
        let folder = try Fixtures.temporaryFolder()
        let histories = folder.appendingPathComponent("listeners")
        try FileManager.default.createDirectory(at: histories, withIntermediateDirectories: true)
        for name in ["ana", "ben", "cleo", "lucia"] {
            try FileManager.default.copyItem(
                at: Fixtures.samples.appendingPathComponent("listeners/\(name).json"),
                to: histories.appendingPathComponent("\(name).json"))
        }
        let stray = Listener(id: "zed", name: "Zed", history: [.init(trackID: "no-such-track", plays: 2)])
        try JSONEncoder().encode(stray).write(to: histories.appendingPathComponent("zed.json"))

        for out in ["embedded.json", "embedded.sqlite"].map(folder.appendingPathComponent) {
            let run = try segue([
                "catalog", "embed", "--catalog", "samples/catalog.json", "--histories", histories.path, "--dim", "8",
                "--out", out.path,
            ])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("skipped 1 history entries naming 1 track ids not in samples/catalog.json"))
            #expect(run.stdout.contains("trained 8-dim embeddings on"))
            let catalog = try CatalogLoader.load(from: out)
            let listeners = try ["ana", "ben", "cleo", "lucia"].map {
                try Listener.load(from: histories.appendingPathComponent("\($0).json"))
            }
            let played = Set(listeners.flatMap { $0.history.filter { $0.plays > 0 }.map(\.trackID) })
            let learned = catalog.tracks.filter { $0.embedding != nil }
            #expect(Set(learned.map(\.id)) == played.intersection(catalog.tracks.map(\.id)))
            #expect(learned.allSatisfy { $0.embedding?.count == 8 })
            #expect(run.stdout.contains("\(learned.count) with learned embeddings"), "\(run.stdout)")
        }
    }

    @Test func embedNamesAMissingOrEmptyHistoriesFolder() throws {
        let folder = try Fixtures.temporaryFolder()
        let missing = folder.appendingPathComponent("nowhere").path
        let out = folder.appendingPathComponent("out.json").path
        let run = try segue([
            "catalog", "embed", "--catalog", "samples/catalog.json", "--histories", missing, "--out", out,
        ])
        #expect(run.status == 1)
        #expect(run.stderr == "segue: \(missing): no such folder (of listener files)\n")
        let empty = try segue([
            "catalog", "embed", "--catalog", "samples/catalog.json", "--histories", folder.path, "--out", out,
        ])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("\(folder.path): no listener files (*.json) in this folder"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
