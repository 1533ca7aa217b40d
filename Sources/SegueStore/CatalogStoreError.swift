/// A SQLite catalog file that cannot be read or written, with the file and what to do.
public struct CatalogStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// No file at the path.
        case fileNotFound
        /// Not a SQLite database, or one SQLite reports as damaged (`SQLITE_NOTADB`, `SQLITE_CORRUPT`).
        case notADatabase
        /// A SQLite database, but not a Segue catalog (no catalog tables, another application's file).
        case notACatalog
        /// A Segue catalog with a schema this build does not read (written by a newer Segue).
        case unsupportedVersion
        /// A catalog whose contents break the schema's rules (a truncated blob, a missing title, a wrong count).
        case invalidContents
        /// The file could not be written; any file already at the path is unchanged.
        case writeFailed
        /// Any other SQLite failure.
        case sqlite
    }

    public var code: Code
    /// The catalog file.
    public var path: String
    /// What is wrong, for a person.
    public var message: String

    public init(_ code: Code, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
