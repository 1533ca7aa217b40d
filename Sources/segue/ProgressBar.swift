import Foundation

/// Progress of a long job on standard error: a bar with counts, rate and time left on a terminal, a plain line every
/// tenth of the way otherwise (a log, a pipe).
final class ProgressBar: @unchecked Sendable {
    /// What the bar counts.
    enum Unit {
        /// Whole things, named (`files`): "3/10 files, 1.5 files/s".
        case count(String)
        /// A fraction of the job: "42 %".
        case percent
    }

    private let label: String
    private let unit: Unit
    private let isTerminal: Bool
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()
    private var lastTenth = -1
    private var drawn = false
    private var started: ContinuousClock.Instant?

    /// A bar on standard error, drawn when it is a terminal.
    init(label: String, unit: Unit = .count("files")) {
        self.label = label
        self.unit = unit
        isTerminal = isatty(STDERR_FILENO) == 1
        write = { FileHandle.standardError.write(Data($0.utf8)) }
    }

    /// Shows `done` of `total` after `elapsed` seconds (by default: since the first update); safe from any thread.
    func update(done: Double, total: Double, elapsed: Double? = nil) {
        lock.withLock {
            guard total > 0 else { return }
            let now = ContinuousClock.now
            let start = started ?? now
            started = start
            let since = (now - start).components
            let seconds = elapsed ?? Double(since.seconds) + Double(since.attoseconds) / 1e18
            let rate = seconds > 0 ? done / seconds : 0
            let left = rate > 0 ? (total - done) / rate : 0
            let line: String
            switch unit {
            case .count(let name):
                line =
                    "\(label) \(Int(done))/\(Int(total)) \(name), " + String(format: "%.1f", rate)
                    + " \(name)/s, \(Self.clock(left)) left"
            case .percent:
                line = "\(label) \(Int((100 * done / total).rounded(.down))) %, \(Self.clock(left)) left"
            }
            if isTerminal {
                let width = 30
                let filled = min(max(Int(Double(width) * done / total), 0), width)
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                write("\r[\(bar)] \(line)\u{1B}[K")
                drawn = true
            } else {
                let tenth = Int((10 * done / total).rounded(.down))
                guard tenth != lastTenth else { return }
                lastTenth = tenth
                write("\(line)\n")
            }
        }
    }

    /// Shows a fraction of the job (for `.percent`).
    func update(fraction: Double) { update(done: fraction, total: 1) }

    /// Ends the bar's line.
    func finish() {
        lock.withLock {
            if drawn { write("\n") }
            drawn = false
        }
    }

    private static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 3600
            ? String(format: "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
            : String(format: "%d:%02d", whole / 60, whole % 60)
    }
}
