import SegueCore

/// The tags of a music file, cleaned: no control characters, no invalid UTF-8, no empty strings. (TagLib 1.13 drops
/// a Vorbis comment that is not valid UTF-8, so such a field of a FLAC or Ogg file reads as absent.)
public struct FileTags: Sendable, Equatable, Codable {
    public var title: String?
    /// The artist credit as tagged, such as "Nova Reyes feat. Kid Atlas".
    public var artist: String?
    public var album: String?
    public var albumArtist: String?
    public var year: Int?
    public var genre: String?
    /// The track's number on its album, from 1.
    public var trackNumber: Int?

    /// Creates tags; every field is optional.
    public init(
        title: String? = nil, artist: String? = nil, album: String? = nil, albumArtist: String? = nil,
        year: Int? = nil, genre: String? = nil, trackNumber: Int? = nil
    ) {
        self.title = title
        self.artist = artist
        self.album = album
        self.albumArtist = albumArtist
        self.year = year
        self.genre = genre
        self.trackNumber = trackNumber
    }

    /// The artists credited before any "feat.", lead first: "A & B feat. C" names A and B.
    public var artists: [String] { artist.map { ArtistCredit.names(in: FeaturingCredit($0).main) } ?? [] }

    /// The featured artists, from the artist credit ("A feat. B & C", "A ft. B", "A featuring B") and the title
    /// ("Title (feat. B)"), each once, in order.
    public var featuredArtists: [String] {
        let fromArtist = artist.map { FeaturingCredit($0).featured } ?? []
        let fromTitle = title.map { FeaturingCredit($0).featured } ?? []
        return FeaturingCredit.unique(fromArtist + fromTitle)
    }

    /// The title without its "(feat. B)" part: "Title (feat. B)" gives "Title".
    public var baseTitle: String? { title.map { FeaturingCredit($0).main } }

    enum CodingKeys: String, CodingKey {
        case title, artist, album
        case albumArtist = "album_artist"
        case year, genre
        case trackNumber = "track_number"
    }
}
