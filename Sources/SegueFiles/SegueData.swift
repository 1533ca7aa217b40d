import Foundation
import SegueCore

/// Where Segue's shipped data lives: the default templates (`prompts/`), the voice profiles (`voices/`) and the
/// safety policy (`policy/`), so the binary works from any working directory once installed.
///
/// Looked for, in order: `$SEGUE_DATA_DIR`; `share/segue` beside the binary's folder (`make install` puts it at
/// `PREFIX/share/segue`); the checkout a binary was built in (`.build/release/segue`); the working directory.
public struct SegueData: Sendable, Equatable {
    /// The folder holding `prompts/` and `voices/`.
    public var root: URL

    public init(root: URL) { self.root = root }

    /// The data folder this process uses.
    public static let installed = SegueData(root: locateRoot())

    public var prompts: URL { root.appendingPathComponent("prompts", isDirectory: true) }
    public var voices: URL { root.appendingPathComponent("voices", isDirectory: true) }

    /// The safety policy folder: `policy/` in the data folder when installed, `Sources/SegueFiles/policy/` in a
    /// checkout; nil when neither holds a `policy.json`.
    public var policy: URL? {
        ["policy", "Sources/SegueFiles/policy"].map { root.appendingPathComponent($0, isDirectory: true) }
            .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("policy.json").path) }
    }

    static func locateRoot() -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["SEGUE_DATA_DIR"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let shared = executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/segue", isDirectory: true)
        if FileManager.default.fileExists(atPath: shared.appendingPathComponent("voices").path) { return shared }
        // A binary built in a checkout (.build/release/segue) finds the checkout's data from anywhere.
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("voices").path),
                FileManager.default.fileExists(atPath: folder.appendingPathComponent("prompts").path)
            {
                return folder
            }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
    }
}
