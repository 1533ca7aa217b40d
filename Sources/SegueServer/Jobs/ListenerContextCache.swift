import Foundation
import SegueCore
import Synchronization

/// The listener contexts the lineup route made this minute, by listener: a context (the taste profile and its
/// relevance over the whole catalog) is about a fifth of a lineup's work, and it changes only with the listener's
/// history and, slowly, with the clock.
///
/// A context is made as of the start of the current minute and kept until the minute turns or the listener's
/// history changes (the listener is compared whole), so a lineup asked for twice in a minute starts from the same
/// taste. The search itself runs for every request.
final class ListenerContextCache: Sendable {
    private struct Entry: Sendable {
        var listener: Listener
        var minute: Int64
        var context: ListenerContext
    }

    /// Beyond this many listeners the cache starts over (a context holds a score per catalog track).
    static let capacity = 64
    private let entries = Mutex<[String: Entry]>([:])

    init() {}

    /// The context of `listener` for `sequencer`'s catalog as of the minute `now` falls in.
    func context(for listener: Listener, at now: Date, sequencer: Sequencer) -> ListenerContext {
        let minute = Int64((now.timeIntervalSince1970 / 60).rounded(.down))
        if let entry = entries.withLock({ $0[listener.id] }), entry.minute == minute, entry.listener == listener {
            return entry.context
        }
        let context = ListenerContext(
            listener: listener, catalog: sequencer.catalog, features: sequencer.features,
            asOf: Date(timeIntervalSince1970: Double(minute) * 60))
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[listener.id] = Entry(listener: listener, minute: minute, context: context)
        }
        return context
    }
}
