import Foundation
import SegueCore

extension VoiceProfile {
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
            guard (80...450).contains(profile.rate), (0...100).contains(profile.pitch),
                (0...200).contains(profile.volume)
            else {
                throw CatalogError(
                    .invalidValue, path: url.path,
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
            throw SpeechError(
                .unknownVoice,
                message:
                    "unknown voice '\(name)'; voices in \(folder.path): \(all.keys.sorted().joined(separator: ", "))")
        }
        return profile
    }

    /// The profile for a listener's locale among the profiles in `folder` (see `matching(locale:among:)`).
    /// - Throws: `CatalogError` when the folder has no profiles.
    public static func matching(locale: String, in folder: URL) throws -> VoiceProfile {
        guard let match = matching(locale: locale, among: Array(try loadAll(from: folder).values)) else {
            throw CatalogError(.fileNotFound, path: folder.path, message: "no voice profiles")
        }
        return match
    }
}
