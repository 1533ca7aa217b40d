import Foundation
import SegueFiles

/// A file made beside its final place and moved there by `commit()`; removed when dropped uncommitted.
final class StagedFile: Sendable {
    /// The staging path, beside `target`.
    let url: URL
    /// Where the file goes.
    let target: URL

    /// An empty staged file for a writer that fills it (the mixer).
    init(beside target: URL) throws {
        url = try AtomicFile.stage(beside: target)
        self.target = target
    }

    /// A staged file holding `data`.
    init(_ data: Data, at target: URL) throws {
        url = try AtomicFile.stage(beside: target)
        self.target = target
        try AtomicFile.fill(url, with: data, for: target)
    }

    /// Moves the finished file over its target atomically (see `AtomicFile`).
    func commit() throws {
        try AtomicFile.commit(url, to: target)
    }

    deinit { unlink(url.path) }
}
