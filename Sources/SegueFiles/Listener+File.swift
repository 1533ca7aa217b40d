import Foundation
import SegueCore

extension Listener {
    /// Loads a listener file.
    /// - Throws: `CatalogError` naming the file: `.unknownListener` when it does not exist.
    public static func load(from url: URL) throws -> Listener {
        var warnings: [InputWarning] = []
        return try load(from: url, warnings: &warnings)
    }

    /// Loads a listener file as `load(from:)` does, and appends to `warnings` what it read past: fields that neither
    /// the listener nor a history entry has (`nmae: unknown field (did you mean 'name'?)`).
    /// - Throws: `CatalogError` naming the file: `.unknownListener` when it does not exist.
    public static func load(from url: URL, warnings: inout [InputWarning]) throws -> Listener {
        let file: ListenerFile
        do {
            file = try JSONFile.decode(ListenerFile.self, from: url)
        } catch let error as CatalogError where error.code == .fileNotFound {
            let folder = url.deletingLastPathComponent()
            let known =
                (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?
                .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted() ?? []
            let hint = known.isEmpty ? "" : " (known listeners in \(folder.path): \(known.joined(separator: ", ")))"
            throw CatalogError(.unknownListener, path: url.path, message: "unknown listener: no such file\(hint)")
        }
        var report = UnknownFieldReport(path: url.path)
        report.check(file.keys, against: .listener, at: "")
        for (index, keys) in file.historyKeys.enumerated() {
            report.check(keys, against: .historyEntry, at: "history[\(index)]", group: "history entries")
        }
        warnings += report.warnings
        return file.listener
    }
}

/// A listener and the keys its file holds: at the top level and in each history entry, read in the one decoding pass.
private struct ListenerFile: Decodable {
    var listener: Listener
    var keys: [String]
    var historyKeys: [[String]] = []

    init(from decoder: any Decoder) throws {
        listener = try Listener(from: decoder)
        keys = AnyCodingKey.keys(at: decoder)
        let history = AnyCodingKey(stringValue: Listener.CodingKeys.history.stringValue)
        guard var entries = try? decoder.container(keyedBy: AnyCodingKey.self).nestedUnkeyedContainer(forKey: history)
        else { return }
        while !entries.isAtEnd, let entry = try? entries.decode(KeysOnly.self) {
            historyKeys.append(entry.keys)
        }
    }
}

/// The keys of one JSON object, its values unread.
private struct KeysOnly: Decodable {
    var keys: [String]

    init(from decoder: any Decoder) throws {
        keys = AnyCodingKey.keys(at: decoder)
    }
}
