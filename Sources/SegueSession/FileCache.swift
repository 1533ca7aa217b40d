import Foundation
import SegueCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What an engine already learned from files (a track's analysis, whether its audio opens), so a long-lived engine
/// reads each file once for all its sessions and requests.
///
/// Keyed by the file's path, size and modification time, and a variant (e.g. the sample rate an analysis was made
/// at): a file changed on disk is read again. Shared by every copy of the engine (a class behind a lock).
public final class FileCache<Value: Sendable>: Sendable {
    private struct Key: Hashable {
        var path: String
        var size: Int
        var modified: Double
        var variant: Int
    }

    /// Beyond this many files the cache starts over (a server playing a very large library).
    private static var capacity: Int { 50_000 }
    private let values = Mutex<[Key: Value]>([:])

    /// An empty cache.
    public init() {}

    /// The value for `url` and `variant`, from the cache or from `make` (then kept). A file that cannot be looked at
    /// is not cached: `make` runs and says what is wrong with it.
    public func value(for url: URL, variant: Int = 0, make: () throws -> Value) rethrows -> Value {
        try value(forPath: url.standardizedFileURL.path, variant: variant, make: make)
    }

    /// The value for the file at `path` (absolute and standardised: it is the key as given), as
    /// `value(for:variant:make:)`.
    public func value(forPath path: String, variant: Int = 0, make: () throws -> Value) rethrows -> Value {
        // One stat(2) call: the server asks this on every request, and FileManager's attribute dictionary costs
        // several times the system call.
        var info = stat()
        guard stat(path, &info) == 0 else { return try make() }
        let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        let key = Key(path: path, size: Int(info.st_size), modified: modified, variant: variant)
        if let known = values.withLock({ $0[key] }) { return known }
        let fresh = try make()
        values.withLock { values in
            if values.count >= Self.capacity { values.removeAll() }
            values[key] = fresh
        }
        return fresh
    }
}
