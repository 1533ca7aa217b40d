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

    public init(name: String, description: String? = nil, espeakVoice: String, variant: String? = nil,
                rate: Int = 165, pitch: Int = 50, volume: Int = 100, language: String = "en-US") {
        self.name = name
        self.description = description
        self.espeakVoice = espeakVoice
        self.variant = variant
        self.rate = rate
        self.pitch = pitch
        self.volume = volume
        self.language = language
    }

    /// Loads every `*.json` profile in `folder`, by name.
    /// - Throws: `CatalogError` naming a malformed file.
    public static func loadAll(from folder: URL) throws -> [String: VoiceProfile] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw CatalogError(.fileNotFound, path: folder.path, message: "no voices folder")
        }
        var profiles: [String: VoiceProfile] = [:]
        for name in names.sorted() where name.hasSuffix(".json") {
            let url = folder.appendingPathComponent(name)
            let profile = try JSONFile.decode(VoiceProfile.self, from: url)
            guard (80...450).contains(profile.rate), (0...100).contains(profile.pitch), (0...200).contains(profile.volume) else {
                throw CatalogError(.invalidValue, path: url.path,
                                   message: "rate_wpm must be 80–450, pitch 0–100 and volume 0–200")
            }
            profiles[profile.name] = profile
        }
        return profiles
    }

    /// The profile called `name` in `folder`.
    /// - Throws: `SpeechError.unknownVoice` listing the profiles there.
    public static func named(_ name: String, in folder: URL) throws -> VoiceProfile {
        let all = try loadAll(from: folder)
        guard let profile = all[name] else {
            throw SpeechError(.unknownVoice, message: "unknown voice '\(name)'; voices in \(folder.path): \(all.keys.sorted().joined(separator: ", "))")
        }
        return profile
    }

    /// The profile for a listener's locale: same language and region first, then same language, then
    /// the first profile by name.
    /// - Throws: `CatalogError` when the folder has no profiles.
    public static func matching(locale: String, in folder: URL) throws -> VoiceProfile {
        let profiles = try loadAll(from: folder).values.sorted { $0.name < $1.name }
        let wanted = locale.lowercased().replacingOccurrences(of: "_", with: "-")
        let language = wanted.prefix { $0 != "-" }
        guard let match = profiles.first(where: { $0.language.lowercased() == wanted })
            ?? profiles.first(where: { $0.language.lowercased().hasPrefix(language) }) ?? profiles.first
        else { throw CatalogError(.fileNotFound, path: folder.path, message: "no voice profiles") }
        return match
    }
}
