import SegueCore

/// A music file that cannot be read, tagged or analysed, naming the file and the reason.
public struct LibraryError: SegueError, Equatable {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// No file at the path.
        case notFound
        /// A folder, FIFO, device or socket: never opened, so it cannot block or stream forever.
        case notARegularFile
        /// The file exists but cannot be opened (permissions, I/O error).
        case unreadable
        /// A file of zero bytes.
        case emptyFile
        /// Not a format this library reads (by its name or its content).
        case notAudio
        /// Audio that fails part way through decoding, or holds no audio frames.
        case corrupt
        /// Audio that ends well before its header says it does.
        case truncated
        /// Audio in a container whose codec there is no decoder for (AAC in M4A).
        case undecodable
        /// No sound above the loudness gate (−70 LUFS): nothing to analyse.
        case silent
        /// TagLib cannot read the file's tags.
        case tagsUnreadable
        /// TagLib cannot write the file's tags.
        case tagsNotWritten
        /// An analyser (libebur128, libsoxr, aubio, Chromaprint) failed.
        case analysisFailed
    }

    public var code: Code
    /// The file.
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
