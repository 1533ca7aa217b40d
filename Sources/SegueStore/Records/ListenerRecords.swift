import Foundation
import GRDB
import SegueCore

/// A row of `listener`: who a session is for, without their history (`history` rows hold it).
struct ListenerRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "listener"
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
    }
    var id: String
    var name: String
    var locale: String
    var explicit: Listener.ExplicitSetting
    /// A JSON array of names.
    var blockedArtists: String
    var nameInCommentary: Bool

    enum CodingKeys: String, CodingKey {
        case id, name, locale, explicit
        case blockedArtists = "blocked_artists"
        case nameInCommentary = "name_in_commentary"
    }
}

/// A row of `play`: one listening event as an export recorded it, matched to a track when one fits.
struct PlayRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "play"
    enum Columns {
        static let listenerID = Column(CodingKeys.listenerID)
        static let eventKey = Column(CodingKeys.eventKey)
        static let playedAt = Column(CodingKeys.playedAt)
        static let trackUID = Column(CodingKeys.trackUID)
    }
    var listenerID: String
    var eventKey: String
    var playedAt: String
    var artist: String
    var title: String
    var album: String?
    var msPlayed: Int?
    var skipped: Bool?
    var reasonEnd: String?
    var source: String
    var trackUID: String?

    enum CodingKeys: String, CodingKey {
        case listenerID = "listener_id"
        case eventKey = "event_key"
        case playedAt = "played_at"
        case artist, title, album
        case msPlayed = "ms_played"
        case skipped
        case reasonEnd = "reason_end"
        case source
        case trackUID = "track_uid"
    }
}

/// A row of `history`: what a listener did with one track, as the sequencer reads it.
struct HistoryRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "history"
    enum Columns {
        static let listenerID = Column(CodingKeys.listenerID)
        static let trackUID = Column(CodingKeys.trackUID)
    }
    var listenerID: String
    var trackUID: String
    var plays: Int
    var skips: Int
    var liked: Bool?
    var lastPlayed: String?

    enum CodingKeys: String, CodingKey {
        case listenerID = "listener_id"
        case trackUID = "track_uid"
        case plays, skips, liked
        case lastPlayed = "last_played"
    }

    init(listenerID: String, entry: Listener.HistoryEntry) {
        self.listenerID = listenerID
        trackUID = entry.trackID
        plays = entry.plays
        skips = entry.skips
        liked = entry.liked
        lastPlayed = entry.lastPlayed
    }

    var entry: Listener.HistoryEntry {
        Listener.HistoryEntry(trackID: trackUID, plays: plays, skips: skips, liked: liked, lastPlayed: lastPlayed)
    }
}

/// A row of `session`: a session's plan and script as the engine's stages wrote them.
struct SessionRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "session"
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let listenerID = Column(CodingKeys.listenerID)
    }
    var id: Int64?
    var listenerID: String
    var createdAt: String
    var seed: Int64
    var plan: Data
    var script: Data?

    enum CodingKeys: String, CodingKey {
        case id
        case listenerID = "listener_id"
        case createdAt = "created_at"
        case seed, plan, script
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
