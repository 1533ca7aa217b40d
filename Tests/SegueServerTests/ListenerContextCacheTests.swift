import Foundation
import SegueCore
import SegueFiles
import SegueTestSupport
import Testing

@testable import SegueServer

/// The lineup route's listener contexts: made as of the start of the minute, kept through it, made again when the
/// minute turns or the listener's history changes.
@Suite struct ListenerContextCacheTests {
    @Test func aContextIsKeptForItsMinuteAndMadeAgainWhenTheMinuteOrTheListenerChanges() throws {
        let sequencer = Sequencer(catalog: try Catalog.load(from: Fixtures.catalogURL))
        let track = try #require(sequencer.catalog.tracks.first?.id)
        let minute = Date(timeIntervalSince1970: 1_790_000_040)  // 2026-09-21 14:14:00 UTC
        // Played 30 s into the minute: after the minute's start, so it counts as played then.
        var listener = Listener(id: "cache", name: "Cache", locale: "en", explicit: .allow, history: [])
        listener.history = [.init(trackID: track, plays: 3, lastPlayed: "2026-09-21T14:14:30Z")]
        let cache = ListenerContextCache()

        let early = cache.context(for: listener, at: minute.addingTimeInterval(45), sequencer: sequencer)
        #expect(early.taste.futureDated.map(\.trackID) == [track])
        // Later in the same minute the same context comes back: still as of the minute's start.
        let later = cache.context(for: listener, at: minute.addingTimeInterval(59), sequencer: sequencer)
        #expect(later.taste.futureDated.map(\.trackID) == [track])
        #expect(later.relevance == early.relevance)
        // The next minute is after the play.
        let next = cache.context(for: listener, at: minute.addingTimeInterval(61), sequencer: sequencer)
        #expect(next.taste.futureDated.isEmpty)
        // A changed history is read at once, within the minute.
        listener.history[0].plays = 9
        let changed = cache.context(for: listener, at: minute.addingTimeInterval(62), sequencer: sequencer)
        let index = try #require(sequencer.catalog.index(of: track))
        #expect(changed.trackPlays[index] == 9)
        #expect(next.trackPlays[index] == 3)
    }
}
