import Foundation

/// One audio file as an import read it: where it is, its tags, and what its analysis measured.
public struct ImportedFile: Sendable, Equatable {
    public var path: String
    public var size: Int64
    public var mtime: Double
    public var title: String
    public var artist: String
    /// Featured artists named in the tags beyond those the artist credit already names.
    public var featuredArtists: [String]
    public var album: String?
    public var albumArtist: String?
    public var year: Int?
    public var genres: [String]
    public var trackNumber: Int?
    public var duration: Double
    public var loudness: Double?
    public var loudnessRange: Double?
    public var truePeak: Double?
    public var bpm: Double?
    /// Camelot notation (`8A`).
    public var key: String?
    public var keyConfidence: Double?
    public var energy: Double?
    public var leadingSilence: Double?
    public var trailingSilence: Double?
    public var introLength: Double?
    /// The Chromaprint fingerprint, recognising the file when it moves.
    public var fingerprint: [UInt32]

    public init(
        path: String, size: Int64, mtime: Double, title: String, artist: String, featuredArtists: [String] = [],
        album: String? = nil, albumArtist: String? = nil, year: Int? = nil, genres: [String] = [],
        trackNumber: Int? = nil, duration: Double, loudness: Double? = nil, loudnessRange: Double? = nil,
        truePeak: Double? = nil, bpm: Double? = nil, key: String? = nil, keyConfidence: Double? = nil,
        energy: Double? = nil, leadingSilence: Double? = nil, trailingSilence: Double? = nil,
        introLength: Double? = nil, fingerprint: [UInt32] = []
    ) {
        self.path = path
        self.size = size
        self.mtime = mtime
        self.title = title
        self.artist = artist
        self.featuredArtists = featuredArtists
        self.album = album
        self.albumArtist = albumArtist
        self.year = year
        self.genres = genres
        self.trackNumber = trackNumber
        self.duration = duration
        self.loudness = loudness
        self.loudnessRange = loudnessRange
        self.truePeak = truePeak
        self.bpm = bpm
        self.key = key
        self.keyConfidence = keyConfidence
        self.energy = energy
        self.leadingSilence = leadingSilence
        self.trailingSilence = trailingSilence
        self.introLength = introLength
        self.fingerprint = fingerprint
    }
}

/// What the store knows of a library file: enough to tell whether it changed or moved.
public struct KnownFile: Sendable, Equatable {
    public var path: String
    public var size: Int64
    public var mtime: Double
    public var isPresent: Bool
    public var isAnalysed: Bool
    public var fingerprint: [UInt32]
}

/// What an import changed in the store.
public struct ImportOutcome: Sendable, Equatable {
    /// New files, each a new track.
    public var added: [String] = []
    /// Files read again because their size or time changed.
    public var updated: [String] = []
    /// Files found at a new path by their fingerprint: (old path, new path); their track and plays are kept.
    public var moved: [(from: String, to: String)] = []
    /// Files gone from the imported folders, marked missing.
    public var missing: [String] = []

    public init() {}

    public static func == (a: Self, b: Self) -> Bool {
        a.added == b.added && a.updated == b.updated && a.missing == b.missing
            && a.moved.map { [$0.from, $0.to] } == b.moved.map { [$0.from, $0.to] }
    }
}
