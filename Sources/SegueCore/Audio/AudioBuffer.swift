import Foundation

/// Interleaved 32-bit float samples at a sample rate, nominally within -1...1.
public struct AudioBuffer: Sendable, Equatable {
    public var sampleRate: Int
    public var channels: Int
    /// Interleaved samples: frame 0 channel 0, frame 0 channel 1, ...
    public var samples: [Float]

    public init(sampleRate: Int, channels: Int, samples: [Float] = []) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.samples = samples
    }

    /// Number of frames (samples per channel).
    public var frameCount: Int { channels > 0 ? samples.count / channels : 0 }

    /// Length in seconds.
    public var duration: Double { sampleRate > 0 ? Double(frameCount) / Double(sampleRate) : 0 }
}

extension AudioBuffer {
    /// FNV-1a over the samples' bit patterns, as 16 hex digits: equal for byte-identical audio.
    public var contentHash: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for sample in samples {
            var bits = sample.bitPattern
            for _ in 0..<4 {
                hash = (hash ^ UInt64(bits & 0xFF)) &* 0x0000_0100_0000_01B3
                bits >>= 8
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

extension AudioBuffer: Codable {
    enum CodingKeys: String, CodingKey {
        case sampleRate = "sample_rate"
        case channels
        /// Little-endian 32-bit floats, base64.
        case samples = "samples_f32le_base64"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sampleRate = try c.decode(Int.self, forKey: .sampleRate)
        channels = try c.decode(Int.self, forKey: .channels)
        let text = try c.decode(String.self, forKey: .samples)
        guard let data = Data(base64Encoded: text), data.count % 4 == 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .samples, in: c, debugDescription: "not base64 of 32-bit floats")
        }
        samples = data.withUnsafeBytes { raw in
            (0..<data.count / 4).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sampleRate, forKey: .sampleRate)
        try c.encode(channels, forKey: .channels)
        var data = Data(capacity: samples.count * 4)
        for sample in samples { withUnsafeBytes(of: sample.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        try c.encode(data.base64EncodedString(), forKey: .samples)
    }
}
