import Foundation

/// A first-order high-pass per channel of interleaved stereo, state kept from block to block: removes DC offset.
public struct HighPass {
    private let pole: Float
    private var lastIn: (Float, Float)?
    private var lastOut: (Float, Float) = (0, 0)

    /// A filter with its corner at `cutoff` Hz.
    public init(cutoff: Double, sampleRate: Int) {
        pole = Float(exp(-2 * Double.pi * cutoff / Double(sampleRate)))
    }

    /// Filters interleaved stereo frames in place.
    public mutating func process(_ block: inout [Float]) {
        guard block.count >= 2 else { return }
        // The session opens at its first sample's level, as if it had always been there: no step for the filter
        // to ring out (a source with a constant offset would otherwise leave a decaying tail).
        var lastIn = self.lastIn ?? (block[0], block[1])
        defer { self.lastIn = lastIn }
        for frame in 0..<(block.count / 2) {
            let left = block[2 * frame], right = block[2 * frame + 1]
            lastOut.0 = left - lastIn.0 + pole * lastOut.0
            lastOut.1 = right - lastIn.1 + pole * lastOut.1
            lastIn = (left, right)
            block[2 * frame] = lastOut.0
            block[2 * frame + 1] = lastOut.1
        }
    }
}
