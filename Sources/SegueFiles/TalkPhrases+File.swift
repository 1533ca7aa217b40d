import Foundation
import SegueCore

extension TalkPhrases {
    /// The genre phrases' file name in a templates folder.
    public static let genresName = "genres.tsv"
    /// The reason phrases' file name in a templates folder.
    public static let reasonsName = "reasons.tsv"

    /// Loads `genres.tsv` and `reasons.tsv` from a templates folder; a missing file contributes nothing.
    /// - Throws: `CatalogError` naming the file and line of a malformed entry or an unknown reason key; `FileError`
    ///   for a file that cannot be read.
    public static func load(from folder: URL) throws -> TalkPhrases {
        let genres = try table(folder.appendingPathComponent(genresName)) { _ in nil }
        let reasons = try table(folder.appendingPathComponent(reasonsName)) { key in
            ReasonKey(rawValue: key) == nil && !energyKeys.contains(key)
                ? "unknown reason key '\(key)' (keys: \((ReasonKey.allCases.map(\.rawValue) + energyKeys).joined(separator: ", ")))"
                : nil
        }
        return TalkPhrases(
            genres: genres.mapValues { Dictionary($0.map { ($0.key.lowercased(), $0.value) }) { first, _ in first } },
            reasons: reasons)
    }

    /// `locale<TAB>key<TAB>phrase` lines (`#` comments) by locale, then key; `problem` refuses a key.
    private static func table(
        _ url: URL, problem: (String) -> String?
    ) throws -> [String: [String: String]] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [:] }
        var table: [String: [String: String]] = [:]
        for (index, line) in try InputFile.text(url).components(separatedBy: "\n").enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let fields = line.components(separatedBy: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 3, fields.allSatisfy({ !$0.isEmpty }) else {
                throw CatalogError(
                    .invalidValue, path: "\(url.path):\(index + 1)", message: "expected 'locale<TAB>key<TAB>phrase'")
            }
            if let problem = problem(fields[1]) {
                throw CatalogError(.invalidValue, path: "\(url.path):\(index + 1)", message: problem)
            }
            table[fields[0], default: [:]][fields[1]] = fields[2]
        }
        return table
    }
}
