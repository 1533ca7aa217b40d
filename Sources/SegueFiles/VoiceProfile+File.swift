import Foundation
import SegueCore

extension VoiceProfile {
    /// Loads every `*.json` profile in `folder`, by name.
    /// - Throws: `CatalogError` naming a malformed file, a value out of its range, or a folder that is missing or
    ///   cannot be read (with the system's reason).
    public static func loadAll(from folder: URL) throws -> [String: VoiceProfile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            guard FileError.errorNumber(of: error) != ENOENT else {
                throw CatalogError(.fileNotFound, path: folder.path, message: "no voices folder")
            }
            throw CatalogError(
                .unreadable, path: folder.path,
                message: "cannot be read as a voices folder (\(FileError.reason(of: error)))")
        }
        var profiles: [String: VoiceProfile] = [:]
        for name in names.sorted() where name.hasSuffix(".json") {
            let url = folder.appendingPathComponent(name)
            let profile = try JSONFile.decode(VoiceProfile.self, from: url)
            let values = [
                ("rate_wpm", profile.rate, VoiceProfile.rateRange), ("pitch", profile.pitch, VoiceProfile.pitchRange),
                ("volume", profile.volume, VoiceProfile.volumeRange),
            ]
            for (field, value, range) in values where !range.contains(value) {
                throw CatalogError(
                    .invalidValue, path: url.path,
                    message: "invalid value at \(field): \(value) is out of range (allowed: \(range.allowedValues))")
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
