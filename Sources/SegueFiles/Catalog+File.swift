import Foundation
import SegueCore

extension Catalog {
    /// Loads a catalog file: `{"version": 1, "tracks": [...]}` or a bare array of tracks.
    /// - Throws: `CatalogError` naming the file and what is wrong.
    public static func load(from url: URL) throws -> Catalog {
        var warnings: [InputWarning] = []
        return try load(from: url, warnings: &warnings)
    }

    /// Loads a catalog file as `load(from:)` does, and appends to `warnings` what it read past: fields that neither
    /// the file's top level nor a track has (`tracks[3].tempo: unknown field (did you mean 'bpm'?)`).
    /// - Throws: `CatalogError` naming the file and what is wrong.
    public static func load(from url: URL, warnings: inout [InputWarning]) throws -> Catalog {
        try load(json: try JSONFile.read(url), from: url, warnings: &warnings)
    }

    /// Loads a catalog from the JSON bytes of the file at `url`, as `load(from:warnings:)` does once it has read
    /// them: `url` names the file in messages, and audio paths resolve against its folder.
    /// - Throws: `CatalogError` naming the file and what is wrong.
    public static func load(json data: Data, from url: URL, warnings: inout [InputWarning]) throws -> Catalog {
        let file = try JSONFile.decode(CatalogFile.self, from: data, path: url.path)
        let tracks = file.entries.map(\.track)
        guard !tracks.isEmpty else {
            throw CatalogError(.emptyCatalog, path: url.path, message: "the catalog has no tracks")
        }
        let catalog = try Catalog(tracks: tracks, baseURL: url.deletingLastPathComponent(), path: url.path)
        var report = UnknownFieldReport(path: url.path)
        if let keys = file.topLevelKeys {
            report.check(keys, against: KnownFields(CatalogFile.CodingKeys.self), at: "")
        }
        let prefix = file.topLevelKeys == nil ? "" : "tracks"
        for (index, entry) in file.entries.enumerated() {
            report.check(entry.keys, against: .track, at: "\(prefix)[\(index)]", group: "tracks")
        }
        warnings += report.warnings
        return catalog
    }
}

/// The catalog file's shape: `{"version": 1, "tracks": [...]}`, or a bare array of tracks.
private struct CatalogFile: Decodable {
    var entries: [TrackEntry]
    /// The keys of the top-level object; nil for a bare array.
    var topLevelKeys: [String]?

    /// The known top-level keys. `version` is documented and written, not read.
    enum CodingKeys: String, CodingKey, CaseIterable { case version, tracks }

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: CodingKeys.self) {
            entries = try container.decode([TrackEntry].self, forKey: .tracks)
            topLevelKeys = AnyCodingKey.keys(at: decoder)
        } else {
            entries = try decoder.singleValueContainer().decode([TrackEntry].self)
        }
    }
}

/// A track and the keys its object holds, read in the one decoding pass; its fields' ranges are the track's.
private struct TrackEntry: Decodable, DocumentedRanges {
    var track: Track
    var keys: [String]

    init(from decoder: any Decoder) throws {
        track = try Track(from: decoder)
        keys = AnyCodingKey.keys(at: decoder)
    }

    static func allowedValues(forField name: String) -> String? { Track.allowedValues(forField: name) }
}
