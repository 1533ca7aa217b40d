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
