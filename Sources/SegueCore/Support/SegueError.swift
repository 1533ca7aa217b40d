/// An error whose description is a message for a person: it names the file or input and what is wrong.
///
/// Every domain error Segue throws conforms (`CatalogError`, `FileError`, `SpeechError`, `TemplateError`,
/// `SessionError`, ...); the command line prints the description and exits non-zero, and nothing else reaches the user.
public protocol SegueError: Error, Sendable, CustomStringConvertible {}

/// A file or folder that cannot be read or written.
public struct FileError: SegueError, Equatable {
    /// What went wrong.
    public enum Code: String, Sendable {
        case notFound, unreadable, notAFolder, notARegularFile, writeFailed
    }

    public var code: Code
    /// The file or folder.
    public var path: String
    /// What is wrong, for a person.
    public var message: String
    /// The system's reason (`strerror`), when there is one.
    public var cause: String?

    public init(_ code: Code, path: String, message: String, cause: String? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.cause = cause
    }

    public var description: String { "\(path): \(message)" + (cause.map { " (\($0))" } ?? "") }
}
