/// Finds the catalog track a history entry names, by artist and title as `TrackNameKey` reduces them.
///
/// A track is a candidate when its base title (no featured artists, no version notes) is the entry's and one of its
/// artist keys (the whole credit or the lead artist) is one of the entry's. Among candidates the best wins:
/// 1. the same exact title (featured artists left out, version notes kept), else the same live-or-not;
/// 2. the same whole artist credit, before a match through the lead artist alone;
/// 3. the same album (edition notes left out), when the entry names one: the tie-breaker;
/// 4. the catalog's order.
/// So `Song - 2011 Remaster` by `The Band` matches `Song` by `Band`, `Song (feat. X)` by `Nova` matches `Song` by
/// `Nova feat. X`, and `Song - Live at Wembley` prefers the catalog's `Song (Live)` to its studio `Song`. A title
/// never matches a different title: no edit distance, no partial words.
public struct TrackMatcher: Sendable {
    /// Indexes `tracks`. A large catalog's names are reduced to keys on all cores.
    public init(tracks: [Track]) {
        let chunks = ChunkedWork.map(count: tracks.count) { range in
            // A catalog names each artist and album many times: each is reduced once per chunk.
            var artists: [String: TrackNameKey.Artist] = [:]
            var albums: [String: String] = [:]
            return range.map { index in
                let track = tracks[index]
                let artist = artists[track.artist] ?? TrackNameKey.artist(track.artist)
                artists[track.artist] = artist
                var album: String?
                if let name = track.album {
                    album = albums[name] ?? TrackNameKey.album(name)
                    albums[name] = album
                }
                return Entry(id: track.id, artist: artist, title: TrackNameKey.title(track.title), album: album)
            }
        }
        self.init(entries: chunks.count == 1 ? chunks[0] : Array(chunks.joined()))
    }

    private init(entries: [Entry]) {
        var heads: [UInt64: Int32] = [:]
        heads.reserveCapacity(entries.count + entries.count / 4)
        var postings: [Posting] = []
        postings.reserveCapacity(entries.count + entries.count / 4)
        for (index, entry) in entries.enumerated() {
            for artist in entry.artist.whole == entry.artist.lead
                ? [entry.artist.whole] : [entry.artist.whole, entry.artist.lead]
            {
                let key = Self.hash(artist, entry.title.base)
                postings.append(Posting(track: Int32(index), next: heads[key] ?? -1))
                heads[key] = Int32(postings.count - 1)
            }
        }
        self.entries = entries
        self.heads = heads
        self.postings = postings
    }

    /// How many tracks are indexed.
    public var count: Int { entries.count }

    /// The id of the track that `artist` and `title` name (and `album`, when several do), or nil when none does.
    public func match(artist: String, title: String, album: String? = nil) -> String? {
        match(TrackNameKey.artist(artist), TrackNameKey.title(title), album.map(TrackNameKey.album)).map {
            entries[$0].id
        }
    }

    /// The index of the best candidate for keys already computed.
    func match(_ artist: TrackNameKey.Artist, _ title: TrackNameKey.Title, _ album: String?) -> Int? {
        var best: (rank: Int, index: Int)?
        let keys = artist.whole == artist.lead ? [artist.whole] : [artist.whole, artist.lead]
        for key in keys {
            var posting = heads[Self.hash(key, title.base)] ?? -1
            while posting >= 0 {
                let index = Int(postings[Int(posting)].track)
                posting = postings[Int(posting)].next
                let candidate = entries[index]
                guard candidate.title.base == title.base,
                    candidate.artist.whole == artist.whole || candidate.artist.whole == artist.lead
                        || candidate.artist.lead == artist.whole || candidate.artist.lead == artist.lead
                else { continue }  // a hash collision
                var rank = 0
                if candidate.title.exact != title.exact { rank += candidate.title.isLive == title.isLive ? 4 : 8 }
                if candidate.artist.whole != artist.whole { rank += 2 }
                if album == nil || candidate.album != album { rank += 1 }
                if let current = best, (current.rank, current.index) <= (rank, index) { continue }
                best = (rank, index)
            }
        }
        return best?.index
    }

    /// The id of the track at `index`.
    func id(at index: Int) -> String { entries[index].id }

    // MARK: - Storage

    private struct Entry: Sendable {
        var id: String
        var artist: TrackNameKey.Artist
        var title: TrackNameKey.Title
        var album: String?
    }

    /// One track under one key: a singly linked list per key, so a key with one track costs no array of its own.
    private struct Posting: Sendable {
        var track: Int32
        var next: Int32
    }

    private let entries: [Entry]
    /// The first posting of each (artist key, base title) hash.
    private let heads: [UInt64: Int32]
    private let postings: [Posting]

    /// FNV-1a over the artist key, a separator no key holds, and the title key.
    private static func hash(_ artist: String, _ title: String) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in artist.utf8 { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
        value = (value ^ 0x01) &* 0x100_0000_01b3
        for byte in title.utf8 { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return value
    }
}
