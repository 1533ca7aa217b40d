import Foundation
import SegueCore

extension SpeechNormalizer {
    /// Loads the pronunciation lexicon (`written<TAB>spoken` per line, `#` comments).
    /// - Throws: `CatalogError` naming the file and line of a malformed entry; `FileError` for a file that cannot be
    ///   read (a folder or a FIFO is refused, never waited on) or is not UTF-8 text.
    public static func load(from url: URL) throws -> SpeechNormalizer {
        let text = try InputFile.text(url)
        var entries: [(String, String)] = []
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let fields = line.components(separatedBy: "\t")
            guard fields.count == 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw CatalogError(
                    .invalidValue, path: "\(url.path):\(index + 1)", message: "expected 'written<TAB>spoken'")
            }
            entries.append((fields[0], fields[1]))
        }
        return SpeechNormalizer(pronunciations: entries)
    }
}
