import Foundation
import SegueCore

/// Reads an input file whole, refusing what is not a regular file: a FIFO or a device never blocks or streams forever,
/// and every failure is a `FileError` in Segue's words with the system's reason.
public enum InputFile {
    /// The bytes of the regular file at `url`.
    /// - Throws: `FileError`: `.notFound`, `.notARegularFile` (a folder, FIFO, device or socket), `.unreadable`.
    ///
    /// The corresponding C functions are `open` (non-blocking, so a FIFO with no writer cannot hang), `fstat` and
    /// `read`.
    public static func read(_ url: URL) throws -> Data {
        let descriptor = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw FileError(
                code == ENOENT ? .notFound : .unreadable, path: url.path,
                message: code == ENOENT ? "no such file" : "cannot be read", cause: String(cString: strerror(code)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw FileError(
                .notARegularFile, path: url.path, message: "is not a regular file (a folder, pipe or device)")
        }
        return try readAll(descriptor, name: url.path, capacity: Int(info.st_size))
    }

    /// The UTF-8 text of the regular file at `url`.
    /// - Throws: `FileError` as `read(_:)` does, and `.unreadable` for text that is not UTF-8.
    public static func text(_ url: URL) throws -> String {
        guard let text = String(validating: try read(url), as: UTF8.self) else {
            throw FileError(.unreadable, path: url.path, message: "is not UTF-8 text")
        }
        return text
    }

    /// Everything until end of file from an open descriptor (a file, or standard input).
    /// - Throws: `FileError` naming `name` with the system's reason.
    static func readAll(_ descriptor: Int32, name: String, capacity: Int = 0) throws -> Data {
        var data = Data(capacity: capacity)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: chunk[..<count])
            } else if count == 0 {
                return data
            } else if errno != EINTR {
                throw FileError(
                    .unreadable, path: name, message: "cannot be read", cause: String(cString: strerror(errno)))
            }
        }
    }
}
