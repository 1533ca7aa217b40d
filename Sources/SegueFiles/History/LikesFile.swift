import Foundation
import SegueCore

/// A list of liked tracks, by artist and title.
///
/// Two forms are read:
/// - text, one like per line: `Artist - Title` (split at the first ` - ` or ` – `, so a title may hold a dash:
///   `Nova Reyes - Night Drive - 2011 Remaster`), or `Artist<TAB>Title[<TAB>Album]`. Blank lines and lines that
///   start with `#` are skipped;
/// - JSON: Spotify's `YourLibrary.json` (an object whose `tracks` array holds `{"artist", "track", "album"}`), or an
///   array of such objects (`title` is read as well as `track`).
///
/// A line or entry that cannot be read (no separator, an empty artist or title, invalid UTF-8, a name over 2 kB) is
/// skipped and counted with its position; a file none of whose likes can be read is an error naming the first.
public enum LikesFile {
    /// The likes in `data`, the contents of the file at `path` (named in every message).
    /// - Throws: `HistoryFileError`.
    public static func read(_ data: Data, path: String) throws -> LikedTrackList {
        var start = data.startIndex
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        let first = data[start...].first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return try readJSON(data, path: path) }
        return try readText(data, path: path)
    }

    /// The likes in the file at `url`.
    /// - Throws: `FileError` when it cannot be read, `HistoryFileError` when it is not a likes file.
    public static func read(contentsOf url: URL) throws -> LikedTrackList {
        try read(InputFile.read(url), path: url.path)
    }

    private static let schema = HistorySchema(["artist", "track", "title", "album"])

    private static func readJSON(_ data: Data, path: String) throws -> LikedTrackList {
        let entries = try data.withUnsafeBytes { bytes in
            var reader = HistoryEntryReader<LikedTrack>(path: path, bytes: bytes)
            return try reader.read(kind: "a likes file", arrayMember: "tracks") {
                scanner -> HistoryEntryOutcome<LikedTrack> in
                let fields = try scanner.object(schema)
                guard let artist = try HistoryFields.text(fields[0], "artist") else {
                    throw EntryProblem(field: "artist", reason: "missing or empty")
                }
                guard let title = try HistoryFields.text(fields[1], "track") ?? HistoryFields.text(fields[2], "title")
                else { throw EntryProblem(field: "track", reason: "missing or empty") }
                return .item(
                    LikedTrack(artist: artist, title: title, album: try HistoryFields.text(fields[3], "album")))
            }
        }
        return LikedTrackList(
            path: path, tracks: entries.items, rejectedCount: entries.rejectedCount, rejections: entries.rejections)
    }

    private static func readText(_ data: Data, path: String) throws -> LikedTrackList {
        var tracks: [LikedTrack] = []
        var rejectedCount = 0
        var rejections: [HistoryRejection] = []
        var lineNumber = 0
        for rawLine in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            var bytes = rawLine
            if lineNumber == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
            if bytes.last == 0x0D { bytes = bytes.dropLast() }
            do throws(EntryProblem) {
                guard let line = String(validating: bytes, as: UTF8.self) else {
                    throw EntryProblem(reason: "not valid UTF-8")
                }
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                tracks.append(try like(in: line))
            } catch {
                rejectedCount += 1
                if rejections.count < PlayEventBatch.keptRejections {
                    rejections.append(
                        HistoryRejection(path: path, line: lineNumber, field: error.field, reason: error.reason))
                }
            }
        }
        if tracks.isEmpty, let first = rejections.first {
            throw HistoryFileError(
                .noReadableEntries, path: path, line: first.line, field: first.field,
                message: "\(first.reason); no line of \(rejectedCount) could be read (expected Artist - Title)")
        }
        return LikedTrackList(path: path, tracks: tracks, rejectedCount: rejectedCount, rejections: rejections)
    }

    /// `Artist - Title` or `Artist<TAB>Title[<TAB>Album]`.
    private static func like(in line: String) throws(EntryProblem) -> LikedTrack {
        let parts: [Substring]
        if line.contains("\t") {
            parts = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
        } else if let dash = line.firstRange(of: " - ") ?? line.firstRange(of: " – ") {
            parts = [line[..<dash.lowerBound], line[dash.upperBound...]]
        } else {
            throw EntryProblem(reason: "expected 'Artist - Title'")
        }
        guard parts.count >= 2, let artist = try HistoryFields.clean(String(parts[0]), "artist") else {
            throw EntryProblem(field: "artist", reason: "empty")
        }
        guard let title = try HistoryFields.clean(String(parts[1]), "title") else {
            throw EntryProblem(field: "title", reason: "empty")
        }
        let album = parts.count > 2 ? try HistoryFields.clean(String(parts[2]), "album") : nil
        return LikedTrack(artist: artist, title: title, album: album)
    }
}
