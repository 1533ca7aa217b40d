import Foundation
import SegueCore

/// Loudness (ITU-R BS.1770-4) and loudness range (EBU Tech 3342) of a stereo stream, measured inside the render's
/// own pass: the K-weighting filter (libebur128's coefficients, derived for any rate by the bilinear transform) in
/// double precision on both channels at once, summed into 100 ms block energies; the gating is
/// `LoudnessProfile.integratedLoudness(ofBlocks:)`.
///
/// libebur128 measures every track, clip and talk span; this meter exists because on the render's critical path
/// libebur128 cost a fifth of all the CPU a session takes (its filter runs sample by sample through a general loop).
/// Tests hold the two to the same figures.
public struct KWeightedMeter {
    public let sampleRate: Int
    /// Biquad coefficients (b0, b1, b2, a1, a2) of the high shelf and the high-pass.
    private let shelf: (SIMD2<Double>, SIMD2<Double>, SIMD2<Double>, SIMD2<Double>, SIMD2<Double>)
    private let highPass: (SIMD2<Double>, SIMD2<Double>, SIMD2<Double>, SIMD2<Double>, SIMD2<Double>)
    /// Filter state, transposed direct form II, left and right in the two lanes.
    private var shelfState = (SIMD2<Double>.zero, SIMD2<Double>.zero)
    private var highPassState = (SIMD2<Double>.zero, SIMD2<Double>.zero)
    private let blockFrames: Int
    private var fill = 0
    private var sum = SIMD2<Double>.zero
    /// K-weighted mean square of every complete 100 ms block, summed over the channels.
    public private(set) var blocks: [Double] = []

    public init(sampleRate: Int) {
        self.sampleRate = sampleRate
        blockFrames = max(1, Int((Double(sampleRate) * LoudnessProfile.blockSeconds).rounded()))
        let rate = Double(sampleRate)
        // The high shelf (+4 dB above about 1.5 kHz, the head's acoustic effect).
        var f0 = 1681.974450955533, q = 0.7071752369554196
        let gain = 3.999843853973347
        var k = tan(Double.pi * f0 / rate)
        let vh = pow(10, gain / 20), vb = pow(vh, 0.4996667741545416)
        var a0 = 1 + k / q + k * k
        shelf = (
            SIMD2(repeating: (vh + vb * k / q + k * k) / a0), SIMD2(repeating: 2 * (k * k - vh) / a0),
            SIMD2(repeating: (vh - vb * k / q + k * k) / a0), SIMD2(repeating: 2 * (k * k - 1) / a0),
            SIMD2(repeating: (1 - k / q + k * k) / a0)
        )
        // The high-pass (RLB weighting, about 38 Hz).
        f0 = 38.13547087602444
        q = 0.5003270373238773
        k = tan(Double.pi * f0 / rate)
        a0 = 1 + k / q + k * k
        highPass = (
            SIMD2(repeating: 1), SIMD2(repeating: -2), SIMD2(repeating: 1), SIMD2(repeating: 2 * (k * k - 1) / a0),
            SIMD2(repeating: (1 - k / q + k * k) / a0)
        )
    }

    /// Adds interleaved stereo frames.
    public mutating func add(_ samples: UnsafeBufferPointer<Float>) {
        let (sb0, sb1, sb2, sa1, sa2) = shelf
        let (hb0, hb1, hb2, ha1, ha2) = highPass
        var (s1, s2) = shelfState
        var (h1, h2) = highPassState
        var sum = sum, fill = fill
        for frame in 0..<(samples.count / 2) {
            let x = SIMD2(Double(samples[2 * frame]), Double(samples[2 * frame + 1]))
            let y = sb0 * x + s1
            s1 = sb1 * x - sa1 * y + s2
            s2 = sb2 * x - sa2 * y
            let z = hb0 * y + h1
            h1 = hb1 * y - ha1 * z + h2
            h2 = hb2 * y - ha2 * z
            sum += z * z
            fill += 1
            if fill == blockFrames {
                blocks.append((sum.x + sum.y) / Double(blockFrames))
                sum = .zero
                fill = 0
            }
        }
        shelfState = (s1, s2)
        highPassState = (h1, h2)
        self.sum = sum
        self.fill = fill
    }

    /// Integrated loudness, LUFS (`-infinity` for silence).
    public var integratedLoudness: Double { LoudnessProfile.integratedLoudness(ofBlocks: blocks) }

    /// Loudness range, LU (EBU Tech 3342, as libebur128 measures it): short-term (3 s) loudness every second, gated
    /// at −70 LUFS and 20 LU under their mean, from the 10th to the 95th percentile; 0 when too short.
    public var loudnessRange: Double {
        let window = Int((3 / LoudnessProfile.blockSeconds).rounded())
        let hop = Int((1 / LoudnessProfile.blockSeconds).rounded())
        guard blocks.count >= window else { return 0 }
        var shortTerm: [Double] = []
        var end = window
        while end <= blocks.count {
            shortTerm.append(blocks[(end - window)..<end].reduce(0, +) / Double(window))
            end += hop
        }
        let absolute = LoudnessProfile.energy(ofLoudness: -70)
        let loud = shortTerm.filter { $0 > absolute }
        guard !loud.isEmpty else { return 0 }
        let relative = loud.reduce(0, +) / Double(loud.count) * pow(10, -2.0)
        let gated = loud.filter { $0 >= relative }.map(LoudnessProfile.loudness(ofEnergy:)).sorted()
        guard gated.count > 1 else { return 0 }
        func percentile(_ p: Double) -> Double { gated[Int((Double(gated.count - 1) * p).rounded())] }
        return percentile(0.95) - percentile(0.10)
    }
}
