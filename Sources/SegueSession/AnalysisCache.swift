import Foundation
import SegueCore
import Synchronization

/// Track analyses an engine already made, so a long-lived engine reads each audio file once for all its sessions.
///
/// Keyed by the file's path, size and modification time: a file changed on disk is read again. Shared by every copy
/// of the engine (a class behind a lock).
final class AnalysisCache: Sendable {
    private struct Key: Hashable {
        var path: String
        var size: Int
        var modified: Double
        var sampleRate: Int
    }

    /// Beyond this many files the cache starts over (a server playing a very large library).
    private static let capacity = 50_000
    private let analyses = Mutex<[Key: TrackAnalysis]>([:])

    /// The analysis of `url` at `sampleRate`, from the cache or from `analyse` (then kept).
    func analysis(of url: URL, sampleRate: Int, analyse: () throws -> TrackAnalysis) throws -> TrackAnalysis {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
            let size = (attributes[.size] as? NSNumber)?.intValue,
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970
        else { return try analyse() }
        let key = Key(path: url.standardizedFileURL.path, size: size, modified: modified, sampleRate: sampleRate)
        if let known = analyses.withLock({ $0[key] }) { return known }
        let fresh = try analyse()
        analyses.withLock { analyses in
            if analyses.count >= Self.capacity { analyses.removeAll() }
            analyses[key] = fresh
        }
        return fresh
    }
}
