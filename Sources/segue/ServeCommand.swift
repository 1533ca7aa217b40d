import ArgumentParser
import Foundation
import SegueFiles
import SegueServer
import SegueStore

/// `segue serve`: Segue Studio on Hummingbird, over the engine this command loads once.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run Segue Studio, the web app: make, hear and review sessions.")

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(help: "The address to listen on (0.0.0.0 for every interface).")
    var hostname = "127.0.0.1"

    @OptionGroup var data: StudioDataOption

    @Option(help: "A Segue database (from `segue library import`): its catalog, and its listeners.")
    var db: String?

    @Option(help: "The catalog file (default: the --db database's, else the sample catalog).")
    var catalog: String?

    @Option(help: "A folder of listener files, used without --db (default: the sample listeners).")
    var listeners: String?

    @Option(help: "Session jobs that may wait behind the running one.")
    var queue = 8

    @Flag(help: "Mark the session cookie Secure: give it when the studio is served over HTTPS (behind a proxy).")
    var secureCookies = false

    @OptionGroup var engineOptions: EngineOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        guard (1...64).contains(queue) else { throw ValidationError("--queue must be between 1 and 64") }
    }

    func run() async throws {
        try await reportingErrors {
            let samples = SegueData.installed.root.appendingPathComponent("samples")
            let engine = try await engineOptions.engine(
                catalog: catalog ?? db ?? samples.appendingPathComponent("catalog.json").path)
            let directory =
                try db.map { ListenerDirectory.store(try LibraryStore(url: URL(fileURLWithPath: $0))) }
                ?? ListenerDirectory.folder(
                    listeners.map { URL(fileURLWithPath: $0) } ?? samples.appendingPathComponent("listeners"))
            let studio = try Studio(
                configuration: StudioConfiguration(
                    dataFolder: data.folder, queueCapacity: queue, secureCookies: secureCookies,
                    templatesFolder: URL(fileURLWithPath: engineOptions.prompts)),
                engine: engine, listeners: directory)
            if try !studio.hasAdmin() {
                print(
                    """
                    No admin account yet. Make one (the password is read from standard input):
                      segue user add NAME --role admin\(data.flag)
                    """)
            }
            print("Segue Studio on http://\(hostname):\(port)/ (data in \(data.folder.path))")
            try await buildApplication(studio, hostname: hostname, port: port).runService()
        }
    }
}

/// `--data DIR`: where the studio keeps its accounts and sessions.
struct StudioDataOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The studio's data folder: its database (accounts, sessions) and the rendered sessions.",
            discussion: "Default: $XDG_DATA_HOME/segue/studio, else ~/.local/share/segue/studio.",
            valueName: "dir"))
    var data: String?

    var folder: URL { data.map { URL(fileURLWithPath: $0) } ?? StudioConfiguration.defaultDataFolder() }

    /// The flag to repeat in a message, empty for the default folder.
    var flag: String { data.map { " --data \($0)" } ?? "" }
}
