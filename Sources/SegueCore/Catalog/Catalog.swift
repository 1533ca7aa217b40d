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
            if let (field, problem) = Self.problem(with: track) {
                throw CatalogError(
                    .invalidValue, path: path,
                    message: "invalid value at tracks[\(i)]\(field.map { ".\($0)" } ?? "") ('\(track.id)'): \(problem)")
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
        audioPath(for: track).map { URL(fileURLWithPath: $0) }
    }

    /// The path of a track's audio, if it has one: absolute as given, else under the catalog's folder (not resolved;
    /// no `URL` built, for the checks a server makes per request).
    public func audioPath(for track: Track) -> String? {
        guard let audio = track.audio else { return nil }
        if audio.hasPrefix("/") { return audio }
        let base = baseURL.path
        return base.hasSuffix("/") ? base + audio : base + "/" + audio
    }

    /// What is wrong with a track's values, and the JSON name of the field (nil for the track as a whole).
    private static func problem(with track: Track) -> (field: String?, problem: String)? {
        typealias Field = Track.CodingKeys
        func outOfRange(_ field: Field, _ value: Any) -> (String?, String) {
            let allowed = Track.allowedValues(forField: field.stringValue) ?? ""
            return (field.stringValue, "\(value) is out of range (allowed: \(allowed))")
        }
        if track.id.isEmpty { return (Field.id.stringValue, "empty id") }
        if !track.duration.isFinite || track.duration <= 0 { return outOfRange(.duration, track.duration) }
        // NaN (unknown) is allowed; the sequencer treats it as unknown.
        if let energy = track.energy, energy.isFinite, !Track.energyRange.contains(energy) {
            return outOfRange(.energy, energy)
        }
        if let popularity = track.popularity, !Track.popularityRange.contains(popularity) {
            return outOfRange(.popularity, popularity)
        }
        if let year = track.year, !Track.yearRange.contains(year) { return outOfRange(.year, year) }
        if let key = track.key, CamelotKey(key) == nil {
            return (Field.key.stringValue, "'\(key)' is not a Camelot key such as 8A")
        }
        return nil
    }
}
