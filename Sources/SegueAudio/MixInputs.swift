import Foundation
import SegueCore

/// Which parts of the session a render contains (for review and measurement).
public enum MixStems: Sendable, Equatable {
    case full
    /// The music, ducked exactly as in the full mix, without the voice.
    case music
    case voice
    /// One track alone, with its fades and ducking.
    case track(Int)
}

/// A track ready to mix: where it plays and the gain that matches its loudness.
public struct MixTrack: Sendable, Equatable {
    public var slot: SessionTimeline.TrackSlot
    public var url: URL
    public var gainDB: Double
    /// The track's loudness block by block, from its analysis; measured by the mixer when it needs one and it is
    /// missing.
    public var profile: LoudnessProfile?

    public init(slot: SessionTimeline.TrackSlot, url: URL, gainDB: Double, profile: LoudnessProfile? = nil) {
        self.slot = slot
        self.url = url
        self.gainDB = gainDB
        self.profile = profile
    }
}

/// A voice clip ready to mix: at the mix rate, mono (centred) or stereo, loudness already matched.
public struct MixVoice: Sendable, Equatable {
    public var slot: SessionTimeline.VoiceSlot
    public var audio: AudioBuffer

    public init(slot: SessionTimeline.VoiceSlot, audio: AudioBuffer) {
        self.slot = slot
        self.audio = audio
    }
}
