import Foundation

/// What a listener's history says about their taste: the play weight behind each genre, artist, decade
/// and popularity, the tempo and energy they play, and the centre of their tracks' embeddings.
///
/// Plays count for, skips against, likes weigh extra, and every entry decays with the age of its
/// last play.
public struct TasteProfile: Sendable, Equatable {
    /// Total plays per artist key, for reasons.
    public var artistPlays: [String: Int]
    /// Track ids the listener skipped repeatedly (at least 3 skips and more skips than plays).
    public var rejectedTrackIDs: Set<String>
    /// History entries whose track is not in the catalog.
    public var unknownTrackIDs: [String]
    /// Weighted mean and spread of the tempo and energy of what they play; nil when unknown.
    public var tempo: Stats?
    public var energy: Stats?
    /// The genre mix of their plays (shares summing to 1), the target of calibration.
    public var genreMix: [String: Double] = [:]
    /// Unit-length weighted mean of their tracks' embeddings, if the catalog has them.
    public var embeddingCentroid: [Float]?
    /// The play weight behind each genre, artist key (see `ArtistCredit.key`), decade (year / 10) and
    /// popularity (negative when mostly skipped), and the positive play weight in all: what the relevance
    /// model sets against the catalog's shares.
    public var mass = Mass()

    /// Play weight per feature value; see `mass`.
    public struct Mass: Sendable, Equatable {
        public var genres: [String: Double] = [:]
        public var artists: [String: Double] = [:]
        public var decades: [Int: Double] = [:]
        /// Positive play weight per popularity 0–100 (`TrackFeatures.popularityStep`).
        public var popularity = [Double](repeating: 0, count: TrackFeatures.unknownPopularity)
        /// Sum of the positive play weights.
        public var total = 0.0
    }

    /// A weighted mean and standard deviation.
    public struct Stats: Sendable, Equatable {
        public var mean: Double
        public var spread: Double

        public init(mean: Double, spread: Double) {
            self.mean = mean
            self.spread = spread
        }
    }
    /// True when the history says nothing.
    public var isEmpty: Bool { mass.genres.isEmpty && mass.artists.isEmpty }

    /// A history entry's track and its date as written.
    public struct DatedPlay: Sendable, Equatable {
        public var trackID: String
        public var date: String
    }

    /// History plays dated after the reference time, counted as played at it.
    public var futureDated: [DatedPlay] = []

    /// Builds the profile. Recency decays with a 90-day half-life measured back from the newest play, so the result
    /// depends only on the inputs, never on today's date. A play dated after `asOf` (the session's reference time)
    /// counts as played at `asOf`: one date in the future cannot make the rest of the history look years old.
    public init(listener: Listener, catalog: Catalog, asOf: Date? = nil) {
        let history = Self.merged(listener.history)
        var plays: [String: Int] = [:]
        var rejected: Set<String> = []
        var unknown: [String] = []
        let dates: [Date?]
        if history.contains(where: { $0.lastPlayed != nil }) {
            var future: [DatedPlay] = []
            dates = history.map { entry in
                let date = entry.lastPlayed.flatMap(Self.date)
                guard let date, let asOf, date > asOf else { return date }
                future.append(DatedPlay(trackID: entry.trackID, date: entry.lastPlayed ?? ""))
                return asOf
            }
            futureDated = future
        } else {
            dates = [Date?](repeating: nil, count: history.count)
        }
        let newest = dates.compactMap { $0 }.max()
        var mix: [String: Double] = [:]
        var tempo = WeightedStats(), energy = WeightedStats()
        var centroid: [Float] = []
        var keysByCredit: [String: [String]] = [:]
        var mass = Mass()
        for (entry, date) in zip(history, dates) {
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
            let genreNames = track.genres.map { $0.lowercased() }
            for genre in genreNames { mass.genres[genre, default: 0] += weight }
            // Splitting a credit and folding its names is slow string work; a history repeats its artists.
            let keys = keysByCredit[track.artist] ?? track.artistNames.map(ArtistCredit.key)
            keysByCredit[track.artist] = keys
            for key in keys {
                mass.artists[key, default: 0] += weight
                plays[key, default: 0] = Self.count(plays[key, default: 0], plus: entry.plays)
            }
            if let year = track.year { mass.decades[year / 10, default: 0] += weight }
            guard weight > 0 else { continue }
            mass.total += weight
            for genre in genreNames { mix[genre, default: 0] += weight / Double(genreNames.count) }
            tempo.add(track.bpm, weight: weight)
            energy.add(track.energy, weight: weight)
            if let value = track.popularity { mass.popularity[TrackFeatures.popularityStep(value)] += weight }
            if let vector = track.embedding, !vector.isEmpty, vector.allSatisfy(\.isFinite) {
                if centroid.isEmpty { centroid = [Float](repeating: 0, count: vector.count) }
                if vector.count == centroid.count {
                    let norm = sqrt(vector.reduce(0) { $0 + $1 * $1 })
                    if norm > 0 { for i in vector.indices { centroid[i] += Float(weight) * vector[i] / norm } }
                }
            }
        }
        self.mass = mass
        // Summed in genre order: a dictionary's own order differs from one instance to the next, and so would the
        // last bit of the sum (and the calibration target with it).
        let mixTotal = mix.sorted { $0.key < $1.key }.reduce(0) { $0 + $1.value }
        self.genreMix = mixTotal > 0 ? mix.mapValues { $0 / mixTotal } : [:]
        self.tempo = tempo.result(minimumSpread: 6)
        self.energy = energy.result(minimumSpread: 0.1)
        let norm = sqrt(centroid.reduce(0) { $0 + $1 * $1 })
        self.embeddingCentroid = norm > 0 ? centroid.map { $0 / norm } : nil
        self.artistPlays = plays
        self.rejectedTrackIDs = rejected
        self.unknownTrackIDs = unknown
    }

    /// Genres of `track` the listener likes (over 5 % of the play weight of their favourite genre), best first.
    public func likedGenres(of track: Track) -> [String] {
        let top = mass.genres.values.max() ?? 0
        guard top > 0 else { return [] }
        return track.genres.map { $0.lowercased() }.filter { (mass.genres[$0] ?? 0) > 0.05 * top }
            .sorted { (mass.genres[$0] ?? 0) > (mass.genres[$1] ?? 0) }
    }

    /// Accumulates a weighted mean and variance, ignoring unknown and non-finite values.
    private struct WeightedStats {
        var weight = 0.0, sum = 0.0, squares = 0.0

        mutating func add(_ value: Double?, weight w: Double) {
            guard let value, value.isFinite, w > 0 else { return }
            weight += w
            sum += w * value
            squares += w * value * value
        }

        func result(minimumSpread: Double) -> Stats? {
            guard weight > 0 else { return nil }
            let mean = sum / weight
            return Stats(mean: mean, spread: max(minimumSpread, sqrt(max(0, squares / weight - mean * mean))))
        }
    }

    /// One entry per track, in the order tracks first appear: repeated entries (an export that lists every play)
    /// add up their plays and skips, a like or dislike stands if any entry has one (a like wins), and the last
    /// play is the latest. Without this, each repeat was judged alone: a track skipped once in each of many
    /// entries never counted as skipped repeatedly, and one counted as such by a single entry ignored the rest.
    static func merged(_ history: [Listener.HistoryEntry]) -> [Listener.HistoryEntry] {
        var position: [String: Int] = [:]
        var merged: [Listener.HistoryEntry] = []
        merged.reserveCapacity(history.count)
        for entry in history {
            guard let index = position[entry.trackID] else {
                position[entry.trackID] = merged.count
                merged.append(entry)
                continue
            }
            merged[index].plays = count(merged[index].plays, plus: entry.plays)
            merged[index].skips = count(merged[index].skips, plus: entry.skips)
            if let liked = entry.liked { merged[index].liked = (merged[index].liked ?? false) || liked }
            if let last = entry.lastPlayed, last > (merged[index].lastPlayed ?? "") { merged[index].lastPlayed = last }
        }
        return merged
    }

    /// Two counts added up, held at `Int.max` (or `.min`) instead of overflowing: a history may give any count up to
    /// `Int.max`, and a trap on the sum of two such entries would take the whole process down.
    static func count(_ count: Int, plus other: Int) -> Int {
        let (sum, overflow) = count.addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    /// An ISO 8601 date-time or date (`2026-12-03T08:00:00Z`, `2026-12-03`), as history dates are read. Foundation's
    /// format styles parse natively, about 90 times faster than `ISO8601DateFormatter` (ICU): a server building a
    /// listener's taste per request spent a fifth of its time there.
    static func date(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle().parse(text))
            ?? (try? Date.ISO8601FormatStyle().year().month().day().parse(String(text.prefix(10))))
    }
}
