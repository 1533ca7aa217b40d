/// How the session is mixed.
public struct MixSettings: Sendable, Equatable {
    /// How the music's level falls under the voice and comes back.
    public enum DuckShape: Sendable, Equatable {
        /// Raised-cosine ramps (the default: no corner at either end).
        case cosine
        /// Straight-line ramps (what the render benchmark's peers do).
        case linear
    }

    /// The rates a session can be mixed at, Hz.
    public static let sampleRates = [44_100, 48_000]

    /// Output rate in Hz (one of `sampleRates`): tracks and voices are resampled to it.
    public var sampleRate = 44_100
    /// The file the session is written as (16-bit WAV by default).
    public var output = OutputFormat.wav16
    /// Loudness every track is matched to, and the session's target, in LUFS.
    public var targetLoudness = -14.0
    /// Loudness of the voice, in LUFS (stereo, centred).
    public var voiceLoudness = -14.0
    /// How far the music drops under the voice, in dB (negative).
    public var duckDepth = -12.0
    /// Seconds the music takes to duck before the voice starts (the placement is known: the duck looks ahead and is
    /// down when the first word comes).
    public var duckAttack = 0.08
    /// Seconds the music takes to come back after the voice ends.
    public var duckRelease = 0.5
    /// Seconds of fade at each edge of a voice clip, so no clip starts or stops with a click.
    public var clipEdgeFade = 0.04
    public var duckShape = DuckShape.cosine
    /// The least the voice must stand over the ducked music in a talk span, LU; the music under a line is ducked
    /// deeper (down to `deepestDuck`) where the forecast says it would stand closer. Nil: every line gets `duckDepth`.
    public var minimumSpeechOverMusic: Double? = 10
    /// The deepest a line's duck may go, dB.
    public var deepestDuck = -30.0
    /// Whether the whole session is gained to `targetLoudness` after the mix (off: the tracks' and voice's own gains
    /// stand, as a renderer given a fixed timeline does).
    public var correctsSessionLoudness = true
    /// Highest sample value allowed in the output, in dBFS.
    public var ceiling = -1.0
    /// Frames mixed at a time.
    public var blockFrames = 4096
    /// Corner of the high-pass that removes DC offset from the mix, Hz.
    public var dcCutoff = 5.0

    public init() {}
}
