import Foundation
import SegueCore
import SegueFiles
import SegueStore

/// Imports a listener's streaming history into a `LibraryStore`: reads the export files, matches each play to a
/// catalog track, keeps every event (matched or not, once each) and adds the counted plays, skips, likes and last
/// played dates to the listener's history.
public struct ListeningHistoryImporter: Sendable {
    /// The history files of one import.
    public struct Sources: Sendable {
        public var spotify: [URL] = []
        public var listenBrainz: [URL] = []
        public var csv: [URL] = []
        public var likes: URL?
        public init(spotify: [URL] = [], listenBrainz: [URL] = [], csv: [URL] = [], likes: URL? = nil) {
            self.spotify = spotify
            self.listenBrainz = listenBrainz
            self.csv = csv
            self.likes = likes
        }
    }

    public var store: LibraryStore

    public init(store: LibraryStore) { self.store = store }

    /// Imports the files for listener `id` (made when new) against the store's catalog.
    /// - Returns: what was read, matched, counted, and left unmatched.
    /// - Throws: `HistoryFileError` naming the file and position for a file that cannot be read at all;
    ///   `CatalogError` when the store cannot be read or written.
    public func importHistory(
        _ sources: Sources, listener id: String, name: String? = nil
    ) throws
        -> HistoryImportSummary
    {
        let catalog = try store.catalog()
        // Plays matched before are not counted again; plays kept unmatched are tried again (the library may have
        // grown), and are counted if they match now.
        let known = Set(try store.plays(of: id).filter { $0.trackID != nil }.map(\.eventKey))
        var builder = ListeningHistoryBuilder(matcher: TrackMatcher(tracks: catalog.tracks), alreadyImported: known)
        for url in sources.spotify { builder.add(try SpotifyStreamingHistory.read(contentsOf: url)) }
        for url in sources.listenBrainz { builder.add(try ListenBrainzHistory.read(contentsOf: url)) }
        for url in sources.csv { builder.add(try CSVHistory.read(contentsOf: url)) }
        if let likes = sources.likes { builder.add(try LikesFile.read(contentsOf: likes)) }
        let imported = builder.build()
        _ = try store.addPlays(
            imported.plays.map { play in
                StoredPlay(
                    eventKey: play.eventKey, playedAt: play.event.timestamp, artist: play.event.artist,
                    title: play.event.title, album: play.event.album, msPlayed: play.event.msPlayed,
                    skipped: play.event.skipped, reasonEnd: play.event.reasonEnd, source: play.event.source.rawValue,
                    trackID: play.trackID)
            }, listener: id, name: name)
        let existing = try store.listener(id: id).history
        try store.replaceHistory(of: id, with: imported.merged(into: existing))
        return imported.summary
    }
}
