import Foundation
import SegueCore
import SegueFiles
import SegueSession
import SegueStore

/// The listeners the studio makes sessions for, by id: the listener files of a folder, or a library database's
/// listeners. A request names a listener by id only; files are found from the ids read at start, never from a path
/// in the request.
public struct ListenerDirectory: Sendable {
    enum Source: Sendable {
        case files([String: URL])
        case store(LibraryStore)
    }

    let source: Source
    /// Listener files already read, by path, size and modification time: the lineup route reads a listener per
    /// request, and a file changed on disk is read again.
    private let loaded = FileCache<Listener>()

    /// The listener files (`*.json`) of `folder`, by the id inside each.
    /// - Throws: the loader's error for a file that is not a listener.
    public static func folder(_ folder: URL) throws -> ListenerDirectory {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var files: [String: URL] = [:]
        for name in names.sorted() where name.hasSuffix(".json") {
            let url = folder.appendingPathComponent(name)
            files[try Listener.load(from: url).id] = url
        }
        return ListenerDirectory(source: .files(files))
    }

    /// The listeners of a library database.
    public static func store(_ store: LibraryStore) -> ListenerDirectory {
        ListenerDirectory(source: .store(store))
    }

    /// Every listener id, sorted.
    public func ids() throws -> [String] {
        switch source {
        case .files(let files): return files.keys.sorted()
        case .store(let store): return try store.listenerIDs()
        }
    }

    /// The listener with `id`, with their history.
    /// - Throws: `StudioError.notFound` for an unknown id.
    public func listener(id: String) throws -> Listener {
        switch source {
        case .files(let files):
            guard let url = files[id] else { throw StudioError(.notFound, message: "no listener '\(id)'") }
            return try loaded.value(for: url) { try Listener.load(from: url) }
        case .store(let store):
            guard try store.listenerIDs().contains(id) else {
                throw StudioError(.notFound, message: "no listener '\(id)'")
            }
            return try store.listener(id: id)
        }
    }
}
