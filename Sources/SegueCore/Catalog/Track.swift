/// One entry of the catalog: the facts the sequencer ranks and the commentary may speak.
public struct Track: Sendable, Codable, Equatable, Hashable, Identifiable {
    public var id: String
    public var title: String
    public var artist: String
    public var album: String?
    public var year: Int?
    public var genres: [String]
    /// Tempo in beats per minute.
    public var bpm: Double?
    /// Musical key in Camelot notation, e.g. `8A`.
    public var key: String?
    /// Perceived intensity from 0 (calm) to 1 (intense).
    public var energy: Double?
    /// Popularity from 0 (unknown) to 100 (a hit).
    public var popularity: Int?
    public var explicit: Bool
    /// Length in seconds.
    public var duration: Double
    /// Path of the audio file, relative to the catalog file.
    public var audio: String?
    public var language: String?
    /// Latin-script forms of `artist` and `title` for voices that cannot read the original script.
    public var artistAlias: String?
    public var titleAlias: String?
    /// An optional taste embedding (any width, the same for every track that has one).
    public var embedding: [Float]?
    /// Integrated loudness in LUFS, as a library import measured it.
    public var loudness: Double?
    /// Seconds until the music first reaches its running loudness: room to talk over, as an import measured it.
    public var introLength: Double?

    /// The JSON field names; `SegueFiles` lists them to name unknown fields in a catalog file.
    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, artist, album, year, genres, bpm, key, energy, popularity, explicit
        case duration = "duration_s"
        case audio, language
        case artistAlias = "artist_alias"
        case titleAlias = "title_alias"
        case embedding
        case loudness = "loudness_lufs"
        case introLength = "intro_s"
    }

    /// Creates a track from its facts.
    public init(
        id: String, title: String, artist: String, album: String? = nil, year: Int? = nil,
        genres: [String] = [], bpm: Double? = nil, key: String? = nil, energy: Double? = nil,
        popularity: Int? = nil, explicit: Bool = false, duration: Double, audio: String? = nil,
        language: String? = nil, embedding: [Float]? = nil
    ) {
        self.id = id
        self.title = title
        self.artist = artist
        self.album = album
        self.year = year
        self.genres = genres
        self.bpm = bpm
        self.key = key
        self.energy = energy
        self.popularity = popularity
        self.explicit = explicit
        self.duration = duration
        self.audio = audio
        self.language = language
        self.embedding = embedding
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        artist = try c.decode(String.self, forKey: .artist)
        album = try c.decodeIfPresent(String.self, forKey: .album)
        year = try c.decodeIfPresent(Int.self, forKey: .year)
        genres = try c.decodeIfPresent([String].self, forKey: .genres) ?? []
        bpm = try c.decodeIfPresent(Double.self, forKey: .bpm)
        key = try c.decodeIfPresent(String.self, forKey: .key)
        energy = try c.decodeIfPresent(Double.self, forKey: .energy)
        popularity = try c.decodeIfPresent(Int.self, forKey: .popularity)
        explicit = try c.decodeIfPresent(Bool.self, forKey: .explicit) ?? false
        duration = try c.decode(Double.self, forKey: .duration)
        audio = try c.decodeIfPresent(String.self, forKey: .audio)
        language = try c.decodeIfPresent(String.self, forKey: .language)
        artistAlias = try c.decodeIfPresent(String.self, forKey: .artistAlias)
        titleAlias = try c.decodeIfPresent(String.self, forKey: .titleAlias)
        embedding = try c.decodeIfPresent([Float].self, forKey: .embedding)
        loudness = try c.decodeIfPresent(Double.self, forKey: .loudness)
        introLength = try c.decodeIfPresent(Double.self, forKey: .introLength)
    }

    /// The lead artist and every featured artist named in the artist field.
    public var artistNames: [String] { ArtistCredit.names(in: artist) }
}

extension Track: DocumentedRanges {
    /// The popularities a catalog may give: 0 (unknown) to 100 (a hit).
    public static let popularityRange = 0...100
    /// The years a catalog may give: four digits at most (0 is how some exports write an unknown year).
    public static let yearRange = 0...9999
    /// The energies a catalog may give: 0 (calm) to 1 (intense), or NaN for unknown.
    public static let energyRange = 0.0...1.0

    /// What the field with this JSON name allows, for the fields whose Swift type allows more.
    public static func allowedValues(forField name: String) -> String? {
        switch CodingKeys(rawValue: name) {
        case .popularity: popularityRange.allowedValues
        case .year: yearRange.allowedValues
        case .energy: energyRange.allowedValues + #", or "NaN" for unknown"#
        case .duration: "a number of seconds greater than 0, at most \(Double.greatestFiniteMagnitude)"
        default: nil
        }
    }
}
