import Foundation
import SegueFiles

/// A file being made beside its final place: removed when dropped unless it was moved into place.
final class StagedFile: Sendable {
    /// The staging path, beside `target`.
    let url: URL
    /// Where the file goes.
    let target: URL

    init(beside target: URL) throws {
        url = try AtomicFile.stage(beside: target)
        self.target = target
    }

    /// Moves the finished file over `destination` atomically (see `AtomicFile`).
    func commit(to destination: URL) throws {
        try AtomicFile.commit(url, to: destination)
    }

    deinit { unlink(url.path) }
}
