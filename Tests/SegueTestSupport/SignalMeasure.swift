import Foundation
import SegueCore

/// Signal measurements for audio tests.
public enum SignalMeasure {
    /// RMS level in dBFS of interleaved samples between two times (all channels together).
    public static func rmsDBFS(_ buffer: AudioBuffer, from start: Double, to end: Double) -> Double {
        let first = max(0, Int(start * Double(buffer.sampleRate))) * buffer.channels
        let last = min(buffer.frameCount, Int(end * Double(buffer.sampleRate))) * buffer.channels
        guard first < last else { return -.infinity }
        var sum = 0.0
        for i in first..<last { sum += Double(buffer.samples[i]) * Double(buffer.samples[i]) }
        return 10 * log10(max(sum / Double(last - first), 1e-20))
    }

    /// Highest absolute sample, linear.
    public static func peak(_ buffer: AudioBuffer) -> Float {
        buffer.samples.reduce(0) { max($0, abs($1)) }
    }
}
