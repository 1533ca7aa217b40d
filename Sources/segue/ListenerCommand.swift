import ArgumentParser
import Foundation
import SegueCore
import SegueFiles
import SegueSession
import SegueStore

/// The database a library or listener command works on.
struct DatabaseOption: ParsableArguments {
    @Option(help: "The Segue database (default: $XDG_DATA_HOME/segue/segue.db or ~/.local/share/segue/segue.db).")
    var db: String?

    var url: URL { db.map { URL(fileURLWithPath: $0) } ?? LibraryStore.defaultURL() }

    /// The store, made when `create` is set and there is none yet.
    func store(create: Bool = false) throws -> LibraryStore { try LibraryStore(url: url, create: create) }
}

struct ListenerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listener", abstract: "Listeners in the Segue database: add one from a file, list them.",
        subcommands: [Import.self, Add.self, List.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a listener's streaming history (Spotify, ListenBrainz, CSV) against the library.",
            discussion: """
                Plays are matched to the database's tracks by artist and title (case, accents, punctuation, \
                "feat." parts, "- Remastered" and "(Live)" suffixes, "The" prefixes), album breaking ties. \
                A play counts at 30 s or more; a skip when Spotify says skipped, or under 30 s ended by the \
                forward button. Unmatched plays are kept and listed; importing a file again adds nothing.
                """)
        @Option(help: "The listener's id (made when new).") var id: String
        @Option(help: "The listener's name, for a new listener.") var name: String?
        @Option(help: "Spotify extended streaming history (Streaming_History_Audio_*.json); repeatable.")
        var spotify: [String] = []
        @Option(help: "A ListenBrainz JSON export; repeatable.") var listenbrainz: [String] = []
        @Option(help: "A CSV of timestamp, artist, title; repeatable.") var csv: [String] = []
        @Option(help: "Liked tracks, one 'artist - title' per line.") var likes: String?
        @OptionGroup var database: DatabaseOption

        func validate() throws {
            guard !(spotify.isEmpty && listenbrainz.isEmpty && csv.isEmpty && likes == nil) else {
                throw ValidationError("give at least one of --spotify, --listenbrainz, --csv, --likes")
            }
        }

        func run() async throws {
            try await reportingErrors {
                let clock = ContinuousClock.now
                let files = { (paths: [String]) in paths.map { URL(fileURLWithPath: $0) } }
                let summary = try ListeningHistoryImporter(store: try database.store()).importHistory(
                    .init(
                        spotify: files(spotify), listenBrainz: files(listenbrainz), csv: files(csv),
                        likes: likes.map { URL(fileURLWithPath: $0) }),
                    listener: id, name: name)
                print("\(database.url.path): listener \(id)")
                print(summary)
                print(String(format: "took %.2f s", LibraryImporter.seconds(since: clock)))
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a listener file (or replace the listener with its id) in the database.")
        @Argument(help: "The listener file (JSON, as samples/listeners/*.json).") var file: String
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            try await reportingErrors {
                let listener = try loadListener(file)
                try database.store(create: true).saveListener(listener)
                print("\(database.url.path): listener \(listener.id) with \(listener.history.count) history entries")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The listeners in the database, by id.")
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            try await reportingErrors {
                for id in try database.store().listenerIDs() { print(id) }
            }
        }
    }
}
