import Foundation

/// How far a lineup's genre mix is from a listener's: KL(p ‖ q̃) with q̃ = 0.99 q + 0.01 p (Steck 2018).
enum GenreCalibration {
    /// - Parameters:
    ///   - target: the listener's shares p, one per target genre (summing to 1).
    ///   - total: the lineup's whole genre mass (one per track), including genres outside the target.
    ///   - mass: the lineup's genre mass on target genre `slot`.
    @inline(__always) static func divergence(target: [Double], total: Double, mass: (Int) -> Double) -> Double {
        var sum = 0.0
        for (slot, p) in target.enumerated() where p > 0 {
            sum += term(share: p, lineupShare: total > 0 ? mass(slot) / total : 0)
        }
        return sum
    }

    /// One target genre's part of the divergence: p log(p / (0.99 q + 0.01 p)), for its share p in the
    /// listener's mix and q in the lineup's.
    @inline(__always) static func term(share p: Double, lineupShare q: Double) -> Double {
        p * log(p / (0.99 * q + 0.01 * p))
    }
}
