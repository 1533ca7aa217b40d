// swift-format-ignore-file: OrderedImports
// `stdout` is a C global Swift cannot prove safe; every use here goes through the stream's own lock (fwrite, fflush
// and ferror lock the stream in glibc). The attribute takes effect only before Foundation's import of Glibc.
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import SegueCore

/// Standard input and output with their errors checked: a closed input, a full disk or a closed pipe is a
/// `FileError`, never a crash or a silent exit 0.
public enum StandardStreams {
    /// Everything on standard input.
    /// - Throws: `FileError` when standard input is closed or cannot be read.
    public static func readInput() throws -> Data {
        try InputFile.readAll(STDIN_FILENO, name: "standard input")
    }

    /// Writes bytes to standard output through the same buffer `print` uses, so the order is kept.
    /// - Throws: `FileError` when they cannot be written.
    public static func write(_ bytes: [UInt8]) throws {
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, stdout) }
        guard written == bytes.count else { throw outputError() }
    }

    /// Flushes standard output and reports whether anything written to it (by `print` too) was lost.
    /// - Throws: `FileError` naming standard output and the cause (`No space left on device`, a closed pipe).
    public static func flushOutput() throws {
        guard fflush(stdout) == 0, ferror(stdout) == 0 else { throw outputError() }
    }

    private static func outputError() -> FileError {
        FileError(
            .writeFailed, path: "standard output", message: "cannot be written", cause: String(cString: strerror(errno))
        )
    }
}
