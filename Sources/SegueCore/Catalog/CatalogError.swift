/// A catalog, listener or other input file that cannot be used, with the file and what to do.
public struct CatalogError: SegueError, Equatable {
    /// What went wrong.
    public enum Code: String, Sendable {
        case fileNotFound, unreadable, malformedJSON, invalidValue, unknownListener, emptyCatalog
        /// A file of the right kind (a SQLite database) that is not a catalog.
        case notACatalog
        /// A catalog written by a newer Segue, in a schema this build does not read.
        case unsupportedVersion
        /// A catalog file that is truncated or corrupt, or whose contents break its format's rules.
        case damaged
        /// The catalog could not be written; a file already at the path is unchanged.
        case writeFailed
    }

    public var code: Code
    /// The file the problem is in.
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
