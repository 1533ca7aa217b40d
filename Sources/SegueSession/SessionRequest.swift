import Foundation
import SegueCore

/// Everything that decides a session: the same request gives the same audio bytes.
public struct SessionRequest: Sendable, Equatable {
    public var catalogURL: URL
    public var listenerURL: URL
    public var promptsURL: URL
    public var voicesURL: URL
    /// The voice profile; nil picks the profile whose language matches the listener's locale.
    public var voiceName: String?
    public var minutes: Double
    public var count: Int?
    public var seed: UInt64
    public var outputURL: URL
    public var mode: TemplateLibrary.Mode
    /// Seconds consecutive tracks overlap.
    public var crossfade: Double
    /// The DJ talks before every this many tracks (at least 2: never two in a row).
    public var talkGap: ClosedRange<Int> = 2...4
    /// How the sequencer balances the lineup; its count, minutes, crossfade and seed are this request's.
    public var lineup = LineupOptions()
    /// Recent sessions' templates per listener (`TemplateHistory`), read for rotation and updated after rendering.
    public var historyURL: URL?

    public init(catalogURL: URL, listenerURL: URL, promptsURL: URL, voicesURL: URL, voiceName: String? = nil,
                minutes: Double = 10, count: Int? = nil, seed: UInt64 = 7, outputURL: URL,
                mode: TemplateLibrary.Mode = .production, crossfade: Double = 6) {
        self.catalogURL = catalogURL
        self.listenerURL = listenerURL
        self.promptsURL = promptsURL
        self.voicesURL = voicesURL
        self.voiceName = voiceName
        self.minutes = minutes
        self.count = count
        self.seed = seed
        self.outputURL = outputURL
        self.mode = mode
        self.crossfade = crossfade
    }

    /// The lineup options this request implies.
    public var lineupOptions: LineupOptions {
        var options = lineup
        options.count = count
        options.minutes = minutes
        options.crossfade = crossfade
        options.seed = seed
        return options
    }
}
