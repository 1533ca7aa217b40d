import Foundation
import SegueSession

/// Progress of a long job on standard error: a bar with counts, rate and time left on a terminal, a plain line every
/// tenth of the way otherwise (a log, a pipe).
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let lock = NSLock()
    private var lastTenth = -1
    private var drawn = false

    init(label: String) { self.label = label }

    /// Shows `progress`; safe from any thread.
    func update(_ progress: LibraryImporter.Progress) {
        lock.withLock {
            guard progress.total > 0 else { return }
            let rate = progress.elapsed > 0 ? Double(progress.done) / progress.elapsed : 0
            let left = rate > 0 ? Double(progress.total - progress.done) / rate : 0
            let line =
                "\(label) \(progress.done)/\(progress.total) files, " + String(format: "%.1f", rate)
                + " files/s, \(Self.clock(left)) left"
            if isTerminal {
                let width = 30
                let filled = width * progress.done / progress.total
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                FileHandle.standardError.write(Data("\r[\(bar)] \(line)\u{1B}[K".utf8))
                drawn = true
            } else {
                let tenth = 10 * progress.done / progress.total
                guard tenth != lastTenth else { return }
                lastTenth = tenth
                FileHandle.standardError.write(Data("\(line)\n".utf8))
            }
        }
    }

    /// Ends the bar's line.
    func finish() {
        lock.withLock { if drawn { FileHandle.standardError.write(Data("\n".utf8)) } }
    }

    private static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 3600
            ? String(format: "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
            : String(format: "%d:%02d", whole / 60, whole % 60)
    }
}
