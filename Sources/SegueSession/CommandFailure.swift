import ArgumentParser
import Foundation
import SegueCore
import SegueFiles

/// How the command-line tools end on an error, in one place: a `SegueError` prints its message (it names the file
/// and the problem) and exits 1; argument errors go to ArgumentParser; anything else is a bug, said so, exit 70.
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
            // Not a domain error: a bug to report, never a Foundation message dressed up as advice.
            FileHandle.standardError.write(
                Data("segue: internal error (\(type(of: error))): \(String(describing: error).prefix(300))\n".utf8))
            throw ExitCode(70)
        }
    }
}

/// This build's version, printed by `segue --version`.
public enum SegueVersion {
    public static let current = "0.6.0"
}
