import Foundation
import GRDB
import GRDBSQLite

/// A catalog measurement that may be unknown: stored as a real, or as the text `NaN`, since SQLite stores a bound
/// NaN as NULL (which means "missing", not "unknown").
struct StoredNumber: DatabaseValueConvertible, StatementColumnConvertible, Sendable {
    var value: Double

    init(_ value: Double) { self.value = value }

    init?(sqliteStatement: SQLiteStatement, index: CInt) {
        switch sqlite3_column_type(sqliteStatement, index) {
        case SQLITE_INTEGER, SQLITE_FLOAT: value = sqlite3_column_double(sqliteStatement, index)
        case SQLITE_TEXT: value = .nan
        default: return nil
        }
    }

    var databaseValue: DatabaseValue { value.isNaN ? "NaN".databaseValue : value.databaseValue }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> StoredNumber? {
        switch dbValue.storage {
        case .double(let value): return StoredNumber(value)
        case .int64(let value): return StoredNumber(Double(value))
        case .string("NaN"): return StoredNumber(.nan)
        default: return nil
        }
    }
}

/// Values packed into a blob as little-endian 32-bit words: genre ids, embedding floats.
enum PackedWords {
    static func data(_ words: [UInt32]) -> Data {
        var data = Data(count: words.count * 4)
        data.withUnsafeMutableBytes { raw in
            for (index, word) in words.enumerated() {
                raw.storeBytes(of: word.littleEndian, toByteOffset: 4 * index, as: UInt32.self)
            }
        }
        return data
    }

    /// The words of a blob; nil when its length is not a whole number of words.
    static func words(_ data: Data) -> [UInt32]? {
        guard data.count % 4 == 0 else { return nil }
        return data.withUnsafeBytes { raw in
            (0..<data.count / 4).map {
                UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))
            }
        }
    }
}
