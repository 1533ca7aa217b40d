import Foundation
import SegueAudio
import SegueCore
import SegueStore

/// Where a catalog's audio may come from: the catalog's own folder and the library roots the user named. A track's
/// path is resolved (symbolic links and `..` included) and must land inside one of them; anything else is refused
/// with one message that says nothing about the file system (not whether the file exists).
public struct AudioLibrary: Sendable, Equatable {
    /// The folders audio may be read from, resolved.
    public let roots: [String]
    /// Whether each file opened, by path, size and modification time: a server asked for lineups again and again
    /// opens each file once (opening an Ogg Vorbis file builds its codebooks: most of a lineup request's time).
    private let opened = FileCache<String?>()

    /// The catalog's folder and `roots`.
    public init(catalogFolder: URL, roots: [URL] = []) {
        self.roots = ([catalogFolder] + roots).map { Self.resolved($0.path) }
    }

    /// The folders a library database at `url` imported its audio from; none for any other catalog file.
    public static func importedRoots(of url: URL) -> [URL] {
        CatalogLoader.format(of: url) == .sqlite ? LibraryStore.libraryRoots(of: url) : []
    }

    /// What a track whose audio lies elsewhere is told.
    public static let outsideMessage = "audio outside the catalog's folder and library roots (see --library-root)"

    /// The track's audio file, if it has one inside the library.
    /// - Returns: the file, or the reason it cannot be played.
    public func audio(for track: Track, in catalog: Catalog) -> Result<URL, SessionError> {
        checkedPath(for: track, in: catalog).map { URL(fileURLWithPath: $0.path) }
    }

    /// The track's audio path and that path resolved, if it lies inside the library; else the reason.
    private func checkedPath(
        for track: Track, in catalog: Catalog
    ) -> Result<(path: String, resolved: String), SessionError> {
        guard let path = catalog.audioPath(for: track) else {
            return .failure(SessionError(.inconsistentPlan, message: "no audio file in the catalog"))
        }
        let resolved = Self.resolved(path)
        guard roots.contains(where: { resolved.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }) else {
            return .failure(SessionError(.inconsistentPlan, message: Self.outsideMessage))
        }
        return .success((path, resolved))
    }

    /// Why the track's audio cannot play (no file, outside the library, unreadable), or nil when its file opens: the
    /// check `segue lineup` makes so that it counts the tracks a session would play. (A session also analyses the
    /// audio and refuses silent or truncated files.)
    public func problem(with track: Track, in catalog: Catalog) -> String? {
        switch checkedPath(for: track, in: catalog) {
        case .failure(let refused): return refused.message
        case .success(let found):
            return opened.value(forPath: found.resolved) {
                do {
                    _ = try AudioFileReader(url: URL(fileURLWithPath: found.path))
                    return nil
                } catch {
                    return "\(error)"
                }
            }
        }
    }

    /// Libraries are the same when they read from the same folders.
    public static func == (a: AudioLibrary, b: AudioLibrary) -> Bool { a.roots == b.roots }

    /// `path` with `..` and symbolic links resolved (the nearest existing folder's links, for a file not there yet).
    static func resolved(_ path: String) -> String {
        // realpath(3) answers for an existing file in one call; Foundation's walk handles a file not there yet.
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        return URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
