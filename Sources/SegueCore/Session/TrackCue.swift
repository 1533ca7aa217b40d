import Foundation

/// Where a track really plays, found in its loudness profile as a radio automation system cues it: from where its
/// sound starts to where it ends, a long quiet fade-out tail cut short, and how it meets its neighbours (a hard start
/// takes a short crossfade, a soft ending a long one).
public struct TrackCue: Sendable, Codable, Equatable {
    /// Seconds into the file where the track starts playing (leading silence skipped).
    public var cueIn: Double
    /// Seconds into the file where it stops (trailing silence and most of a long fade tail cut).
    public var cueOut: Double
    /// The sound is at full level within its first second: no intro for a long crossfade to fade under.
    public var hardStart: Bool
    /// The track ends on a long quiet tail (an ambient fade-out), cut to `tailKept` seconds.
    public var softEnd: Bool

    /// Silence: a block this far under the track's integrated loudness, LU (as the library's analysis finds it).
    public static let silence = 42.0
    /// A fade tail: the ending's blocks this far under the track's loudness, LU.
    public static let tail = 20.0
    /// Seconds of a fade tail kept: the crossfade runs over them.
    public static let tailKept = 3.0
    /// A hard start: the first second within this many LU of the track's loudness.
    public static let hardStartWithin = 6.0

    public init(cueIn: Double, cueOut: Double, hardStart: Bool = false, softEnd: Bool = false) {
        self.cueIn = cueIn
        self.cueOut = cueOut
        self.hardStart = hardStart
        self.softEnd = softEnd
    }

    /// The playing length in seconds.
    public var length: Double { cueOut - cueIn }

    enum CodingKeys: String, CodingKey {
        case cueIn = "cue_in_s", cueOut = "cue_out_s", hardStart = "hard_start", softEnd = "soft_end"
    }

    /// The cue of a track of `duration` seconds with integrated `loudness` (LUFS), from its 100 ms profile. A track
    /// with no loud block (silence) plays whole.
    public init(profile: LoudnessProfile, loudness: Double, duration: Double) {
        let step = LoudnessProfile.blockSeconds
        let energies = profile.energies.map(Double.init)
        guard loudness.isFinite,
            let first = energies.firstIndex(where: { $0 > LoudnessProfile.energy(ofLoudness: loudness - Self.silence) }
            ),
            let last = energies.lastIndex(where: { $0 > LoudnessProfile.energy(ofLoudness: loudness - Self.silence) })
        else {
            self.init(cueIn: 0, cueOut: duration)
            return
        }
        var cueIn = Double(first) * step
        var cueOut = min(Double(last + 1) * step, duration)
        // A fade tail: the run of blocks at the end quieter than `tail` LU under the track, each second's mean.
        let quiet = LoudnessProfile.energy(ofLoudness: loudness - Self.tail)
        let perSecond = Int((1 / step).rounded())
        var tailStart = last + 1
        while tailStart - perSecond >= first {
            let second = energies[(tailStart - perSecond)..<tailStart]
            guard second.reduce(0, +) / Double(perSecond) < quiet else { break }
            tailStart -= perSecond
        }
        let tailLength = Double(last + 1 - tailStart) * step
        let softEnd = tailLength > Self.tailKept
        if softEnd { cueOut = min(cueOut, Double(tailStart) * step + Self.tailKept) }
        // Never cut a track to nothing: keep at least half of it.
        if cueOut - cueIn < duration / 2 {
            cueIn = 0
            cueOut = duration
        }
        let opening = energies[first..<min(energies.count, first + perSecond)]
        let hardStart =
            !opening.isEmpty
            && LoudnessProfile.loudness(ofEnergy: opening.reduce(0, +) / Double(opening.count))
                >= loudness - Self.hardStartWithin
        self.init(cueIn: cueIn, cueOut: cueOut, hardStart: hardStart, softEnd: softEnd)
    }

    /// The crossfade from a track cued `outgoing` into one cued `incoming`, for a session's crossfade setting: half
    /// as long into a hard start, half as long again out of a soft ending (the timeline still caps it at a quarter of
    /// either track).
    public static func crossfade(from outgoing: TrackCue?, into incoming: TrackCue?, base: Double) -> Double {
        var length = base
        if outgoing?.softEnd == true { length *= 1.5 }
        if incoming?.hardStart == true { length *= 0.5 }
        return length
    }
}
