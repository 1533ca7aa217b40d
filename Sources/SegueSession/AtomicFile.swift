import Foundation

/// Writes outputs so a crash never leaves a half-written file: a temporary file beside the target, then a rename.
public enum AtomicFile {
    /// A temporary path beside `url`, on the same file system.
    public static func temporaryURL(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    }

    /// Writes `data` to `url` atomically.
    public static func write(_ data: Data, to url: URL) throws {
        let temporary = temporaryURL(for: url)
        do {
            try data.write(to: temporary)
            try commit(temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Renames a finished temporary file over `url` (rename(2) is atomic within a file system).
    public static func commit(_ temporary: URL, to url: URL) throws {
        guard rename(temporary.path, url.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path,
                NSLocalizedDescriptionKey: "\(url.path): cannot be written (\(String(cString: strerror(errno))))"])
        }
    }
}
