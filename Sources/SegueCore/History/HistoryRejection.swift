/// An entry of a history or likes file that could not be read: skipped and counted, with where and why.
///
/// Printed as `Streaming_History_Audio_2023.json: line 1, column 8812: [17].ts: not an ISO 8601 time`.
public struct HistoryRejection: Sendable, Equatable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// The 1-based line where the entry starts (or where the problem is, when that is known).
    public var line: Int
    /// The 1-based column (in characters) on that line, when the file is not one entry per line.
    public var column: Int?
    /// The entry's 0-based index in the file's array or lines, when the file is JSON.
    public var entry: Int?
    /// The field at fault, e.g. `ts` or `track_metadata.artist_name`; nil for the entry as a whole.
    public var field: String?
    /// What is wrong, for a person.
    public var reason: String

    /// Creates a rejection.
    public init(path: String, line: Int, column: Int? = nil, entry: Int? = nil, field: String? = nil, reason: String) {
        self.path = path
        self.line = line
        self.column = column
        self.entry = entry
        self.field = field
        self.reason = reason
    }

    /// `path: line L[, column C]: [entry].field: reason`.
    public var description: String {
        var place = "\(path): line \(line)"
        if let column { place += ", column \(column)" }
        var subject = entry.map { "[\($0)]" } ?? ""
        if let field { subject += subject.isEmpty ? field : ".\(field)" }
        return "\(place): " + (subject.isEmpty ? "" : "\(subject): ") + reason
    }
}

/// The plays read from one history file, and what was read past: entries that are not music, and entries that
/// could not be read.
public struct PlayEventBatch: Sendable, Equatable {
    /// At most this many rejections are kept with their reasons; the rest are counted.
    public static let keptRejections = 20

    /// The file.
    public var path: String
    /// The plays of music, in file order.
    public var events: [PlayEvent]
    /// Entries that name no track: podcast episodes, audiobooks, and plays whose track Spotify no longer knows.
    public var nonMusic: Int
    /// How many entries could not be read (wrong type, missing field, a name too long); each was skipped.
    public var rejectedCount: Int
    /// The first `keptRejections` of them, with where and why.
    public var rejections: [HistoryRejection]

    /// Creates a batch.
    public init(
        path: String, events: [PlayEvent], nonMusic: Int = 0, rejectedCount: Int = 0,
        rejections: [HistoryRejection] = []
    ) {
        self.path = path
        self.events = events
        self.nonMusic = nonMusic
        self.rejectedCount = rejectedCount
        self.rejections = rejections
    }
}

/// A track the listener liked, by name: matched against the catalog like a play.
public struct LikedTrack: Sendable, Equatable, Hashable {
    public var artist: String
    public var title: String
    public var album: String?

    /// Creates a like.
    public init(artist: String, title: String, album: String? = nil) {
        self.artist = artist
        self.title = title
        self.album = album
    }
}

/// The likes read from one likes file, and the lines that could not be read.
public struct LikedTrackList: Sendable, Equatable {
    /// The file.
    public var path: String
    /// The likes, in file order.
    public var tracks: [LikedTrack]
    /// How many entries could not be read; each was skipped.
    public var rejectedCount: Int
    /// The first `PlayEventBatch.keptRejections` of them, with where and why.
    public var rejections: [HistoryRejection]

    /// Creates a list.
    public init(path: String, tracks: [LikedTrack], rejectedCount: Int = 0, rejections: [HistoryRejection] = []) {
        self.path = path
        self.tracks = tracks
        self.rejectedCount = rejectedCount
        self.rejections = rejections
    }
}
