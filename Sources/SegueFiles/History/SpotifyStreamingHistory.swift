import Foundation
import SegueCore

/// Spotify's streaming history, from the privacy export: the plays as `PlayEvent`s.
///
/// Two formats are read, entry by entry, so a file may even mix them:
/// - the extended streaming history (`Streaming_History_Audio_*.json`): an array of objects with `ts`
///   (`2023-01-05T14:03:12Z`, when the stream ended), `ms_played`, `master_metadata_track_name`,
///   `master_metadata_album_artist_name`, `master_metadata_album_album_name`, `reason_end` and `skipped`; every
///   other member (`platform`, `ip_addr`, `shuffle`, the episode and audiobook fields, ...) is skipped unread;
/// - the account data (`StreamingHistory*.json`): objects with `endTime` (`2023-01-05 14:03`, UTC), `artistName`,
///   `trackName` and `msPlayed`.
///
/// An entry with no track or artist (a podcast episode, an audiobook chapter, a track Spotify no longer knows, or
/// the account data's `Unknown Artist`/`Unknown Track`) is not music: ignored and counted. An entry that cannot be
/// read (no time, a field of the wrong type, a name over 2 kB, invalid UTF-8) is skipped and counted with its
/// position; a file whose entries all are, or that is not valid JSON, is an error naming the position.
public enum SpotifyStreamingHistory {
    /// The plays in `data`, the contents of the file at `path` (named in every message).
    /// - Throws: `HistoryFileError`.
    public static func read(_ data: Data, path: String) throws -> PlayEventBatch {
        try PlayEventBatch.reading(data, path: path, kind: "a Spotify streaming history", allowsLines: false) {
            scanner in
            try entry(scanner.object(schema))
        }
    }

    /// The plays in the file at `url`.
    /// - Throws: `FileError` when it cannot be read, `HistoryFileError` when it is not a Spotify history.
    public static func read(contentsOf url: URL) throws -> PlayEventBatch {
        try read(InputFile.read(url), path: url.path)
    }

    private enum Field: Int, CaseIterable {
        case ts, msPlayed, track, artist, album, reasonEnd, skipped
        case endTime, artistName, trackName, accountMsPlayed

        var name: String {
            switch self {
            case .ts: return "ts"
            case .msPlayed: return "ms_played"
            case .track: return "master_metadata_track_name"
            case .artist: return "master_metadata_album_artist_name"
            case .album: return "master_metadata_album_album_name"
            case .reasonEnd: return "reason_end"
            case .skipped: return "skipped"
            case .endTime: return "endTime"
            case .artistName: return "artistName"
            case .trackName: return "trackName"
            case .accountMsPlayed: return "msPlayed"
            }
        }
    }

    private static let schema = HistorySchema(Field.allCases.map(\.name))

    private static func entry(_ fields: [HistoryField?]) throws -> HistoryEntryOutcome<PlayEvent> {
        func field(_ field: Field) -> HistoryField? { fields[field.rawValue] }
        let time: Int64
        if let ts = try HistoryFields.text(field(.ts), "ts") {
            guard let seconds = HistoryTime.seconds(iso8601: ts) else {
                throw EntryProblem(field: "ts", reason: "not an ISO 8601 time such as 2023-01-05T14:03:12Z")
            }
            time = seconds
        } else if let endTime = try HistoryFields.text(field(.endTime), "endTime") {
            guard let seconds = HistoryTime.seconds(iso8601: endTime) else {
                throw EntryProblem(field: "endTime", reason: "not a time such as 2023-01-05 14:03")
            }
            time = seconds
        } else {
            throw EntryProblem(field: "ts", reason: "missing: every play has a time")
        }
        let extendedTrack = try HistoryFields.text(field(.track), Field.track.name)
        let extendedArtist = try HistoryFields.text(field(.artist), Field.artist.name)
        let accountTrack = try HistoryFields.text(field(.trackName), Field.trackName.name)
        let accountArtist = try HistoryFields.text(field(.artistName), Field.artistName.name)
        let album = try HistoryFields.text(field(.album), Field.album.name)
        let reasonEnd = try HistoryFields.text(field(.reasonEnd), Field.reasonEnd.name)
        let skipped = try HistoryFields.bool(field(.skipped), Field.skipped.name)
        let ms =
            try HistoryFields.integer(field(.msPlayed), Field.msPlayed.name)
            ?? HistoryFields.integer(field(.accountMsPlayed), Field.accountMsPlayed.name)
        if let ms, ms < 0 || ms > Int64(Int32.max) {
            throw EntryProblem(field: Field.msPlayed.name, reason: "\(ms) is not a duration in milliseconds")
        }
        guard let title = extendedTrack ?? accountTrack, let artist = extendedArtist ?? accountArtist,
            !(extendedTrack == nil && artist == "Unknown Artist" && title == "Unknown Track")
        else { return .ignored }
        return .item(
            PlayEvent(
                source: .spotify, time: time, artist: artist, title: title, album: album, msPlayed: ms.map { Int($0) },
                skipped: skipped, reasonEnd: reasonEnd))
    }
}
