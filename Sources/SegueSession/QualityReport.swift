import Foundation
import SegueAudio

/// The QA gate after every render (`qa.json`): what the session measured against the broadcast spec, check by check.
public struct QualityReport: Sendable, Codable, Equatable {
    /// One line of the spec and how the render did.
    public struct Check: Sendable, Codable, Equatable {
        public var name: String
        public var measured: Double
        public var limit: String
        public var passed: Bool
    }

    public var targetLoudness: Double
    public var integratedLoudness: Double
    public var loudnessRange: Double
    public var truePeakDBTP: Double
    public var longestSilence: Double
    public var dcOffset: Double
    public var talkSpans: [TalkSpanLevel]
    public var checks: [Check]

    /// Whether every check passed.
    public var passed: Bool { checks.allSatisfy(\.passed) }

    enum CodingKeys: String, CodingKey {
        case targetLoudness = "target_lufs"
        case integratedLoudness = "integrated_lufs"
        case loudnessRange = "loudness_range_lu"
        case truePeakDBTP = "true_peak_dbtp"
        case longestSilence = "longest_silence_s"
        case dcOffset = "dc_offset"
        case talkSpans = "talk_spans"
        case checks, passed
    }

    public init(mix: MixReport, settings: MixSettings) {
        targetLoudness = settings.targetLoudness
        integratedLoudness = mix.loudness
        loudnessRange = mix.loudnessRange
        truePeakDBTP = mix.truePeakDBTP
        longestSilence = mix.longestSilence
        dcOffset = mix.dcOffset
        talkSpans = mix.speechOverMusic
        let quietest = talkSpans.map(\.speechOverMusic).min() ?? .infinity
        checks = [
            Check(
                name: "integrated loudness", measured: mix.loudness,
                limit: "within ±0.5 LU of \(settings.targetLoudness)",
                passed: abs(mix.loudness - settings.targetLoudness) <= 0.5),
            Check(
                name: "true peak", measured: mix.truePeakDBTP, limit: "≤ \(settings.ceiling) dBTP",
                passed: mix.truePeakDBTP <= settings.ceiling),
            Check(
                name: "speech over ducked music", measured: quietest, limit: "≥ 10 dB in every talk span",
                passed: quietest >= 10),
            Check(
                name: "longest silence", measured: mix.longestSilence, limit: "≤ 2 s", passed: mix.longestSilence <= 2),
            Check(name: "DC offset", measured: mix.dcOffset, limit: "< 0.001", passed: mix.dcOffset < 0.001),
        ]
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        targetLoudness = try c.decode(Double.self, forKey: .targetLoudness)
        integratedLoudness = try c.decode(Double.self, forKey: .integratedLoudness)
        loudnessRange = try c.decode(Double.self, forKey: .loudnessRange)
        truePeakDBTP = try c.decode(Double.self, forKey: .truePeakDBTP)
        longestSilence = try c.decode(Double.self, forKey: .longestSilence)
        dcOffset = try c.decode(Double.self, forKey: .dcOffset)
        talkSpans = try c.decode([TalkSpanLevel].self, forKey: .talkSpans)
        checks = try c.decode([Check].self, forKey: .checks)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(targetLoudness, forKey: .targetLoudness)
        try c.encode(integratedLoudness, forKey: .integratedLoudness)
        try c.encode(loudnessRange, forKey: .loudnessRange)
        try c.encode(truePeakDBTP, forKey: .truePeakDBTP)
        try c.encode(longestSilence, forKey: .longestSilence)
        try c.encode(dcOffset, forKey: .dcOffset)
        try c.encode(talkSpans, forKey: .talkSpans)
        try c.encode(checks, forKey: .checks)
        try c.encode(passed, forKey: .passed)
    }

    /// The failed checks, one per line ("true peak: -0.4 (limit ≤ -1.0 dBTP)").
    public var failures: [String] {
        checks.filter { !$0.passed }.map { String(format: "%@: %.3f (limit %@)", $0.name, $0.measured, $0.limit) }
    }
}
