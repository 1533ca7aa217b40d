import Foundation
import GRDB
import SegueCore

extension LibraryStore {
    /// Every library file the store knows, by path.
    public func knownFiles() throws -> [String: KnownFile] {
        try read { db in
            let analysed = Set(try Int64.fetchAll(db, sql: "SELECT file_id FROM analysis"))
            var files: [String: KnownFile] = [:]
            for record in try FileRecord.fetchAll(db) {
                files[record.path] = KnownFile(
                    path: record.path, size: record.size, mtime: record.mtime, isPresent: record.status == .present,
                    isAnalysed: record.id.map(analysed.contains) ?? false,
                    fingerprint: record.fingerprint.flatMap(PackedWords.words) ?? [])
            }
            return files
        }
    }

    /// Writes an import in one transaction: new files become tracks, changed files are read again, a new path whose
    /// fingerprint matches a file gone from its old path is that file moved (its track, and so its plays, kept),
    /// and files under `roots` that were not `seen` are marked missing. The roots are remembered as folders the
    /// catalog's audio may come from.
    /// - Parameter sameRecording: whether two fingerprints are one recording.
    public func applyImport(
        _ files: [ImportedFile], seen: Set<String>, roots: [URL],
        sameRecording: @escaping @Sendable ([UInt32], [UInt32]) -> Bool
    ) throws -> ImportOutcome {
        try write { db in
            var outcome = ImportOutcome()
            let rootPaths = roots.map { $0.standardizedFileURL.path }
            for root in rootPaths {
                try db.execute(sql: "INSERT OR IGNORE INTO library_root (path) VALUES (?)", arguments: [root])
            }
            var byPath: [String: FileRecord] = [:]
            for record in try FileRecord.fetchAll(db) { byPath[record.path] = record }
            func under(_ path: String) -> Bool {
                rootPaths.contains { path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
            }
            // Files that were here and are not any more: candidates for a move, else missing.
            var gone = byPath.values.filter { under($0.path) && !seen.contains($0.path) }
            var nextPosition = (try Int.fetchOne(db, sql: "SELECT max(position) FROM track") ?? -1) + 1
            for file in files {
                if var record = byPath[file.path] {
                    record.size = file.size
                    record.mtime = file.mtime
                    record.status = .present
                    record.fingerprint = PackedWords.data(file.fingerprint)
                    let position = try record.trackPosition ?? Self.newPosition(&nextPosition)
                    record.trackPosition = position
                    try record.update(db)
                    try Self.writeTrack(file, position: position, into: db)
                    try Self.writeAnalysis(file, fileID: record.id ?? 0, into: db)
                    outcome.updated.append(file.path)
                } else if !file.fingerprint.isEmpty,
                    let index = gone.firstIndex(where: { old in
                        old.fingerprint.flatMap(PackedWords.words).map { sameRecording($0, file.fingerprint) } ?? false
                    })
                {
                    var record = gone.remove(at: index)
                    let from = record.path
                    record.path = file.path
                    record.size = file.size
                    record.mtime = file.mtime
                    record.status = .present
                    try record.update(db)
                    let position = try record.trackPosition ?? Self.newPosition(&nextPosition)
                    try Self.writeTrack(file, position: position, into: db)
                    try Self.writeAnalysis(file, fileID: record.id ?? 0, into: db)
                    outcome.moved.append((from, file.path))
                } else {
                    let position = Self.newPosition(&nextPosition)
                    try Self.writeTrack(file, position: position, into: db)
                    var record = FileRecord(
                        id: nil, path: file.path, size: file.size, mtime: file.mtime,
                        fingerprint: PackedWords.data(file.fingerprint), status: .present, trackPosition: position)
                    try record.insert(db)
                    try Self.writeAnalysis(file, fileID: record.id ?? 0, into: db)
                    outcome.added.append(file.path)
                }
            }
            for var record in gone where record.status == .present {
                record.status = .missing
                try record.update(db)
                outcome.missing.append(record.path)
            }
            return outcome
        }
    }

    private static func newPosition(_ next: inout Int) -> Int {
        defer { next += 1 }
        return next
    }

    /// The catalog id of a library file: stable for its first path, kept when it moves.
    static func trackID(forPath path: String) -> String {
        "lib-" + ContentHash.sha256Hex(Data(path.utf8)).prefix(16)
    }

    /// Inserts or replaces the track at `position` with what the file's tags and analysis say; a track already
    /// there (a file read again, or moved) keeps its id.
    private static func writeTrack(_ file: ImportedFile, position: Int, into db: Database) throws {
        let existing = try TrackRecord.fetchOne(db, key: position)
        let id = existing?.track.id ?? trackID(forPath: file.path)
        var genreIDs: [UInt32] = []
        for genre in file.genres {
            if let known = try Int64.fetchOne(
                db, sql: "SELECT id FROM genre WHERE name = ?", arguments: [ExactText(genre)])
            {
                genreIDs.append(UInt32(known))
            } else {
                let next = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM genre") ?? -1) + 1
                try GenreRecord(id: next, name: ExactText(genre)).insert(db)
                genreIDs.append(UInt32(next))
            }
        }
        var albumID: Int64?
        if let title = file.album, !title.isEmpty {
            let artist = ExactText(file.albumArtist ?? "")
            if let known = try AlbumRecord.filter(
                AlbumRecord.Columns.title == ExactText(title) && AlbumRecord.Columns.albumArtist == artist
            ).fetchOne(db) {
                albumID = known.id
            } else {
                var album = AlbumRecord(id: nil, title: ExactText(title), albumArtist: artist, year: file.year)
                try album.insert(db)
                albumID = album.id
            }
        }
        var track = Track(
            id: id, title: file.title, artist: file.artist, album: file.album, year: file.year, genres: file.genres,
            bpm: file.bpm, key: file.key, energy: file.energy, duration: file.duration, audio: file.path)
        track.loudness = file.loudness
        track.introLength = file.introLength
        try TrackRecord(
            position: position, track: track, albumID: albumID, trackNumber: file.trackNumber, genreIDs: genreIDs
        ).save(db)
        try TrackArtistRecord.filter(TrackArtistRecord.Columns.trackPosition == position).deleteAll(db)
        var credited: Set<Int64> = []
        let names = ArtistCredit.names(in: file.artist)
        for (index, name) in (names + file.featuredArtists).enumerated() {
            let artistID: Int64
            if let known = try ArtistRecord.filter(ArtistRecord.Columns.name == ExactText(name)).fetchOne(db)?.id {
                artistID = known
            } else {
                var artist = ArtistRecord(id: nil, name: ExactText(name))
                try artist.insert(db)
                artistID = artist.id ?? 0
            }
            guard credited.insert(artistID).inserted else { continue }
            try TrackArtistRecord(trackPosition: position, artistID: artistID, role: index == 0 ? .lead : .featured)
                .insert(db)
        }
    }

    private static func writeAnalysis(_ file: ImportedFile, fileID: Int64, into db: Database) throws {
        try AnalysisRecord(
            fileID: fileID, duration: file.duration, loudness: file.loudness, loudnessRange: file.loudnessRange,
            truePeak: file.truePeak, bpm: file.bpm, key: file.key, keyConfidence: file.keyConfidence,
            energy: file.energy, leadingSilence: file.leadingSilence, trailingSilence: file.trailingSilence,
            intro: file.introLength, analysedAt: ISO8601DateFormatter().string(from: Date())
        ).save(db)
    }
}
