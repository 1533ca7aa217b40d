import Foundation
import SegueCore

/// A ListenBrainz export: the listens as `PlayEvent`s.
///
/// Read as a JSON array of listens (the export the site gave until 2024) or as one listen per line (the
/// `listens/*.jsonl` files of the export archive it gives since). A listen is an object with `listened_at` (seconds
/// since 1970, as a number or a string; an ISO 8601 time is read too) and `track_metadata` with `artist_name`,
/// `track_name` and `release_name`; every other member (`inserted_at`, `recording_msid`, `additional_info`, ...) is
/// skipped. ListenBrainz records a listen only for a play a player counted (half the track or four minutes), and
/// says nothing of skips or how long it played: `msPlayed` and `skipped` are nil, and every listen counts as a play.
/// `additional_info.duration_ms` is the track's length, not the time played, so it is not read.
///
/// A listen that cannot be read (no time, no artist or track name, a field of the wrong type) is skipped and
/// counted with its position; a file whose listens all are, or that is not valid JSON, is an error naming the
/// position. The API's `{"payload": {"listens": [...]}}` responses are not read: export the listens instead.
public enum ListenBrainzHistory {
    /// The listens in `data`, the contents of the file at `path` (named in every message).
    /// - Throws: `HistoryFileError`.
    public static func read(_ data: Data, path: String) throws -> PlayEventBatch {
        try PlayEventBatch.reading(data, path: path, kind: "a ListenBrainz export", allowsLines: true) { scanner in
            try entry(scanner.object(schema))
        }
    }

    /// The listens in the file at `url`.
    /// - Throws: `FileError` when it cannot be read, `HistoryFileError` when it is not a ListenBrainz export.
    public static func read(contentsOf url: URL) throws -> PlayEventBatch {
        try read(InputFile.read(url), path: url.path)
    }

    private static let schema = HistorySchema(
        ["listened_at", "track_metadata"],
        nested: ["track_metadata": HistorySchema(["artist_name", "track_name", "release_name"])])

    private static func entry(_ fields: [HistoryField?]) throws -> HistoryEntryOutcome<PlayEvent> {
        let time: Int64
        switch fields[0] {
        case .value(.number(let text))?:
            guard let seconds = HistoryTime.seconds(unix: text) else {
                throw EntryProblem(field: "listened_at", reason: "\(text) is not a time in seconds since 1970")
            }
            time = seconds
        case .value(.string(let text?))?:
            guard let seconds = HistoryTime.seconds(unix: text) ?? HistoryTime.seconds(iso8601: text) else {
                throw EntryProblem(field: "listened_at", reason: "not a time in seconds since 1970 or ISO 8601")
            }
            time = seconds
        case nil, .value(.null)?:
            throw EntryProblem(field: "listened_at", reason: "missing: every listen has a time")
        case .value(let value)?:
            throw EntryProblem(field: "listened_at", reason: "expected a number, found \(value.kind)")
        case .object?:
            throw EntryProblem(field: "listened_at", reason: "expected a number, found an object")
        }
        guard case .object(let metadata)? = fields[1] else {
            let found: String
            switch fields[1] {
            case nil, .value(.null)?: found = "missing"
            case .value(let value)?: found = "expected an object, found \(value.kind)"
            case .object?: found = "expected an object"
            }
            throw EntryProblem(field: "track_metadata", reason: found)
        }
        guard let artist = try HistoryFields.text(metadata[0], "track_metadata.artist_name") else {
            throw EntryProblem(field: "track_metadata.artist_name", reason: "missing or empty")
        }
        guard let title = try HistoryFields.text(metadata[1], "track_metadata.track_name") else {
            throw EntryProblem(field: "track_metadata.track_name", reason: "missing or empty")
        }
        let album = try HistoryFields.text(metadata[2], "track_metadata.release_name")
        return .item(PlayEvent(source: .listenbrainz, time: time, artist: artist, title: title, album: album))
    }
}
