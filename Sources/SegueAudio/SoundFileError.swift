import SegueCore

/// An audio file that cannot be read or written, naming the file and the problem.
public struct SoundFileError: SegueError, Equatable {
    public enum Code: String, Sendable {
        case notFound, unreadable, unsupportedFormat, writeFailed, resampleFailed, loudnessFailed
    }

    public var code: Code
    public var path: String
    public var message: String

    public init(_ code: Code, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
