import Foundation
import GRDB
import SegueCore
import SegueFiles

/// A catalog as a SQLite file: the `LibraryStore`'s tables holding just the catalog, written once
/// (`segue catalog import`) and loaded many times, much faster than JSON.
public enum CatalogStore {
    /// Writes `catalog` to a store at `url`, replacing any file there only once the new one is complete.
    ///
    /// The tracks go into a temporary file beside `url` in one transaction; the file is made standalone (no
    /// write-ahead log beside it), flushed to disk and renamed over `url`. On failure the temporary file is removed
    /// and a file already at `url` is left as it was.
    /// - Throws: `CatalogError` (`.writeFailed`) naming `url` and the cause.
    public static func write(_ catalog: Catalog, to url: URL) throws {
        var staged: String?
        do {
            try AtomicFile.write(to: url) { temporary in
                staged = temporary.path
                try writeDatabase(catalog, at: temporary.path)
            }
        } catch {
            if let staged { for suffix in ["-journal", "-wal", "-shm"] { unlink(staged + suffix) } }
            let cause: String
            switch error {
            case let sqlite as DatabaseError: cause = sqlite.message ?? "\(sqlite)"
            case let file as FileError: cause = file.message + (file.cause.map { ": \($0)" } ?? "")
            case let catalog as CatalogError: cause = catalog.message
            default: cause = FileError.reason(of: error)
            }
            let kept = FileManager.default.fileExists(atPath: url.path) ? "; the existing file is unchanged" : ""
            throw CatalogError(.writeFailed, path: url.path, message: "cannot write the catalog (\(cause))\(kept)")
        }
    }

    /// Reads the catalog of a store; audio paths resolve against the file's folder.
    /// - Throws: `CatalogError` naming the file: missing, not SQLite, damaged, not a Segue store, a newer
    ///   schema, or track values the catalog refuses (a duplicate id, an invalid key).
    public static func read(from url: URL) throws -> Catalog {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw CatalogError(.fileNotFound, path: path, message: "no such file")
        }
        let tracks = try LibraryStore.withReadOnlyQueue(path) { db in
            try LibraryStore.checkSchema(db, path: path, complete: true)
            return try LibraryStore.tracks(db, path: path)
        }
        return try Catalog(tracks: tracks, baseURL: url.deletingLastPathComponent(), path: path)
    }

    private static func writeDatabase(_ catalog: Catalog, at path: String) throws {
        var configuration = Configuration()
        configuration.label = "catalog import"
        configuration.prepareDatabase { db in
            // Durability comes from the fsync before the rename; nobody else sees the temporary file.
            try db.execute(sql: "PRAGMA synchronous = OFF")
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        do {
            try StoreSchema.migrator.migrate(queue)
            try queue.write { db in try LibraryStore.insertCatalog(catalog, into: db) }
            try queue.close()
        } catch {
            try? queue.close()
            throw error
        }
    }
}
