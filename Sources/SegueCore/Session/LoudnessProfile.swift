import Foundation

/// A sound's loudness over time: the K-weighted energy (ITU-R BS.1770, summed over channels) and the sample peak of
/// every 100 ms block, the gating step of integrated loudness.
///
/// Measured once in a track's analysis, it lets the mix stage predict a session's loudness, the level under each
/// talk span and where a track really starts and ends, before any audio is mixed.
public struct LoudnessProfile: Sendable, Equatable {
    /// Seconds per block.
    public static let blockSeconds = 0.1

    /// Mean square per block, K-weighted and summed over channels (`10^((LUFS + 0.691) / 10)`).
    public var energies: [Float]
    /// Largest absolute sample per block, linear.
    public var peaks: [Float]

    public init(energies: [Float], peaks: [Float]) {
        self.energies = energies
        self.peaks = peaks
    }

    /// The energy a loudness in LUFS stands for, and back.
    public static func energy(ofLoudness lufs: Double) -> Double { pow(10, (lufs + 0.691) / 10) }
    public static func loudness(ofEnergy energy: Double) -> Double {
        energy > 0 ? -0.691 + 10 * log10(energy) : -.infinity
    }

    /// The block holding `seconds` from the start (nil outside the profile).
    public func block(at seconds: Double) -> Int? {
        let index = Int((seconds / Self.blockSeconds).rounded(.down))
        return energies.indices.contains(index) ? index : nil
    }

    /// Integrated loudness of a sequence of 100 ms block energies, gated as BS.1770 gates: 400 ms windows overlapping
    /// by 75 %, an absolute gate at −70 LUFS and a relative gate 10 LU under the mean of the windows above it.
    public static func integratedLoudness(ofBlocks energies: [Double]) -> Double {
        guard energies.count >= 4 else {
            return energies.isEmpty ? -.infinity : loudness(ofEnergy: energies.reduce(0, +) / Double(energies.count))
        }
        var windows: [Double] = []
        windows.reserveCapacity(energies.count - 3)
        var sum = energies[0..<4].reduce(0, +)
        windows.append(sum / 4)
        for index in 4..<energies.count {
            sum += energies[index] - energies[index - 4]
            windows.append(max(sum, 0) / 4)
        }
        let absolute = energy(ofLoudness: -70)
        let loud = windows.filter { $0 > absolute }
        guard !loud.isEmpty else { return -.infinity }
        let relative = loud.reduce(0, +) / Double(loud.count) * pow(10, -1.0)
        let gated = loud.filter { $0 > relative }
        return loudness(ofEnergy: gated.reduce(0, +) / Double(gated.count))
    }
}
