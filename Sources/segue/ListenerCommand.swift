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
        subcommands: [Add.self, List.self])

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
