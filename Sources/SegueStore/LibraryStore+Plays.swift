import Foundation
import GRDB
import SegueCore

/// A listening event as the store keeps it.
public struct StoredPlay: Sendable, Equatable {
    /// Unique per listener: the same event imported twice is kept once.
    public var eventKey: String
    /// ISO 8601.
    public var playedAt: String
    public var artist: String
    public var title: String
    public var album: String?
    public var msPlayed: Int?
    public var skipped: Bool?
    public var reasonEnd: String?
    /// `spotify`, `listenbrainz`, `csv`.
    public var source: String
    /// The catalog track it was matched to, if any.
    public var trackID: String?

    public init(
        eventKey: String, playedAt: String, artist: String, title: String, album: String? = nil,
        msPlayed: Int? = nil, skipped: Bool? = nil, reasonEnd: String? = nil, source: String, trackID: String? = nil
    ) {
        self.eventKey = eventKey
        self.playedAt = playedAt
        self.artist = artist
        self.title = title
        self.album = album
        self.msPlayed = msPlayed
        self.skipped = skipped
        self.reasonEnd = reasonEnd
        self.source = source
        self.trackID = trackID
    }
}

extension LibraryStore {
    /// Adds a listener's events, creating the listener when new; an event already kept (same key) is not added
    /// again, so importing the same file twice adds nothing, but an event kept unmatched takes the track it now
    /// matches (the library grew).
    /// - Returns: how many events were new.
    public func addPlays(_ plays: [StoredPlay], listener id: String, name: String? = nil) throws -> Int {
        try write { db in
            if try ListenerRecord.fetchOne(db, key: id) == nil {
                try ListenerRecord(
                    id: id, name: name ?? id, locale: "en-US", explicit: .allow, blockedArtists: "[]",
                    nameInCommentary: false
                ).insert(db)
            }
            var added = 0
            for play in plays {
                try PlayRecord(
                    listenerID: id, eventKey: play.eventKey, playedAt: play.playedAt, artist: play.artist,
                    title: play.title, album: play.album, msPlayed: play.msPlayed, skipped: play.skipped,
                    reasonEnd: play.reasonEnd, source: play.source, trackUID: play.trackID
                ).insert(db, onConflict: .ignore)
                if db.changesCount > 0 {
                    added += 1
                } else if let track = play.trackID {
                    try PlayRecord.filter(
                        PlayRecord.Columns.listenerID == id && PlayRecord.Columns.eventKey == play.eventKey
                            && PlayRecord.Columns.trackUID == nil
                    ).updateAll(db, PlayRecord.Columns.trackUID.set(to: track))
                }
            }
            return added
        }
    }

    /// Every event kept for a listener, oldest first.
    public func plays(of id: String) throws -> [StoredPlay] {
        try read { db in
            try PlayRecord.filter(PlayRecord.Columns.listenerID == id)
                .order(PlayRecord.Columns.playedAt, PlayRecord.Columns.eventKey).fetchAll(db)
                .map {
                    StoredPlay(
                        eventKey: $0.eventKey, playedAt: $0.playedAt, artist: $0.artist, title: $0.title,
                        album: $0.album, msPlayed: $0.msPlayed, skipped: $0.skipped, reasonEnd: $0.reasonEnd,
                        source: $0.source, trackID: $0.trackUID)
                }
        }
    }

    /// Replaces a listener's history (what the sequencer reads) with `entries`, keeping their settings.
    public func replaceHistory(of id: String, with entries: [Listener.HistoryEntry]) throws {
        try write { db in
            try HistoryRecord.filter(HistoryRecord.Columns.listenerID == id).deleteAll(db)
            for entry in entries { try HistoryRecord(listenerID: id, entry: entry).insert(db) }
        }
    }
}
