import Foundation
import SegueCore

extension SafetyPolicy {
    /// The policy shipped with Segue, read from the installed data (`SegueData.installed.policy`).
    /// - Throws: `FileError` when it is missing, `SafetyPolicyError` naming the file and line of a malformed entry.
    public static func shipped() throws -> SafetyPolicy {
        guard let folder = SegueData.installed.policy else {
            throw FileError(
                .notFound, path: SegueData.installed.root.appendingPathComponent("policy").path,
                message: "the safety policy is missing (reinstall Segue, or set SEGUE_DATA_DIR to its data folder)")
        }
        return try load(from: folder)
    }

    /// The shipped policy for tests and the fuzzer, which cannot go on without it. Commands use `shipped()`, which
    /// reports a missing or edited-and-broken policy instead of stopping.
    public static let standard: SafetyPolicy = {
        do {
            return try shipped()
        } catch {
            fatalError("cannot load the shipped safety policy: \(error)")
        }
    }()

    /// Loads a policy folder: `policy.json`, `lexicon.tsv`, `cooccurrence.tsv`, `referring.tsv`, `claims.tsv`,
    /// `frames.tsv`, `allowed-names.txt`.
    /// - Throws: `SafetyPolicyError` naming the file and line; `FileError` for a file that cannot be read or is not
    ///   UTF-8 text; `CatalogError` for a malformed `policy.json`.
    public static func load(from folder: URL) throws -> SafetyPolicy {
        struct Settings: Decodable {
            var version: String
            var phoneme_language: String
            var max_slot_length: Int
            var name_slots: [String]
            var consented_listener_slots: [String]
            var nameless_fallbacks: [String: String]
        }
        let settings = try JSONFile.decode(Settings.self, from: folder.appendingPathComponent("policy.json"))
        func rows(_ name: String) throws -> [(line: Int, fields: [String], path: String)] {
            let url = folder.appendingPathComponent(name)
            let text = try InputFile.text(url)
            return text.components(separatedBy: "\n").enumerated().compactMap { index, line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
                return (
                    index + 1, line.components(separatedBy: "\t").map { $0.trimmingCharacters(in: .whitespaces) },
                    url.path
                )
            }
        }
        func tier(_ text: String, _ row: (line: Int, fields: [String], path: String)) throws -> SafetyTier {
            guard let tier = SafetyTier(rawValue: text) else {
                throw SafetyPolicyError(path: "\(row.path):\(row.line)", message: "unknown tier '\(text)'")
            }
            return tier
        }
        func category(_ text: String, _ row: (line: Int, fields: [String], path: String)) throws -> SafetyCategory {
            guard let category = SafetyCategory(rawValue: text) else {
                throw SafetyPolicyError(path: "\(row.path):\(row.line)", message: "unknown category '\(text)'")
            }
            return category
        }
        let terms = try rows("lexicon.tsv").map { row -> Term in
            guard row.fields.count >= 3 else {
                throw SafetyPolicyError(path: "\(row.path):\(row.line)", message: "expected pattern, tier, category")
            }
            return Term(
                row.fields[0], try tier(row.fields[1], row), try category(row.fields[2], row),
                matchesSound: !(row.fields.count > 3 && row.fields[3].contains("nophone")))
        }
        let cooccurrences = try rows("cooccurrence.tsv").map { row -> Cooccurrence in
            guard row.fields.count == 5, let window = Int(row.fields[2]) else {
                throw SafetyPolicyError(
                    path: "\(row.path):\(row.line)", message: "expected category, tier, window, first words, then words"
                )
            }
            let split = { (text: String) in
                text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            }
            return Cooccurrence(
                category: try category(row.fields[0], row), tier: try tier(row.fields[1], row), window: window,
                first: split(row.fields[3]), then: split(row.fields[4]))
        }
        let referrals = try rows("referring.tsv").map { row -> Referral in
            guard row.fields.count == 4 else {
                throw SafetyPolicyError(
                    path: "\(row.path):\(row.line)", message: "expected category, tier, phrases, fact words")
            }
            let split = { (text: String) in
                text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            }
            return Referral(
                category: try category(row.fields[0], row), tier: try tier(row.fields[1], row),
                phrases: split(row.fields[2]), factWords: split(row.fields[3]))
        }
        // Frames: classes first (a member `{name}` stands for an earlier class's members), then the frames.
        var classes: [String: [String]] = [:]
        var frames: [Frame] = []
        for row in try rows("frames.tsv") {
            let place = "\(row.path):\(row.line)"
            switch row.fields.first {
            case "class":
                guard row.fields.count == 3, !row.fields[1].isEmpty else {
                    throw SafetyPolicyError(path: place, message: "expected class, name, members")
                }
                var members: [String] = []
                for member in row.fields[2].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                    if member.hasPrefix("{") && member.hasSuffix("}") {
                        guard let earlier = classes[String(member.dropFirst().dropLast())] else {
                            throw SafetyPolicyError(path: place, message: "no earlier class named \(member)")
                        }
                        members += earlier
                    } else if !member.isEmpty {
                        members.append(member.lowercased())
                    }
                }
                classes[row.fields[1]] = members
            case "frame":
                guard row.fields.count == 5 else {
                    throw SafetyPolicyError(path: place, message: "expected frame, category, tier, name, pattern")
                }
                let frame = Frame(
                    name: row.fields[3], category: try category(row.fields[1], row), tier: try tier(row.fields[2], row),
                    pattern: row.fields[4])
                if let problem = frame.problem(classes: classes) {
                    throw SafetyPolicyError(path: place, message: "frame \(frame.name): \(problem)")
                }
                frames.append(frame)
            default:
                throw SafetyPolicyError(path: place, message: "expected a class or a frame row")
            }
        }
        let claims = try rows("claims.tsv").map { Term($0.fields[0], .strong, .ungrounded) }
        let names = try rows("allowed-names.txt").map { $0.fields.joined(separator: " ").lowercased() }
        return SafetyPolicy(
            version: settings.version, terms: terms, referrals: referrals, cooccurrences: cooccurrences, claims: claims,
            allowedNames: Set(names), nameSlots: Set(settings.name_slots),
            consentedListenerSlots: Set(settings.consented_listener_slots),
            namelessFallbacks: settings.nameless_fallbacks, maxSlotLength: settings.max_slot_length,
            phonemeLanguage: settings.phoneme_language, frames: frames, frameClasses: classes)
    }
}

extension SafetyChecker {
    /// A checker with the policy shipped with Segue.
    public init() { self.init(policy: .standard) }
}

extension SafetyScreen {
    /// Prepares a screen with the policy shipped with Segue (see `make(policy:transcriber:)`).
    public static func make(transcriber: (any PhonemeTranscribing)?) async throws -> SafetyScreen {
        try await make(policy: .standard, transcriber: transcriber)
    }
}

extension TemplateLinter {
    /// A linter that screens template text with the policy shipped with Segue.
    public init() { self.init(checker: SafetyChecker()) }
}
