import Foundation
import SegueCore

extension Listener {
    /// Loads a listener file.
    /// - Throws: `CatalogError` naming the file: `.unknownListener` when it does not exist.
    public static func load(from url: URL) throws -> Listener {
        do {
            return try JSONFile.decode(Listener.self, from: url)
        } catch let error as CatalogError where error.code == .fileNotFound {
            let folder = url.deletingLastPathComponent()
            let known = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?
                .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted() ?? []
            let hint = known.isEmpty ? "" : " (known listeners in \(folder.path): \(known.joined(separator: ", ")))"
            throw CatalogError(.unknownListener, path: url.path, message: "unknown listener: no such file\(hint)")
        }
    }
}
