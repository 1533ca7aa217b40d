import Foundation
import SegueCore
import SegueFiles

/// Loads the file a command's `--catalog` names: a SQLite catalog through `CatalogStore`, anything else as JSON.
public enum CatalogLoader {
    /// The forms a catalog file can take.
    public enum Format: String, Sendable {
        case json, sqlite
    }

    /// File name extensions taken for SQLite even when the file is not (yet) one, so that an empty or
    /// damaged database is reported as such rather than as malformed JSON.
    public static let sqliteExtensions: Set<String> = ["sqlite", "sqlite3", "db"]

    /// The 16 bytes every SQLite database file begins with.
    static let sqliteMagic = Array("SQLite format 3\0".utf8)

    /// The form of the file at `url`: SQLite by its first 16 bytes or its extension, otherwise JSON.
    public static func format(of url: URL) -> Format {
        if sqliteExtensions.contains(url.pathExtension.lowercased()) { return .sqlite }
        guard let handle = try? FileHandle(forReadingFrom: url) else { return .json }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: sqliteMagic.count)) ?? Data()
        return head.elementsEqual(sqliteMagic) ? .sqlite : .json
    }

    /// Loads a catalog in either form; audio paths resolve against the file's folder.
    /// - Throws: `CatalogError` naming the file and the problem.
    public static func load(from url: URL) throws -> Catalog {
        var warnings: [InputWarning] = []
        return try load(from: url, warnings: &warnings)
    }

    /// Loads a catalog in either form, adding a warning for every field a JSON catalog has that Segue does not know.
    /// - Throws: `CatalogError` naming the file and the problem.
    public static func load(from url: URL, warnings: inout [InputWarning]) throws -> Catalog {
        // Only a regular file is a catalog: a FIFO or a device would block the format check or stream forever.
        var info = stat()
        if stat(url.path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            throw CatalogError(.unreadable, path: url.path, message: "is not a regular file (a folder, pipe or device)")
        }
        switch format(of: url) {
        case .json:
            return try Catalog.load(from: url, warnings: &warnings)
        case .sqlite:
            let catalog = try CatalogStore.read(from: url)
            guard !catalog.tracks.isEmpty else {
                throw CatalogError(.emptyCatalog, path: url.path, message: "the catalog has no tracks")
            }
            return catalog
        }
    }
}
