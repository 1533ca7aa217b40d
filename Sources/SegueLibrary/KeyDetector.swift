import Foundation
import SegueCore

/// Reads the musical key of a stream of magnitude spectra: each spectrum folded to a 12-bin chroma (pitch-class)
/// profile, the profiles summed, and the sum correlated with the Krumhansl–Kessler major and minor key profiles in
/// all 12 transpositions. The best of the 24 correlations names the key.
struct KeyDetector {
    /// A key and how well the chroma fits it.
    struct Estimate: Equatable {
        /// Pitch class of the tonic: 0 is C, 9 is A.
        var tonic: Int
        var isMinor: Bool
        /// Pearson correlation of the chroma with the key's profile, clamped to 0...1.
        var confidence: Double

        /// The key on the Camelot wheel: C major is 8B, A minor 8A; a fifth up is one step clockwise.
        var camelot: CamelotKey? {
            // Minor keys share the number of their relative major, three semitones up.
            let major = isMinor ? (tonic + 3) % 12 : tonic
            let number = (major * 7 + 7) % 12 + 1
            return CamelotKey("\(number)\(isMinor ? "A" : "B")")
        }
    }

    /// Krumhansl and Kessler (1982), probe-tone ratings of the 12 degrees in C major and C minor.
    static let majorProfile = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88]
    static let minorProfile = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]

    /// Lowest and highest frequencies folded: A1 to A6, the range of bass lines and chords.
    static let frequencies = 55.0...1_760.0

    /// For each spectrum bin folded, its index and pitch class.
    private let bins: [(index: Int, pitchClass: Int)]
    private(set) var chroma = [Double](repeating: 0, count: 12)
    private(set) var frames = 0

    /// A detector for spectra of `size / 2 + 1` magnitudes from `size`-point FFTs at `sampleRate`.
    init(sampleRate: Int, size: Int) {
        var bins: [(Int, Int)] = []
        for index in 1...(size / 2) {
            let frequency = Double(index * sampleRate) / Double(size)
            guard Self.frequencies.contains(frequency) else { continue }
            // Semitones from A4 (440 Hz); A is pitch class 9.
            let semitones = Int((12 * log2(frequency / 440)).rounded())
            bins.append((index, ((semitones + 9) % 12 + 12) % 12))
        }
        self.bins = bins
    }

    /// Folds one spectrum into the chroma. Each spectrum counts alike, however loud, so a loud chorus does not drown
    /// a quiet verse; a spectrum with no energy in the folded range counts for nothing.
    mutating func add(_ magnitudes: UnsafeBufferPointer<Float>) {
        var frame = [Double](repeating: 0, count: 12)
        var total = 0.0
        for (index, pitchClass) in bins where index < magnitudes.count {
            let value = Double(magnitudes[index])
            frame[pitchClass] += value
            total += value
        }
        guard total > 1e-6 else { return }
        for pitchClass in 0..<12 { chroma[pitchClass] += frame[pitchClass] / total }
        frames += 1
    }

    /// The best-fitting key; nil before any spectrum with energy.
    func estimate() -> Estimate? {
        guard frames > 0 else { return nil }
        var best = Estimate(tonic: 0, isMinor: false, confidence: -2)
        for tonic in 0..<12 {
            for (isMinor, profile) in [(false, Self.majorProfile), (true, Self.minorProfile)] {
                let rotated = (0..<12).map { profile[(($0 - tonic) % 12 + 12) % 12] }
                let r = Self.correlation(chroma, rotated)
                if r > best.confidence { best = Estimate(tonic: tonic, isMinor: isMinor, confidence: r) }
            }
        }
        best.confidence = max(0, min(1, best.confidence))
        return best
    }

    /// Pearson correlation of two equally long series; 0 when either is flat.
    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let count = Double(x.count)
        let meanX = x.reduce(0, +) / count
        let meanY = y.reduce(0, +) / count
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - meanX) * (b - meanY)
            sxx += (a - meanX) * (a - meanX)
            syy += (b - meanY) * (b - meanY)
        }
        guard sxx > 0, syy > 0 else { return 0 }
        return sxy / (sxx * syy).squareRoot()
    }
}
