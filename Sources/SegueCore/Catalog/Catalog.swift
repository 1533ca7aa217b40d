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
        if let energy = track.energy, energy.isFinite, !(0...1).contains(energy) {
            return "energy must be between 0 and 1"
        }
        if let popularity = track.popularity, !(0...100).contains(popularity) {
            return "popularity must be between 0 and 100"
        }
        if let key = track.key, CamelotKey(key) == nil { return "key '\(key)' is not a Camelot key such as 8A" }
        return nil
    }
}
