/// Turns plays read from history files into a listener's history: each play matched to a catalog track, counted
/// as a play or a skip, with likes; and a summary of what was read, matched, counted and left out.
///
/// The counting rules:
/// - a play counts when it lasted at least 30 seconds (`minimumPlayMilliseconds`), or when the history does not
///   say how long it lasted: a ListenBrainz listen or a CSV row is a scrobble, which a player submits only for a
///   play it counted;
/// - a skip counts when the history says the listener skipped (Spotify's `skipped`), or when the play lasted under
///   30 seconds and ended with the forward button (`reason_end` `fwdbtn`). A play skipped after 30 seconds counts
///   as both a play and a skip;
/// - a play under 30 seconds that was not skipped counts as neither (`HistoryImportSummary.shortPlays`);
/// - `last_played` is the newest counted play;
/// - a play whose `eventKey` was seen before, in this import or in `alreadyImported`, is a duplicate and counts
///   nothing, so importing the same file twice adds nothing;
/// - a play that matches no track counts nothing, and is tallied by artist and title in the summary.
public struct ListeningHistoryBuilder: Sendable {
    /// A play shorter than this, in milliseconds, is not counted as a play.
    public static let minimumPlayMilliseconds = 30_000

    /// Starts an import into the catalog `matcher` indexes.
    /// - Parameter alreadyImported: the `eventKey`s of plays imported before, which count as duplicates.
    public init(matcher: TrackMatcher, alreadyImported: Set<String> = []) {
        self.matcher = matcher
        self.seen = alreadyImported
    }

    /// Reads the plays of one history file.
    public mutating func add(_ batch: PlayEventBatch) {
        files += 1
        nonMusic += batch.nonMusic
        rejected += batch.rejectedCount
        let room = max(0, PlayEventBatch.keptRejections - rejections.count)
        rejections += batch.rejections.prefix(room)
        add(batch.events)
    }

    /// Reads plays.
    public mutating func add(_ events: [PlayEvent]) {
        plays.reserveCapacity(plays.count + events.count)
        for event in events {
            eventsRead += 1
            let key = event.eventKey
            guard seen.insert(key).inserted else {
                duplicates += 1
                continue
            }
            let resolution = resolve(artist: event.artist, title: event.title, album: event.album)
            let countsAsPlay = event.msPlayed.map { $0 >= Self.minimumPlayMilliseconds } ?? true
            let countsAsSkip =
                event.skipped == true
                || ((event.msPlayed.map { $0 < Self.minimumPlayMilliseconds } ?? false) && event.reasonEnd == "fwdbtn")
            guard resolution.track >= 0 else {
                unmatchedGroups[Int(resolution.group)].count += 1
                plays.append(
                    ImportedPlay(event: event, eventKey: key, trackID: nil, countsAsPlay: false, countsAsSkip: false))
                continue
            }
            let track = Int(resolution.track)
            let id = matcher.id(at: track)
            plays.append(
                ImportedPlay(
                    event: event, eventKey: key, trackID: id, countsAsPlay: countsAsPlay, countsAsSkip: countsAsSkip))
            var tally = tallies[track] ?? Tally()
            if countsAsPlay {
                tally.plays += 1
                tally.lastPlayed = max(tally.lastPlayed ?? event.time, event.time)
            }
            if countsAsSkip { tally.skips += 1 }
            if !countsAsPlay && !countsAsSkip { shortPlays += 1 }
            tallies[track] = tally
        }
    }

    /// Reads the likes of one likes file: each matched track is liked.
    public mutating func add(_ likes: LikedTrackList) {
        rejected += likes.rejectedCount
        let room = max(0, PlayEventBatch.keptRejections - rejections.count)
        rejections += likes.rejections.prefix(room)
        for like in likes.tracks {
            likesRead += 1
            let resolution = resolve(artist: like.artist, title: like.title, album: like.album)
            guard resolution.track >= 0 else {
                unmatchedLikes.append(like)
                continue
            }
            likesMatched += 1
            tallies[Int(resolution.track), default: Tally()].liked = true
        }
    }

    /// The history entries (one per track, in the order of their ids) and the summary.
    /// - Parameter topUnmatched: how many unmatched artist–title pairs the summary lists (the most played first).
    public func build(topUnmatched: Int = 20) -> ImportedHistory {
        var entries: [Listener.HistoryEntry] = []
        entries.reserveCapacity(tallies.count)
        var playCount = 0
        var skipCount = 0
        for (track, tally) in tallies {
            playCount += tally.plays
            skipCount += tally.skips
            guard tally.plays > 0 || tally.skips > 0 || tally.liked else { continue }
            entries.append(
                Listener.HistoryEntry(
                    trackID: matcher.id(at: track), plays: tally.plays, skips: tally.skips,
                    liked: tally.liked ? true : nil, lastPlayed: tally.lastPlayed.map(HistoryTime.iso8601)))
        }
        entries.sort { $0.trackID < $1.trackID }
        let unmatched = unmatchedGroups.filter { $0.count > 0 }
        let top = unmatched.sorted {
            ($1.count, $0.artist, $0.title) < ($0.count, $1.artist, $1.title)
        }.prefix(max(0, topUnmatched))
        let summary = HistoryImportSummary(
            files: files, eventsRead: eventsRead, nonMusic: nonMusic, rejected: rejected, rejections: rejections,
            duplicates: duplicates, matched: plays.count(where: { $0.trackID != nil }),
            unmatched: plays.count(where: { $0.trackID == nil }), plays: playCount, skips: skipCount,
            shortPlays: shortPlays, tracks: entries.count, unmatchedTracks: unmatched.count, topUnmatched: Array(top),
            likesRead: likesRead, likesMatched: likesMatched,
            unmatchedLikes: Array(unmatchedLikes.prefix(max(0, topUnmatched))))
        return ImportedHistory(entries: entries, plays: plays, summary: summary)
    }

    // MARK: - Matching, once per name

    private struct Query: Hashable {
        var artist: String
        var title: String
        var album: String?
    }

    /// A matched track's index, or -1 and the unmatched group.
    private struct Resolution {
        var track: Int32
        var group: Int32
    }

    private mutating func resolve(artist: String, title: String, album: String?) -> Resolution {
        let query = Query(artist: artist, title: title, album: album)
        if let known = resolutions[query] { return known }
        // A history names few artists and albums many times: each is reduced to its keys once.
        let artistKey = artistKeys[artist] ?? TrackNameKey.artist(artist)
        artistKeys[artist] = artistKey
        var albumKey: String?
        if let album {
            albumKey = albumKeys[album] ?? TrackNameKey.album(album)
            albumKeys[album] = albumKey
        }
        let titleKey = TrackNameKey.title(title)
        let resolution: Resolution
        if let track = matcher.match(artistKey, titleKey, albumKey) {
            resolution = Resolution(track: Int32(track), group: -1)
        } else {
            let groupKey = artistKey.whole + "\u{1}" + titleKey.exact
            let group =
                groups[groupKey]
                ?? {
                    unmatchedGroups.append(UnmatchedTrack(artist: artist, title: title, count: 0))
                    return Int32(unmatchedGroups.count - 1)
                }()
            groups[groupKey] = group
            resolution = Resolution(track: -1, group: group)
        }
        resolutions[query] = resolution
        return resolution
    }

    private struct Tally: Sendable {
        var plays = 0
        var skips = 0
        var liked = false
        var lastPlayed: Int64?
    }

    private let matcher: TrackMatcher
    private var seen: Set<String>
    private var resolutions: [Query: Resolution] = [:]
    private var artistKeys: [String: TrackNameKey.Artist] = [:]
    private var albumKeys: [String: String] = [:]
    private var groups: [String: Int32] = [:]
    private var unmatchedGroups: [UnmatchedTrack] = []
    private var tallies: [Int: Tally] = [:]
    private var plays: [ImportedPlay] = []
    private var files = 0
    private var eventsRead = 0
    private var nonMusic = 0
    private var rejected = 0
    private var rejections: [HistoryRejection] = []
    private var duplicates = 0
    private var shortPlays = 0
    private var likesRead = 0
    private var likesMatched = 0
    private var unmatchedLikes: [LikedTrack] = []
}

/// A play that an import read for the first time: the event, its key, the track it matched and how it counted.
public struct ImportedPlay: Sendable, Equatable {
    public var event: PlayEvent
    /// `event.eventKey`, computed once: what a store keeps so the play is never imported twice.
    public var eventKey: String
    /// The matched track, or nil when no catalog track matched.
    public var trackID: String?
    /// Whether it counted as a play (never for an unmatched play).
    public var countsAsPlay: Bool
    /// Whether it counted as a skip (never for an unmatched play).
    public var countsAsSkip: Bool

    /// Creates an imported play.
    public init(event: PlayEvent, eventKey: String, trackID: String?, countsAsPlay: Bool, countsAsSkip: Bool) {
        self.event = event
        self.eventKey = eventKey
        self.trackID = trackID
        self.countsAsPlay = countsAsPlay
        self.countsAsSkip = countsAsSkip
    }
}

/// An artist and title that matched no catalog track, and how many plays named it.
public struct UnmatchedTrack: Sendable, Equatable, CustomStringConvertible {
    /// The artist as the first such play wrote it.
    public var artist: String
    /// The title as the first such play wrote it.
    public var title: String
    /// How many plays (or likes) named it.
    public var count: Int

    /// Creates an unmatched pair.
    public init(artist: String, title: String, count: Int) {
        self.artist = artist
        self.title = title
        self.count = count
    }

    /// `Artist – Title (3 plays)`.
    public var description: String { "\(artist) – \(title) (\(count) play\(count == 1 ? "" : "s"))" }
}

/// What an import made: the history entries, every new play, and the summary.
public struct ImportedHistory: Sendable, Equatable {
    /// One entry per track that was played, skipped or liked, in the order of track ids.
    public var entries: [Listener.HistoryEntry]
    /// Every play read that was not a duplicate, matched or not, in the order read.
    public var plays: [ImportedPlay]
    /// The counts.
    public var summary: HistoryImportSummary

    /// Creates an import's result.
    public init(entries: [Listener.HistoryEntry], plays: [ImportedPlay], summary: HistoryImportSummary) {
        self.entries = entries
        self.plays = plays
        self.summary = summary
    }

    /// `existing` with these entries added: one entry per track, plays and skips added up, a like kept, the latest
    /// last play; as the taste profile merges repeated entries.
    public func merged(into existing: [Listener.HistoryEntry]) -> [Listener.HistoryEntry] {
        TasteProfile.merged(existing + entries)
    }
}

/// The counts of an import: what was read, ignored, matched and counted. Nothing read is dropped without a count.
public struct HistoryImportSummary: Sendable, Equatable, CustomStringConvertible {
    /// History files read.
    public var files: Int
    /// Plays of music read, duplicates included.
    public var eventsRead: Int
    /// Entries that are not music (podcast episodes, audiobooks, no track named): ignored.
    public var nonMusic: Int
    /// Entries (of history and likes files) that could not be read: skipped.
    public var rejected: Int
    /// The first of them, with where and why.
    public var rejections: [HistoryRejection]
    /// Plays imported before or read twice (the same `eventKey`): counted once.
    public var duplicates: Int
    /// New plays that matched a catalog track.
    public var matched: Int
    /// New plays that matched none.
    public var unmatched: Int
    /// Matched plays counted as plays.
    public var plays: Int
    /// Matched plays counted as skips.
    public var skips: Int
    /// Matched plays under 30 seconds that were not skips: counted as neither.
    public var shortPlays: Int
    /// History entries made (tracks played, skipped or liked).
    public var tracks: Int
    /// Distinct unmatched artist–title pairs.
    public var unmatchedTracks: Int
    /// The most played unmatched pairs, most plays first.
    public var topUnmatched: [UnmatchedTrack]
    /// Likes read.
    public var likesRead: Int
    /// Likes that matched a catalog track.
    public var likesMatched: Int
    /// The first likes that matched none.
    public var unmatchedLikes: [LikedTrack]

    /// Creates a summary.
    public init(
        files: Int = 0, eventsRead: Int = 0, nonMusic: Int = 0, rejected: Int = 0, rejections: [HistoryRejection] = [],
        duplicates: Int = 0, matched: Int = 0, unmatched: Int = 0, plays: Int = 0, skips: Int = 0, shortPlays: Int = 0,
        tracks: Int = 0, unmatchedTracks: Int = 0, topUnmatched: [UnmatchedTrack] = [], likesRead: Int = 0,
        likesMatched: Int = 0, unmatchedLikes: [LikedTrack] = []
    ) {
        self.files = files
        self.eventsRead = eventsRead
        self.nonMusic = nonMusic
        self.rejected = rejected
        self.rejections = rejections
        self.duplicates = duplicates
        self.matched = matched
        self.unmatched = unmatched
        self.plays = plays
        self.skips = skips
        self.shortPlays = shortPlays
        self.tracks = tracks
        self.unmatchedTracks = unmatchedTracks
        self.topUnmatched = topUnmatched
        self.likesRead = likesRead
        self.likesMatched = likesMatched
        self.unmatchedLikes = unmatchedLikes
    }

    /// A few lines for a person: the counts, then the most played unmatched tracks.
    public var description: String {
        var lines = [
            "\(eventsRead) plays read from \(files) file\(files == 1 ? "" : "s"): \(matched) matched, "
                + "\(unmatched) unmatched, \(duplicates) already imported",
            "\(plays) plays and \(skips) skips counted on \(tracks) tracks (\(shortPlays) short plays counted as neither)",
            "\(nonMusic) podcast or other non-music entries ignored, \(rejected) unreadable entries skipped",
        ]
        if likesRead > 0 { lines.append("\(likesMatched) of \(likesRead) likes matched") }
        if !topUnmatched.isEmpty {
            lines.append("most played unmatched (\(unmatchedTracks) in all):")
            lines += topUnmatched.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
