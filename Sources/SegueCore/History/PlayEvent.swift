import Foundation

/// One play of a track in an imported listening history: when, what, and how it ended.
public struct PlayEvent: Sendable, Equatable, Hashable {
    /// The history a play was read from.
    public enum Source: String, Sendable, Codable, CaseIterable {
        /// Spotify's extended streaming history (`Streaming_History_Audio_*.json`) or account data
        /// (`StreamingHistory*.json`).
        case spotify
        /// A ListenBrainz export.
        case listenbrainz
        /// A CSV file of `timestamp,artist,title`.
        case csv
    }

    public var source: Source
    /// Seconds since 1970 in UTC. For Spotify this is when the stream ended, as Spotify records it.
    public var time: Int64
    public var artist: String
    public var title: String
    public var album: String?
    /// How long the track played, in milliseconds; nil when the history does not say (ListenBrainz, most CSV).
    public var msPlayed: Int?
    /// Whether the listener skipped to the next track; nil when the history does not say.
    public var skipped: Bool?
    /// Why the play ended, in Spotify's words (`trackdone`, `fwdbtn`, `endplay`, ...); nil when not recorded.
    public var reasonEnd: String?

    /// Creates a play.
    public init(
        source: Source, time: Int64, artist: String, title: String, album: String? = nil, msPlayed: Int? = nil,
        skipped: Bool? = nil, reasonEnd: String? = nil
    ) {
        self.source = source
        self.time = time
        self.artist = artist
        self.title = title
        self.album = album
        self.msPlayed = msPlayed
        self.skipped = skipped
        self.reasonEnd = reasonEnd
    }

    /// The time as ISO 8601 in UTC, `2023-01-05T14:03:12Z`: the form of a history entry's `last_played`.
    public var timestamp: String { HistoryTime.iso8601(time) }

    /// The time as a `Date`.
    public var date: Date { Date(timeIntervalSince1970: TimeInterval(time)) }

    /// What makes this play itself: the source, the time, the artist and the title, exactly as the file wrote them.
    /// The same file read twice gives the same keys, so a store that keeps them imports nothing twice. The artist's
    /// length in UTF-8 bytes comes before it, so no artist and title can run together into another pair's key:
    /// `spotify|1672927392|10:Nova Reyes|Night Drive`.
    public var eventKey: String {
        // Appended piece by piece: string interpolation took twice as long, and an import makes one key per play.
        let length = String(artist.utf8.count)
        var key = source.rawValue
        key.reserveCapacity(key.utf8.count + 24 + length.utf8.count + artist.utf8.count + title.utf8.count)
        key += "|"
        key += String(time)
        key += "|"
        key += length
        key += ":"
        key += artist
        key += "|"
        key += title
        return key
    }
}
