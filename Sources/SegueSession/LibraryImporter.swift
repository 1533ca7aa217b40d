import Dispatch
import Foundation
import SegueCore
import SegueLibrary
import SegueStore

/// Imports music folders into a `LibraryStore`: finds the music files, reads each new or changed one once (tags
/// through TagLib, analysis, fingerprint) on every core, and writes the result in one transaction. Unchanged files
/// (same size and modification time) are not read again; a moved file is recognised by its fingerprint; a file gone
/// is marked missing. A file that cannot be read is reported with its reason and skipped; the rest go on.
public struct LibraryImporter: Sendable {
    /// A file left out, and why.
    public struct Skip: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Two files that hold the same recording (by their fingerprints).
    public struct Duplicate: Sendable, Equatable {
        public var first: String
        public var second: String
    }

    /// What an import did.
    public struct Report: Sendable, Equatable {
        public var outcome = ImportOutcome()
        public var unchanged = 0
        public var skipped: [Skip] = []
        public var duplicates: [Duplicate] = []
        /// Seconds of audio analysed, and the wall-clock seconds the analysis took.
        public var audioSeconds = 0.0
        public var analysisSeconds = 0.0

        /// `imported 12, updated 1, moved 1, unchanged 40, missing 2, skipped 3`.
        public var summary: String {
            "imported \(outcome.added.count), updated \(outcome.updated.count), moved \(outcome.moved.count), "
                + "unchanged \(unchanged), missing \(outcome.missing.count), skipped \(skipped.count)"
        }
    }

    /// Progress: files read of files to read, with the seconds elapsed.
    public struct Progress: Sendable {
        public var done: Int
        public var total: Int
        public var elapsed: Double
    }

    public var store: LibraryStore
    public var analyzer: AudioAnalyzer
    /// Files read at once (the number of cores by default).
    public var threads: Int

    public init(store: LibraryStore, analyzer: AudioAnalyzer = AudioAnalyzer(), threads: Int? = nil) {
        self.store = store
        self.analyzer = analyzer
        self.threads = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Imports every music file under `folders`.
    /// - Parameter progress: called (from any thread, one call at a time) as files are read.
    /// - Throws: `FileError` when a folder is missing or not a folder; `CatalogError` when the store cannot be
    ///   written. A bad file is a skip, never an error.
    public func importFolders(_ folders: [URL], progress: @Sendable (Progress) -> Void = { _ in }) throws -> Report {
        var report = Report()
        let roots = try folders.map { try Self.checkedFolder($0) }
        var found: [(url: URL, size: Int64, mtime: Double)] = []
        for root in roots {
            let (files, skips) = Self.musicFiles(in: root)
            found += files
            report.skipped += skips
        }
        let known = try store.knownFiles()
        var toRead: [(url: URL, size: Int64, mtime: Double)] = []
        for file in found {
            if let old = known[file.url.path], old.isPresent, old.isAnalysed, old.size == file.size,
                old.mtime == file.mtime
            {
                report.unchanged += 1
            } else {
                toRead.append(file)
            }
        }
        let started = ContinuousClock.now
        let results = read(toRead, started: started, progress: progress)
        report.analysisSeconds = Self.seconds(since: started)
        var imported: [ImportedFile] = []
        for result in results {
            switch result {
            case .success(let file):
                imported.append(file)
                report.audioSeconds += file.duration
            case .failure(let skip): report.skipped.append(skip)
            }
        }
        // A file that fails to read where it was read before keeps its old row: it counts as seen, not missing.
        let seen = Set(found.map(\.url.path))
        report.outcome = try store.applyImport(imported, seen: seen, roots: roots) { a, b in
            AudioFingerprint(duration: 0, values: a).isSameRecording(as: AudioFingerprint(duration: 0, values: b))
        }
        report.duplicates = Self.duplicates(try store.knownFiles().values.filter(\.isPresent))
        report.skipped.sort { $0.path < $1.path }
        return report
    }

    /// Reads the files on `threads` threads, in order.
    private func read(
        _ files: [(url: URL, size: Int64, mtime: Double)], started: ContinuousClock.Instant,
        progress: @Sendable (Progress) -> Void
    ) -> [Result<ImportedFile, Skip>] {
        let results = ResultSlots(count: files.count)
        let analyzer = analyzer
        let next = NextIndex()
        DispatchQueue.concurrentPerform(iterations: min(threads, max(files.count, 1))) { _ in
            while let index = next.take(below: files.count) {
                let file = files[index]
                let result = Self.readFile(file.url, size: file.size, mtime: file.mtime, analyzer: analyzer)
                results.set(index, result) { done in
                    progress(Progress(done: done, total: files.count, elapsed: Self.seconds(since: started)))
                }
            }
        }
        return results.values
    }

    /// One file's tags and analysis, or why it is skipped.
    public static func readFile(
        _ url: URL, size: Int64, mtime: Double, analyzer: AudioAnalyzer
    ) -> Result<ImportedFile, Skip> {
        do {
            let tags = try TagReader.read(url)
            let features = try analyzer.analyse(url)
            let artist = tags.artist ?? "Unknown Artist"
            return .success(
                ImportedFile(
                    path: url.path, size: size, mtime: mtime,
                    title: tags.baseTitle ?? url.deletingPathExtension().lastPathComponent,
                    artist: artist,
                    featuredArtists: tags.featuredArtists.filter { !ArtistCredit.names(in: artist).contains($0) },
                    // A catalog holds years 0–9999; a tag's nonsense year is dropped, not the whole catalog.
                    // Without an album artist tag, the album is the lead artist's (as most players group it).
                    album: tags.album, albumArtist: tags.albumArtist ?? tags.artists.first,
                    year: tags.year.flatMap {
                        (1...9999).contains($0) ? $0 : nil
                    },
                    genres: tags.genre.map { [$0] } ?? [], trackNumber: tags.trackNumber,
                    duration: features.duration, loudness: features.loudness, loudnessRange: features.loudnessRange,
                    truePeak: features.truePeak, bpm: features.bpm, key: features.key?.description,
                    keyConfidence: features.keyConfidence, energy: features.energy,
                    leadingSilence: features.leadingSilence, trailingSilence: features.trailingSilence,
                    introLength: features.introLength, fingerprint: features.fingerprint.values))
        } catch let error as LibraryError {
            return .failure(Skip(path: url.path, reason: error.message))
        } catch {
            return .failure(Skip(path: url.path, reason: "\(error)"))
        }
    }

    /// Pairs of present files holding the same recording. A fingerprint's length follows the audio's duration, so
    /// only files within 10 % of each other's length are compared.
    static func duplicates(_ files: [KnownFile]) -> [Duplicate] {
        let printed = files.filter { !$0.fingerprint.isEmpty }
            .sorted { ($0.fingerprint.count, $0.path) < ($1.fingerprint.count, $1.path) }
        var pairs: [Duplicate] = []
        for (index, first) in printed.enumerated() {
            let a = AudioFingerprint(duration: 0, values: first.fingerprint)
            for second in printed[(index + 1)...] {
                guard Double(second.fingerprint.count) <= Double(first.fingerprint.count) * 1.1 + 2 else { break }
                if a.isSameRecording(as: AudioFingerprint(duration: 0, values: second.fingerprint)) {
                    let (x, y) = first.path < second.path ? (first.path, second.path) : (second.path, first.path)
                    pairs.append(Duplicate(first: x, second: y))
                }
            }
        }
        return pairs.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
    }

    /// The folder, resolved, or an error naming it.
    static func checkedFolder(_ url: URL) throws -> URL {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw FileError(.notFound, path: url.path, message: "no such folder")
        }
        guard isFolder.boolValue else { throw FileError(.notAFolder, path: url.path, message: "is not a folder") }
        return url.standardizedFileURL.resolvingSymlinksInPath()
    }

    /// The music files under `root` (by extension), with their size and time; a pipe, device or unreadable entry
    /// with a music extension is a skip.
    static func musicFiles(in root: URL) -> (files: [(url: URL, size: Int64, mtime: Double)], skips: [Skip]) {
        var files: [(url: URL, size: Int64, mtime: Double)] = []
        var skips: [Skip] = []
        let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles, .skipsPackageDescendants])
        while let url = walker?.nextObject() as? URL {
            guard MusicFileFormat(url: url) != nil else { continue }
            var info = stat()
            guard stat(url.path, &info) == 0 else {
                skips.append(Skip(path: url.path, reason: "cannot be read (\(String(cString: strerror(errno))))"))
                continue
            }
            guard info.st_mode & S_IFMT == S_IFREG else {
                if info.st_mode & S_IFMT != S_IFDIR {
                    skips.append(Skip(path: url.path, reason: "not a regular file (a pipe, socket or device)"))
                }
                continue
            }
            let mtime = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
            files.append((url.standardizedFileURL, Int64(info.st_size), mtime))
        }
        files.sort { $0.url.path < $1.url.path }
        return (files, skips)
    }

    /// Seconds since `start`.
    public static func seconds(since start: ContinuousClock.Instant) -> Double {
        (ContinuousClock.now - start).inSeconds
    }
}

/// Results filled in by index from several threads.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<ImportedFile, LibraryImporter.Skip>?]
    private var finished = 0

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// Keeps a result and tells `finished` (under the lock, so one call at a time) how many are done.
    func set(_ index: Int, _ result: Result<ImportedFile, LibraryImporter.Skip>, finished report: (Int) -> Void) {
        lock.withLock {
            slots[index] = result
            finished += 1
            report(finished)
        }
    }

    var values: [Result<ImportedFile, LibraryImporter.Skip>] { lock.withLock { slots.compactMap { $0 } } }
}

/// The next index to work on, shared by threads.
private final class NextIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take(below count: Int) -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }
}
