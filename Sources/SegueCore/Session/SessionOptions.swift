/// Everything a listener's session is made with besides the listener and the engine's inputs: the same options and
/// seed give the same lineup, script and audio bytes.
public struct SessionOptions: Sendable, Codable, Equatable {
    /// How the sequencer balances the lineup, with the session's length, crossfade and seed.
    public var lineup: LineupOptions
    /// The voice profile; nil picks the profile whose language matches the listener's locale.
    public var voiceName: String?
    /// Which templates may speak.
    public var mode: TemplateLibrary.Mode
    /// The DJ talks before every this many tracks (at least 2: never two in a row).
    public var talkGap: ClosedRange<Int>

    public init(
        lineup: LineupOptions = LineupOptions(), voiceName: String? = nil,
        mode: TemplateLibrary.Mode = .production, talkGap: ClosedRange<Int> = 2...4
    ) {
        self.lineup = lineup
        self.voiceName = voiceName
        self.mode = mode
        self.talkGap = talkGap
    }

    /// The seed of the lineup, the script and the mix.
    public var seed: UInt64 { lineup.seed }

    /// Seconds consecutive tracks overlap.
    public var crossfade: Double { lineup.crossfade }

    enum CodingKeys: String, CodingKey {
        case lineup
        case voiceName = "voice"
        case mode
        case talkGap = "talk_gap"
    }
}
