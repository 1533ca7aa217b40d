import Foundation

/// Checks that a path is a regular, readable, non-empty file before a C library opens it: TagLib and libsndfile would
/// block on a FIFO with no writer, or read a device forever.
enum FileCheck {
    /// The size in bytes of the regular file at `url`.
    /// - Throws: `LibraryError`: `.notFound`, `.notARegularFile`, `.unreadable`, `.emptyFile`.
    ///
    /// The corresponding C functions are `stat` (a device is never opened: opening some has effects), then `open`
    /// (non-blocking, so a FIFO swapped in meanwhile cannot hang) and `fstat` on what was opened.
    static func size(of url: URL) throws(LibraryError) -> Int {
        let path = url.path
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            throw code == ENOENT
                ? LibraryError(.notFound, path: path, message: "no such file")
                : LibraryError(.unreadable, path: path, message: "cannot be read (\(String(cString: strerror(code))))")
        }
        try checkType(info, path: path)
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw LibraryError(.unreadable, path: path, message: "cannot be read (\(String(cString: strerror(code))))")
        }
        defer { close(descriptor) }
        guard fstat(descriptor, &info) == 0 else {
            throw LibraryError(.unreadable, path: path, message: "cannot be read (\(String(cString: strerror(errno))))")
        }
        try checkType(info, path: path)
        guard info.st_size > 0 else { throw LibraryError(.emptyFile, path: path, message: "empty file (0 bytes)") }
        return Int(info.st_size)
    }

    private static func checkType(_ info: stat, path: String) throws(LibraryError) {
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw LibraryError(.notARegularFile, path: path, message: "not a regular file (a folder, pipe or device)")
        }
    }
}
