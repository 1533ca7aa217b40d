import Foundation
import SegueCore

/// The one way Segue writes an output: a temporary file beside the target (a name unique to the call), flushed to
/// disk, renamed over the target, and the folder flushed, so a crash leaves either the old file or the new one,
/// never half of one. Every output, the catalog store and the approvals log go through it.
public enum AtomicFile {
    /// Writes `data` to `url` atomically.
    /// - Throws: `FileError` naming `url`; a file already there is unchanged.
    public static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { temporary in try fill(temporary, with: data, for: url) }
    }

    /// Writes `data` into a staged file (from `stage(beside:)`) through its own descriptor.
    /// - Throws: `FileError` naming `target`, the file the staged one will become.
    public static func fill(_ staged: URL, with data: Data, for target: URL) throws {
        let descriptor = open(staged.path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard descriptor >= 0 else { throw writeError(target) }
        defer { close(descriptor) }
        var offset = 0
        while offset < data.count {
            let written = data.withUnsafeBytes { bytes in
                Glibc.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw writeError(target) }
            offset += written
        }
    }

    /// Runs `body` holding an exclusive lock on `folder` (flock), so writers of one file there take turns: a
    /// read-add-replace of a log by two editors at once keeps both entries.
    /// - Throws: `FileError` when the folder cannot be locked, or what `body` throws.
    public static func withLock<Result>(on folder: URL, _ body: () throws -> Result) throws -> Result {
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FileError(
                .notAFolder, path: folder.path, message: "cannot be locked", cause: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw FileError(
                    .writeFailed, path: folder.path, message: "cannot be locked",
                    cause: String(cString: strerror(errno)))
            }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    /// Removes the temporary files that processes which have ended left in `folder` (a render killed mid-mix leaves
    /// its staged audio and scratch behind). A temporary file's name carries its writer's pid; a file whose writer
    /// is still running, or whose pid was reused, is left alone.
    /// - Returns: the names removed.
    @discardableResult
    public static func removeStale(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { name in
            guard name.hasPrefix("."), let marker = name.range(of: ".tmp-") else { return false }
            let digits = name[marker.upperBound...].prefix { $0.isNumber }
            guard let pid = pid_t(digits), pid > 0, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else {
                return false
            }
            return unlink(folder.appendingPathComponent(name).path) == 0
        }
    }

    private static func writeError(_ url: URL) -> FileError {
        FileError(.writeFailed, path: url.path, message: "cannot be written", cause: String(cString: strerror(errno)))
    }

    /// Lets `body` write a new file at a temporary path beside `url`, then flushes it and renames it over `url`.
    /// On any failure the temporary file is removed and a file already at `url` is unchanged.
    /// - Throws: `FileError` naming `url`, or what `body` throws.
    @discardableResult
    public static func write<Result>(to url: URL, _ body: (URL) throws -> Result) throws -> Result {
        let temporary = try stage(beside: url)
        do {
            let result = try body(temporary)
            try commit(temporary, to: url)
            return result
        } catch {
            unlink(temporary.path)
            throw error
        }
    }

    /// A new, empty, uniquely named file beside `url` for a writer that commits it later with `commit(_:to:)`.
    /// - Throws: `FileError` when `url` is not a regular file or its folder is missing.
    public static func stage(beside url: URL) throws -> URL {
        try checkTarget(url)
        return try reserveTemporary(beside: url)
    }

    /// Flushes a finished staged file, renames it over `url` and flushes the folder.
    /// - Throws: `FileError` naming `url`; a file already there is unchanged.
    public static func commit(_ staged: URL, to url: URL) throws {
        try checkTarget(url)
        try synchronize(staged.path, target: url)
        guard rename(staged.path, url.path) == 0 else {
            throw FileError(
                .writeFailed, path: url.path, message: "cannot be renamed into place",
                cause: String(cString: strerror(errno)))
        }
        try synchronize(url.deletingLastPathComponent().path, target: url)
    }

    /// The target may be a new file or a regular file; anything else (a device, a FIFO, a folder) is never replaced.
    static func checkTarget(_ url: URL) throws {
        var info = stat()
        if lstat(url.path, &info) == 0 {
            let type = info.st_mode & S_IFMT
            guard type == S_IFREG else {
                throw FileError(
                    .notARegularFile, path: url.path,
                    message: "is not a regular file; Segue replaces only regular files")
            }
        } else if errno != ENOENT {
            throw FileError(
                .writeFailed, path: url.path, message: "cannot be written", cause: String(cString: strerror(errno)))
        }
        var folder = stat()
        let parent = url.deletingLastPathComponent().path
        guard stat(parent, &folder) == 0, folder.st_mode & S_IFMT == S_IFDIR else {
            throw FileError(.notAFolder, path: parent, message: "no such folder to write \(url.lastPathComponent) in")
        }
    }

    /// Creates an empty, uniquely named file beside `url` (mkstemp), so concurrent writers never share one.
    static func reserveTemporary(beside url: URL) throws -> URL {
        var template = Array(
            url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-XXXXXX")
                .path.utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkstemp($0) } ?? -1
        }
        guard descriptor >= 0 else {
            throw FileError(
                .writeFailed, path: url.path, message: "cannot create a temporary file beside it",
                cause: String(cString: strerror(errno)))
        }
        // mkstemp makes the file private (0600); an output is readable like any file the user writes.
        fchmod(descriptor, 0o644)
        close(descriptor)
        return URL(
            fileURLWithPath: String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    /// Flushes a file or folder to disk (fsync), so the rename never exposes pages still in memory.
    static func synchronize(_ path: String, target: URL) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw FileError(
                .writeFailed, path: target.path, message: "cannot be flushed to disk",
                cause: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw FileError(
                .writeFailed, path: target.path, message: "cannot be flushed to disk",
                cause: String(cString: strerror(errno)))
        }
    }
}
