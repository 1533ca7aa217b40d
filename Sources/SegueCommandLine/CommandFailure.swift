import ArgumentParser
import Foundation
import SegueCore
import SegueFiles

/// How the command-line tools end on an error, in one place: a `SegueError` prints its message (it names the file
/// and the problem) and exits 1; argument errors go to ArgumentParser; a Foundation or system error no command put in
/// Segue's words still prints its path and reason, never Foundation's dump, and exits 1; anything else is a bug, said
/// so, exit 70.
public enum CommandFailure {
    /// Runs `body`, turning a thrown error into one line on standard error and an exit code.
    public static func reporting(_ body: () async throws -> Void) async throws {
        do {
            try await body()
            // What `print` buffered is written now, while a failure can still change the exit code.
            try StandardStreams.flushOutput()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch let error as any SegueError {
            FileHandle.standardError.write(Data("segue: \(error)\n".utf8))
            throw ExitCode(1)
        } catch {
            FileHandle.standardError.write(Data("segue: \(message(for: error))\n".utf8))
            throw ExitCode(FileError.isSystemError(error) ? 1 : 70)
        }
    }

    /// The line for an error that is not a `SegueError`: a Foundation or system error as its path and reason (`PATH:
    /// File exists`); anything else is a bug to report, never a Foundation message dressed up as advice, and never
    /// an `NSError` dump (a description that holds one is left out).
    static func message(for error: any Error) -> String {
        if FileError.isSystemError(error) {
            return (FileError.path(in: error).map { "\($0): " } ?? "") + FileError.reason(of: error)
        }
        let description = String(describing: error)
        let detail = description.contains("Error Domain=") ? "" : ": \(description.prefix(300))"
        return "internal error (\(type(of: error)))\(detail)"
    }
}

/// This build's version, printed by `segue --version`.
public enum SegueVersion {
    public static let current = "0.6.0"
}
