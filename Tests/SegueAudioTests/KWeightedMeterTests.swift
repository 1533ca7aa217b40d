import Foundation
import SegueAudio
import Testing

/// The render's own loudness meter against libebur128 on the same signals.
@Suite struct KWeightedMeterTests {
    /// 40 s of filtered noise and tones in steps of level (so the loudness range is several LU), stereo.
    static func signal(sampleRate: Int) -> [Float] {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        var low: Float = 0
        let frames = sampleRate * 40
        var samples = [Float](repeating: 0, count: frames * 2)
        for frame in 0..<frames {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let white = Float(Int64(bitPattern: state >> 11) % 20_000) / 20_000 - 0.5
            low = 0.8 * low + 0.2 * white
            let second = frame / sampleRate
            let level = Float(pow(10, -Double(second % 8) * 2 / 20))
            let tone =
                0.1 * Float(sin(2 * Double.pi * (second % 2 == 0 ? 90 : 3000) * Double(frame) / Double(sampleRate)))
            samples[2 * frame] = level * (0.4 * low + tone)
            samples[2 * frame + 1] = level * (0.3 * low - tone)
        }
        return samples
    }

    @Test(arguments: [44_100, 48_000])
    func loudnessAndRangeMatchLibebur128(sampleRate: Int) throws {
        let samples = Self.signal(sampleRate: sampleRate)
        let reference = try LoudnessMeter(sampleRate: sampleRate, channels: 2, measures: [.loudnessRange])
        try reference.add(samples)
        var meter = KWeightedMeter(sampleRate: sampleRate)
        // In uneven pieces, as blocks arrive in a render.
        var offset = 0
        for size in [1, 4095, 30_000, 77] where offset < samples.count {
            let end = min(samples.count, offset + size * 2)
            samples[offset..<end].withUnsafeBufferPointer { meter.add($0) }
            offset = end
        }
        samples[offset...].withUnsafeBufferPointer { meter.add($0) }
        #expect(
            abs(meter.integratedLoudness - reference.integratedLoudness) < 0.05,
            "\(meter.integratedLoudness) against \(reference.integratedLoudness)")
        #expect(reference.loudnessRange > 3)
        #expect(
            abs(meter.loudnessRange - reference.loudnessRange) < 0.5,
            "\(meter.loudnessRange) against \(reference.loudnessRange)")
    }

    @Test func silenceHasNoLoudness() {
        var meter = KWeightedMeter(sampleRate: 44_100)
        [Float](repeating: 0, count: 44_100 * 4).withUnsafeBufferPointer { meter.add($0) }
        #expect(meter.integratedLoudness == -.infinity && meter.loudnessRange == 0)
    }
}
