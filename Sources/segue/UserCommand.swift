import ArgumentParser
import Foundation
import SegueServer

/// `segue user`: the studio's accounts.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage Segue Studio accounts.", subcommands: [UserAddCommand.self])
}

extension Role: ExpressibleByArgument {}

/// `segue user add NAME --role ROLE`: the password comes from standard input or a file, never the command line.
struct UserAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create a studio account; the password is read from standard input (or --password-file).")

    @Argument(help: "The sign-in name.")
    var name: String

    @Option(help: "listener, editor, reviewer or admin.")
    var role: Role

    @Option(help: "For --role listener: the listener id whose sessions the account makes and sees.")
    var listener: String?

    @Option(help: "A file whose first line is the password (instead of standard input).")
    var passwordFile: String?

    @Flag(help: "Also print a new API token for scripts (shown once; kept only as a hash).")
    var token = false

    @OptionGroup var data: StudioDataOption

    func run() async throws {
        try await reportingErrors {
            let password = try readPassword()
            let store = try StudioStore(url: StudioConfiguration(dataFolder: data.folder).databaseURL)
            try store.addAccount(
                Account(name: name, role: role, listener: listener), password: password, hasher: PasswordHasher())
            print("Added \(role.rawValue) '\(name)'.")
            if token {
                print("API token (shown once): \(try store.issueToken(for: name))")
            }
        }
    }

    func readPassword() throws -> String {
        if let passwordFile {
            let text = try String(contentsOfFile: passwordFile, encoding: .utf8)
            return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        }
        let typed = isatty(STDIN_FILENO) == 1
        if typed { FileHandle.standardError.write(Data("Password for \(name): ".utf8)) }
        // Typed at a terminal, the password is not echoed.
        var saved = termios()
        let hidden = typed && tcgetattr(STDIN_FILENO, &saved) == 0
        if hidden {
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer {
            if hidden {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                FileHandle.standardError.write(Data("\n".utf8))
            }
        }
        guard let line = readLine(strippingNewline: true) else {
            throw ValidationError("give the password on standard input, or --password-file FILE")
        }
        return line
    }
}
