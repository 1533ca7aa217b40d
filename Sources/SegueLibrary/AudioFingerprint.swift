/// A recording's Chromaprint fingerprint (its first two minutes) and its length: the same recording encoded twice
/// (MP3 and FLAC, two bit rates) gives fingerprints that match, different recordings do not.
public struct AudioFingerprint: Sendable, Equatable {
    /// Length of the whole recording in seconds.
    public var duration: Double
    /// Chromaprint's raw fingerprint: one 32-bit word for every 0.124 s of audio.
    public var values: [UInt32]

    /// The bits two fingerprints share at their best alignment must be at least this share for one recording.
    /// Unrelated audio shares about half; the same recording re-encoded shares over nine tenths.
    public static let sameRecordingSimilarity = 0.8

    public init(duration: Double, values: [UInt32]) {
        self.duration = duration
        self.values = values
    }

    /// The share of bits the two fingerprints have in common where they line up best (shifted by up to 10 s either
    /// way), from 0 to 1; 0.5 is chance, and 0 when either is too short to compare (under about 4 s).
    public func similarity(to other: AudioFingerprint) -> Double {
        let (a, b) = (values, other.values)
        let shortest = min(a.count, b.count)
        // Chromaprint's items advance 1365 samples at 11025 Hz: 81 items are 10 s.
        let minimumOverlap = max(16, shortest / 2)
        guard shortest >= 16 else { return 0 }
        let maximumShift = 81
        var best = 0.0
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                for shift in -maximumShift...maximumShift {
                    let start = max(0, -shift)
                    let end = min(a.count, b.count - shift)
                    guard end - start >= minimumOverlap else { continue }
                    var differing = 0
                    for index in start..<end { differing += (a[index] ^ b[index + shift]).nonzeroBitCount }
                    best = max(best, 1 - Double(differing) / Double(32 * (end - start)))
                }
            }
        }
        return best
    }

    /// Whether both fingerprints are of one recording: lengths within 2 % (at least 3 s) of each other and a
    /// similarity of at least `sameRecordingSimilarity`.
    public func isSameRecording(as other: AudioFingerprint) -> Bool {
        abs(duration - other.duration) <= max(3, 0.02 * max(duration, other.duration))
            && similarity(to: other) >= Self.sameRecordingSimilarity
    }

    /// Chromaprint's compressed, URL-safe base64 form of `values` (the form AcoustID takes); empty for no values.
    public var encoded: String { values.isEmpty ? "" : Fingerprinter.encode(values) ?? "" }
}

extension AudioFingerprint: Codable {
    enum CodingKeys: String, CodingKey {
        case duration = "duration_s"
        case chromaprint
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        duration = try c.decode(Double.self, forKey: .duration)
        let text = try c.decode(String.self, forKey: .chromaprint)
        guard let values = text.isEmpty ? [] : Fingerprinter.decode(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .chromaprint, in: c, debugDescription: "not a Chromaprint fingerprint")
        }
        self.values = values
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(duration, forKey: .duration)
        try c.encode(encoded, forKey: .chromaprint)
    }
}
