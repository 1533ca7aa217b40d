import Foundation
import GRDB

/// A row of `file`: an audio file of the library, what it was when last read, and its track.
struct FileRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "file"
    enum Status: String, Codable { case present, missing }
    enum Columns {
        static let id = Column(CodingKeys.id)
        static let path = Column(CodingKeys.path)
        static let status = Column(CodingKeys.status)
        static let fingerprint = Column(CodingKeys.fingerprint)
        static let trackPosition = Column(CodingKeys.trackPosition)
    }
    var id: Int64?
    var path: String
    var size: Int64
    var mtime: Double
    var fingerprint: Data?
    var status: Status
    var trackPosition: Int?

    enum CodingKeys: String, CodingKey {
        case id, path, size, mtime, fingerprint, status
        case trackPosition = "track_position"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `analysis`: what was measured in a file, once.
struct AnalysisRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "analysis"
    enum Columns {
        static let fileID = Column(CodingKeys.fileID)
    }
    var fileID: Int64
    var duration: Double
    var loudness: Double?
    var loudnessRange: Double?
    var truePeak: Double?
    var bpm: Double?
    var key: String?
    var keyConfidence: Double?
    var energy: Double?
    var leadingSilence: Double?
    var trailingSilence: Double?
    var intro: Double?
    var analysedAt: String

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
        case duration = "duration_s"
        case loudness = "loudness_lufs"
        case loudnessRange = "loudness_range_lu"
        case truePeak = "true_peak_dbtp"
        case bpm, key
        case keyConfidence = "key_confidence"
        case energy
        case leadingSilence = "leading_silence_s"
        case trailingSilence = "trailing_silence_s"
        case intro = "intro_s"
        case analysedAt = "analysed_at"
    }
}
