import Foundation
import GRDB
import SegueCore

/// A row of `track`: a catalog track in catalog order, with its genres as ids and its album by id.
struct TrackRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "track"

    enum Columns {
        static let position = Column("position")
        static let uid = Column("uid")
        static let title = Column("title")
        static let artist = Column("artist")
        static let albumID = Column("album_id")
        static let trackNumber = Column("track_number")
        static let year = Column("year")
        static let genres = Column("genres")
        static let bpm = Column("bpm")
        static let key = Column("key")
        static let energy = Column("energy")
        static let popularity = Column("popularity")
        static let explicit = Column("explicit")
        static let duration = Column("duration_s")
        static let audio = Column("audio")
        static let language = Column("language")
        static let artistAlias = Column("artist_alias")
        static let titleAlias = Column("title_alias")
        static let embedding = Column("embedding")
        static let loudness = Column("loudness_lufs")
        static let introLength = Column("intro_s")
    }

    var position: Int
    /// The track, without its album and genres (`albumID`, `genreIDs` hold them).
    var track: Track
    var albumID: Int64?
    var trackNumber: Int?
    var genreIDs: Data

    init(position: Int, track: Track, albumID: Int64?, trackNumber: Int?, genreIDs: [UInt32]) {
        self.position = position
        self.track = track
        self.albumID = albumID
        self.trackNumber = trackNumber
        self.genreIDs = PackedWords.data(genreIDs)
    }

    /// Reads a row; a value of the wrong form throws (GRDB's subscripts would stop the process).
    init(row: Row) throws {
        func text(_ column: Column) throws -> String? { try row.decode(ExactText?.self, forColumn: column)?.string }
        position = try row.decode(Int.self, forColumn: Columns.position)
        guard let id = try text(Columns.uid) else { throw RecordError("a track has no id (position \(position))") }
        func number(_ column: Column) throws -> Double? {
            let value: DatabaseValue = row[column]
            switch value.storage {
            case .null: return nil
            case .double(let number): return number
            case .int64(let number): return Double(number)
            case .string("NaN"): return .nan
            default: throw RecordError("\(column.name) holds text that is not NaN (track '\(id)')")
            }
        }
        func required<Value>(_ value: Value?, _ column: Column) throws -> Value {
            guard let value else { throw RecordError("\(column.name) is missing (track '\(id)')") }
            return value
        }
        var embedding: [Float]?
        if let bytes = try row.decode(Data?.self, forColumn: Columns.embedding) {
            guard let words = PackedWords.words(bytes) else {
                throw RecordError("embedding is \(bytes.count) bytes, not whole 32-bit floats (track '\(id)')")
            }
            embedding = words.map(Float.init(bitPattern:))
        }
        track = Track(
            id: id, title: try required(text(Columns.title), Columns.title),
            artist: try required(text(Columns.artist), Columns.artist),
            year: try row.decode(Int?.self, forColumn: Columns.year), bpm: try number(Columns.bpm),
            key: try text(Columns.key), energy: try number(Columns.energy),
            popularity: try row.decode(Int?.self, forColumn: Columns.popularity),
            explicit: try required(row.decode(Bool?.self, forColumn: Columns.explicit), Columns.explicit),
            duration: try required(row.decode(Double?.self, forColumn: Columns.duration), Columns.duration),
            audio: try text(Columns.audio), language: try text(Columns.language), embedding: embedding)
        track.artistAlias = try text(Columns.artistAlias)
        track.titleAlias = try text(Columns.titleAlias)
        track.loudness = try number(Columns.loudness)
        track.introLength = try number(Columns.introLength)
        albumID = try row.decode(Int64?.self, forColumn: Columns.albumID)
        trackNumber = try row.decode(Int?.self, forColumn: Columns.trackNumber)
        genreIDs = try required(row.decode(Data?.self, forColumn: Columns.genres), Columns.genres)
    }

    func encode(to container: inout PersistenceContainer) {
        container[Columns.position] = position
        container[Columns.uid] = ExactText(track.id)
        container[Columns.title] = ExactText(track.title)
        container[Columns.artist] = ExactText(track.artist)
        container[Columns.albumID] = albumID
        container[Columns.trackNumber] = trackNumber
        container[Columns.year] = track.year
        container[Columns.genres] = genreIDs
        container[Columns.bpm] = track.bpm.map(StoredNumber.init)
        container[Columns.key] = track.key.map(ExactText.init)
        container[Columns.energy] = track.energy.map(StoredNumber.init)
        container[Columns.popularity] = track.popularity
        container[Columns.explicit] = track.explicit
        container[Columns.duration] = track.duration
        container[Columns.audio] = track.audio.map(ExactText.init)
        container[Columns.language] = track.language.map(ExactText.init)
        container[Columns.artistAlias] = track.artistAlias.map(ExactText.init)
        container[Columns.titleAlias] = track.titleAlias.map(ExactText.init)
        container[Columns.embedding] = track.embedding.map { PackedWords.data($0.map(\.bitPattern)) }
        container[Columns.loudness] = track.loudness.map(StoredNumber.init)
        container[Columns.introLength] = track.introLength.map(StoredNumber.init)
    }
}

/// A row that breaks the schema's rules (a value of the wrong form).
struct RecordError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
