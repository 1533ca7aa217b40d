import Foundation

/// The tracks Segue may play, loaded from a catalog file.
public struct Catalog: Sendable, Equatable {
    /// The tracks in file order.
    public var tracks: [Track]
    /// The folder that `Track.audio` paths are relative to.
    public var baseURL: URL
    private var indexByID: [String: Int]

    /// Creates a catalog from tracks; audio paths resolve against `baseURL`.
    /// - Throws: `CatalogError` for duplicate ids or invalid values.
    public init(tracks: [Track], baseURL: URL, path: String = "catalog") throws {
        var index: [String: Int] = [:]
        index.reserveCapacity(tracks.count)
        for (i, track) in tracks.enumerated() {
            if index[track.id] != nil {
                throw CatalogError(.invalidValue, path: path, message: "tracks[\(i)]: duplicate id '\(track.id)'")
            }
            if let problem = Self.problem(with: track) {
                throw CatalogError(.invalidValue, path: path, message: "tracks[\(i)] ('\(track.id)'): \(problem)")
            }
            index[track.id] = i
        }
        self.tracks = tracks
        self.baseURL = baseURL
        self.indexByID = index
    }

    /// Loads a catalog file: `{"version": 1, "tracks": [...]}` or a bare array of tracks.
    /// - Throws: `CatalogError` naming the file and what is wrong.
    public static func load(from url: URL) throws -> Catalog {
        let tracks = try JSONFile.decode(CatalogFile.self, from: url).tracks
        guard !tracks.isEmpty else {
            throw CatalogError(.emptyCatalog, path: url.path, message: "the catalog has no tracks")
        }
        return try Catalog(tracks: tracks, baseURL: url.deletingLastPathComponent(), path: url.path)
    }

    /// The track with this id, if any.
    public subscript(id: String) -> Track? { indexByID[id].map { tracks[$0] } }

    /// The position of the track with this id in `tracks`, if any.
    public func index(of id: String) -> Int? { indexByID[id] }

    /// The file URL of a track's audio, if it has one.
    public func audioURL(for track: Track) -> URL? {
        guard let audio = track.audio else { return nil }
        if audio.hasPrefix("/") { return URL(fileURLWithPath: audio) }
        return baseURL.appendingPathComponent(audio)
    }

    private static func problem(with track: Track) -> String? {
        if track.id.isEmpty { return "empty id" }
        if !track.duration.isFinite || track.duration <= 0 { return "duration_s must be a positive number of seconds" }
        // NaN (unknown) is allowed; the sequencer treats it as unknown.
        if let energy = track.energy, energy.isFinite, !(0...1).contains(energy) { return "energy must be between 0 and 1" }
        if let popularity = track.popularity, !(0...100).contains(popularity) {
            return "popularity must be between 0 and 100"
        }
        if let key = track.key, CamelotKey(key) == nil { return "key '\(key)' is not a Camelot key such as 8A" }
        return nil
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
