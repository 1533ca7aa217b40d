import Foundation

/// How a studio is set up: where it keeps its data, how it hashes passwords, its limits.
public struct StudioConfiguration: Sendable {
    /// `studio.db` and `sessions/` live here.
    public var dataFolder: URL
    public var hasher: PasswordHasher
    /// Jobs that may wait behind the running one.
    public var queueCapacity: Int
    /// Adds `Secure` to the session cookie: set it when the studio is served over TLS (behind a proxy).
    public var secureCookies: Bool
    /// Seconds a browser session lasts.
    public var sessionLifetime: TimeInterval
    /// Failed sign-ins allowed per name and per client in 15 minutes.
    public var signInLimit: Int
    /// The commentary templates editors work on (`prompts/`); nil: `prompts` in `dataFolder`.
    public var templatesFolder: URL?

    public init(
        dataFolder: URL, hasher: PasswordHasher = PasswordHasher(), queueCapacity: Int = 8,
        secureCookies: Bool = false, sessionLifetime: TimeInterval = 12 * 3600, signInLimit: Int = 5,
        templatesFolder: URL? = nil
    ) {
        self.templatesFolder = templatesFolder
        self.dataFolder = dataFolder
        self.hasher = hasher
        self.queueCapacity = queueCapacity
        self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime
        self.signInLimit = signInLimit
    }

    /// Where the studio keeps its data when no `--data` is given: `$XDG_DATA_HOME/segue/studio`, else
    /// `~/.local/share/segue/studio`.
    public static func defaultDataFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return URL(fileURLWithPath: data).appendingPathComponent("segue/studio")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/segue/studio")
    }

    /// The store's file.
    public var databaseURL: URL { dataFolder.appendingPathComponent("studio.db") }
    /// The finished sessions' folders.
    public var sessionsFolder: URL { dataFolder.appendingPathComponent("sessions", isDirectory: true) }
}
