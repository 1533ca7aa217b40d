import SegueCore

/// A listening history or likes file that cannot be read at all, with the file and where in it.
///
/// Printed as `Streaming_History_Audio_2023.json: line 3, column 14: [2]: not valid JSON: expected ',' or '}' after
/// an object member`. A single bad entry is not an error: it is skipped and counted (`HistoryRejection`); a file
/// none of whose entries can be read is one.
public struct HistoryFileError: SegueError, Equatable {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// Not valid JSON or CSV: the position is where it stops being so.
        case malformed
        /// Valid, but not a file of the expected kind (an object where a Spotify history has an array).
        case unexpectedShape
        /// Entries were there but none could be read; the position and message are the first one's.
        case noReadableEntries
    }

    public var code: Code
    /// The file.
    public var path: String
    /// The 1-based line, when a position is known.
    public var line: Int?
    /// The 1-based column in characters, when a position is known.
    public var column: Int?
    /// The 0-based index of the entry, in a JSON file.
    public var entry: Int?
    /// The field at fault, e.g. `ts`.
    public var field: String?
    /// What is wrong, for a person.
    public var message: String

    /// Creates an error.
    public init(
        _ code: Code, path: String, line: Int? = nil, column: Int? = nil, entry: Int? = nil, field: String? = nil,
        message: String
    ) {
        self.code = code
        self.path = path
        self.line = line
        self.column = column
        self.entry = entry
        self.field = field
        self.message = message
    }

    /// `path: line L, column C: [entry].field: message`.
    public var description: String {
        var text = path
        if let line { text += ": line \(line)" + (column.map { ", column \($0)" } ?? "") }
        var subject = entry.map { "[\($0)]" } ?? ""
        if let field { subject += subject.isEmpty ? field : ".\(field)" }
        if !subject.isEmpty { text += ": \(subject)" }
        return "\(text): \(message)"
    }
}
