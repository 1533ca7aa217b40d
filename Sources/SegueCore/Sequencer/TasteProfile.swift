import Foundation

/// What a listener's history says about their taste: weights per genre and per artist.
public struct TasteProfile: Sendable, Equatable {
    /// Genre weight, normalised so the favourite genre is 1.
    public var genres: [String: Double]
    /// Artist key (see `ArtistCredit.key`) to weight; negative when mostly skipped.
    public var artists: [String: Double]
    /// Total plays per artist key, for reasons.
    public var artistPlays: [String: Int]
    /// Track ids the listener skipped repeatedly (at least 3 skips and more skips than plays).
    public var rejectedTrackIDs: Set<String>
    /// History entries whose track is not in the catalog.
    public var unknownTrackIDs: [String]
    /// True when the history says nothing.
    public var isEmpty: Bool { genres.isEmpty && artists.isEmpty }

    /// Builds the profile. Recency decays with a 90-day half-life measured back from the newest play,
    /// so the result depends only on the inputs, never on today's date.
    public init(listener: Listener, catalog: Catalog) {
        var genres: [String: Double] = [:]
        var artists: [String: Double] = [:]
        var plays: [String: Int] = [:]
        var rejected: Set<String> = []
        var unknown: [String] = []
        let full = ISO8601DateFormatter()
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        let dates = listener.history.map { Self.date($0.lastPlayed, full: full, day: day) }
        let newest = dates.compactMap { $0 }.max()
        for (entry, date) in zip(listener.history, dates) {
            guard let track = catalog[entry.trackID] else {
                unknown.append(entry.trackID)
                continue
            }
            if entry.skips >= 3 && entry.skips > entry.plays { rejected.insert(track.id) }
            var weight = Double(entry.plays) - 2 * Double(entry.skips)
            if entry.liked == true { weight = max(weight, 0) * 2 + 3 }
            if let date, let newest {
                let days = newest.timeIntervalSince(date) / 86_400
                weight *= pow(0.5, days / 90)
            }
            for genre in track.genres { genres[genre.lowercased(), default: 0] += weight }
            for name in track.artistNames {
                artists[ArtistCredit.key(name), default: 0] += weight
                plays[ArtistCredit.key(name), default: 0] += entry.plays
            }
        }
        let top = genres.values.max() ?? 0
        if top > 0 { genres = genres.mapValues { $0 / top } }
        let topArtist = artists.values.map(abs).max() ?? 0
        if topArtist > 0 { artists = artists.mapValues { $0 / topArtist } }
        self.genres = genres
        self.artists = artists
        self.artistPlays = plays
        self.rejectedTrackIDs = rejected
        self.unknownTrackIDs = unknown
    }

    /// Genres of `track` the listener likes, best first.
    public func likedGenres(of track: Track) -> [String] {
        track.genres.map { $0.lowercased() }.filter { (genres[$0] ?? 0) > 0.05 }
            .sorted { (genres[$0] ?? 0) > (genres[$1] ?? 0) }
    }

    private static func date(_ text: String?, full: ISO8601DateFormatter, day: ISO8601DateFormatter) -> Date? {
        guard let text else { return nil }
        return full.date(from: text) ?? day.date(from: String(text.prefix(10)))
    }
}
