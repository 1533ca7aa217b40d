import GRDB

/// A row of `genre`: a genre name under the id tracks refer to.
struct GenreRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "genre"
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
    }
    var id: Int64
    var name: ExactText
}

/// A row of `artist`: one name, lead or featured on any number of tracks.
struct ArtistRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "artist"
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
    }
    var id: Int64?
    var name: ExactText

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `album`: a title with its album artist (empty when the tags do not say).
struct AlbumRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "album"
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let title = Column(CodingKeys.title)
        static let albumArtist = Column(CodingKeys.albumArtist)
        static let year = Column(CodingKeys.year)
    }
    var id: Int64?
    var title: ExactText
    var albumArtist: ExactText
    var year: Int?

    enum CodingKeys: String, CodingKey {
        case id, title, year
        case albumArtist = "album_artist"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `track_artist`: an artist credited on a track, as its lead or featured.
struct TrackArtistRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "track_artist"
    enum Role: String, Codable { case lead, featured }
    enum Columns {
        static let trackPosition = Column(CodingKeys.trackPosition)
        static let artistID = Column(CodingKeys.artistID)
        static let role = Column(CodingKeys.role)
    }
    var trackPosition: Int
    var artistID: Int64
    var role: Role

    enum CodingKeys: String, CodingKey {
        case trackPosition = "track_position"
        case artistID = "artist_id"
        case role
    }
}
