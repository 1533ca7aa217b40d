import Foundation
import GRDB
import GRDBSQLite

/// Text stored and read with its byte length, so every character comes back, NUL included.
///
/// GRDB passes a `String` to SQLite and reads one back as a C string, which ends at the first NUL, and a catalog
/// string may hold any character. So text without NUL is stored as SQLite text, and text with a NUL as a blob of
/// its UTF-8 bytes (binding always goes through `databaseValue`); reading takes either, through
/// `sqlite3_column_text`/`sqlite3_column_blob` and `sqlite3_column_bytes` together. Equal strings always get the
/// same storage, so `UNIQUE` and `=` on such columns hold.
struct ExactText: DatabaseValueConvertible, StatementColumnConvertible, Codable, Hashable, Sendable {
    var string: String

    init(_ string: String) { self.string = string }

    init?(sqliteStatement: SQLiteStatement, index: CInt) {
        switch sqlite3_column_type(sqliteStatement, index) {
        case SQLITE_TEXT:
            // Text first, then its length: sqlite3_column_bytes after sqlite3_column_text counts the UTF-8 bytes.
            let bytes = sqlite3_column_text(sqliteStatement, index)
            let count = Int(sqlite3_column_bytes(sqliteStatement, index))
            string = String(decoding: UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count), as: UTF8.self)
        case SQLITE_BLOB:
            let bytes = sqlite3_column_blob(sqliteStatement, index)?.assumingMemoryBound(to: UInt8.self)
            let count = Int(sqlite3_column_bytes(sqliteStatement, index))
            string = String(decoding: UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count), as: UTF8.self)
        default:
            return nil
        }
    }

    var databaseValue: DatabaseValue {
        string.utf8.contains(0) ? Data(string.utf8).databaseValue : string.databaseValue
    }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> ExactText? {
        switch dbValue.storage {
        case .string(let string): return ExactText(string)
        case .blob(let data): return ExactText(String(decoding: data, as: UTF8.self))
        default: return nil
        }
    }
}
