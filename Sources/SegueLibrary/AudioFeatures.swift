import SegueCore

/// What one pass over a music file's audio found: its length, loudness, tempo, key, energy, silences, intro and
/// fingerprint.
public struct AudioFeatures: Sendable, Equatable {
    /// Length in seconds, from the frames decoded.
    public var duration: Double
    /// Integrated loudness in LUFS (EBU R 128).
    public var loudness: Double
    /// Loudness range in LU (EBU Tech 3342); 0 for clips too short to have one.
    public var loudnessRange: Double
    /// True (inter-sample) peak in dBTP.
    public var truePeak: Double
    /// Tempo in beats per minute, folded into the analyser's tempo range (78–156 by default); nil when no steady beat
    /// was found.
    public var bpm: Double?
    /// The key on the Camelot wheel; nil when there was no pitched content to read.
    public var key: CamelotKey?
    /// How well the chroma fits the key's Krumhansl–Kessler profile (Pearson r), 0–1; under about 0.6 it is a guess.
    public var keyConfidence: Double
    /// Perceived intensity, 0 (calm) to 1 (intense): see `AudioAnalyzer.energy(loudness:onsetsPerSecond:)`.
    public var energy: Double
    /// Seconds of silence before the sound starts: below the track's loudness by 42 LU, and never louder than
    /// −60 dBFS.
    public var leadingSilence: Double
    /// Seconds of silence after the sound ends, by the same threshold.
    public var trailingSilence: Double
    /// Seconds from the start of the file until the short-term loudness first reaches the track's running level
    /// (what the mixer may talk over).
    public var introLength: Double
    /// The fingerprint that finds the same recording in another file.
    public var fingerprint: AudioFingerprint

    public init(
        duration: Double, loudness: Double, loudnessRange: Double, truePeak: Double, bpm: Double?, key: CamelotKey?,
        keyConfidence: Double, energy: Double, leadingSilence: Double, trailingSilence: Double, introLength: Double,
        fingerprint: AudioFingerprint
    ) {
        self.duration = duration
        self.loudness = loudness
        self.loudnessRange = loudnessRange
        self.truePeak = truePeak
        self.bpm = bpm
        self.key = key
        self.keyConfidence = keyConfidence
        self.energy = energy
        self.leadingSilence = leadingSilence
        self.trailingSilence = trailingSilence
        self.introLength = introLength
        self.fingerprint = fingerprint
    }
}

extension AudioFeatures: Codable {
    enum CodingKeys: String, CodingKey {
        case duration = "duration_s"
        case loudness = "loudness_lufs"
        case loudnessRange = "loudness_range_lu"
        case truePeak = "true_peak_dbtp"
        case bpm, key
        case keyConfidence = "key_confidence"
        case energy
        case leadingSilence = "leading_silence_s"
        case trailingSilence = "trailing_silence_s"
        case introLength = "intro_s"
        case fingerprint
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        duration = try c.decode(Double.self, forKey: .duration)
        loudness = try c.decode(Double.self, forKey: .loudness)
        loudnessRange = try c.decode(Double.self, forKey: .loudnessRange)
        truePeak = try c.decode(Double.self, forKey: .truePeak)
        bpm = try c.decodeIfPresent(Double.self, forKey: .bpm)
        // The key is written as the catalog writes it, "8A".
        if let text = try c.decodeIfPresent(String.self, forKey: .key) {
            guard let key = CamelotKey(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .key, in: c, debugDescription: "not a Camelot key such as 8A: \(text)")
            }
            self.key = key
        } else {
            key = nil
        }
        keyConfidence = try c.decode(Double.self, forKey: .keyConfidence)
        energy = try c.decode(Double.self, forKey: .energy)
        leadingSilence = try c.decode(Double.self, forKey: .leadingSilence)
        trailingSilence = try c.decode(Double.self, forKey: .trailingSilence)
        introLength = try c.decode(Double.self, forKey: .introLength)
        fingerprint = try c.decode(AudioFingerprint.self, forKey: .fingerprint)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(duration, forKey: .duration)
        try c.encode(loudness, forKey: .loudness)
        try c.encode(loudnessRange, forKey: .loudnessRange)
        try c.encode(truePeak, forKey: .truePeak)
        try c.encodeIfPresent(bpm, forKey: .bpm)
        try c.encodeIfPresent(key?.description, forKey: .key)
        try c.encode(keyConfidence, forKey: .keyConfidence)
        try c.encode(energy, forKey: .energy)
        try c.encode(leadingSilence, forKey: .leadingSilence)
        try c.encode(trailingSilence, forKey: .trailingSilence)
        try c.encode(introLength, forKey: .introLength)
        try c.encode(fingerprint, forKey: .fingerprint)
    }
}
