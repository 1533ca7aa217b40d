import Foundation
import SegueCore

extension Catalog {
    /// Loads a catalog file: `{"version": 1, "tracks": [...]}` or a bare array of tracks.
    /// - Throws: `CatalogError` naming the file and what is wrong.
    public static func load(from url: URL) throws -> Catalog {
        let tracks = try JSONFile.decode(CatalogFile.self, from: url).tracks
        guard !tracks.isEmpty else {
            throw CatalogError(.emptyCatalog, path: url.path, message: "the catalog has no tracks")
        }
        return try Catalog(tracks: tracks, baseURL: url.deletingLastPathComponent(), path: url.path)
    }
}

/// The catalog file's shape: `{"version": 1, "tracks": [...]}`, or a bare array of tracks.
private struct CatalogFile: Decodable {
    var tracks: [Track]

    enum CodingKeys: String, CodingKey { case tracks }

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: CodingKeys.self) {
            tracks = try container.decode([Track].self, forKey: .tracks)
        } else {
            tracks = try decoder.singleValueContainer().decode([Track].self)
        }
    }
}
