import Foundation

/// How the DJ sounds: an espeak-ng voice and its settings, loaded from `voices/<name>.json`.
public struct VoiceProfile: Sendable, Codable, Equatable {
    /// The profile's name, as used with `--voice`.
    public var name: String
    public var description: String?
    /// An espeak-ng voice: a language such as `en-us`, a voice name, or a voice file such as `gmw/en-US`.
    public var espeakVoice: String
    /// An espeak-ng variant such as `f3` or `m2`.
    public var variant: String?
    /// Speaking rate in words per minute (espeak-ng accepts 80–450).
    public var rate: Int
    /// Base pitch, 0–100 (espeak-ng's default is 50).
    public var pitch: Int
    /// Volume, 0–200 (espeak-ng's default is 100).
    public var volume: Int
    /// BCP-47 language of the lines this voice reads, e.g. `en-US`.
    public var language: String

    enum CodingKeys: String, CodingKey {
        case name, description
        case espeakVoice = "espeak_voice"
        case variant
        case rate = "rate_wpm"
        case pitch, volume, language
    }

    public init(
        name: String, description: String? = nil, espeakVoice: String, variant: String? = nil,
        rate: Int = 165, pitch: Int = 50, volume: Int = 100, language: String = "en-US"
    ) {
        self.name = name
        self.description = description
        self.espeakVoice = espeakVoice
        self.variant = variant
        self.rate = rate
        self.pitch = pitch
        self.volume = volume
        self.language = language
    }

    /// The speaking rates espeak-ng accepts, in words per minute.
    public static let rateRange = 80...450
    /// The base pitches espeak-ng accepts.
    public static let pitchRange = 0...100
    /// The volumes espeak-ng accepts.
    public static let volumeRange = 0...200

    /// The profile for a listener's locale: same language and region first, then same language, then the first
    /// profile by name; nil when there are none.
    public static func matching(locale: String, among profiles: [VoiceProfile]) -> VoiceProfile? {
        let sorted = profiles.sorted { $0.name < $1.name }
        let wanted = locale.lowercased().replacingOccurrences(of: "_", with: "-")
        let language = wanted.prefix { $0 != "-" }
        return sorted.first { $0.language.lowercased() == wanted }
            ?? sorted.first { $0.language.lowercased().hasPrefix(language) } ?? sorted.first
    }
}

extension VoiceProfile: DocumentedRanges {
    /// What the field with this JSON name allows, for the fields whose Swift type allows more.
    public static func allowedValues(forField name: String) -> String? {
        switch CodingKeys(rawValue: name) {
        case .rate: rateRange.allowedValues
        case .pitch: pitchRange.allowedValues
        case .volume: volumeRange.allowedValues
        default: nil
        }
    }
}
