import Foundation
import SegueCore

extension SyntheticWorld {
    /// The realistic world's numbers, fixed by issue 16 before any result was seen; not tuned afterwards.
    public enum Realistic {
        /// Share of a listener's plays that go to their favourite artists (drawn per listener).
        public static let loyalty: ClosedRange<Double> = 0.30...0.50
        /// How many favourite artists a listener has.
        public static let favouriteArtists: ClosedRange<Int> = 3...5
        /// Chance that a loyal or genre play replays an earlier play of its kind.
        public static let repeatRate = 0.3
        /// Share of starts of disliked tracks: outside the listener's favourite genres and artists.
        public static let exploration = 0.1
        /// Chance that a start of a disliked track is skipped (a skip is a start, not a play).
        public static let skipRate = 0.2
        /// Chance that a track played 3 or more times (before the cut) is liked.
        public static let likeRate = 0.05
        /// Starts per listener.
        public static let starts: ClosedRange<Int> = 30...120
        /// Every start lies in this many days before `referenceDate`.
        public static let playWindowDays = 90
        /// 2025-06-01T00:00:00Z: a fixed date, so the world never depends on today's.
        public static let referenceDate = Date(timeIntervalSince1970: 1_748_736_000)
        /// The latest share of a listener's starts, by date, that is held out.
        public static let heldOutShare = 0.2
    }

    /// The kind of a start in the realistic world.
    private enum Start {
        case loyal, genre, disliked(skipped: Bool)
    }

    /// The realistic listeners (see `Taste` for the draws and `Realistic` for the numbers): each start gets a
    /// date in the 90 days before the reference date; the latest 20 % of starts are held out, and a held-out
    /// play counts for its track however often or recently the track was played before.
    static func realisticListeners(
        count listenerCount: Int, catalog: Catalog, rng: inout SeededRandomNumberGenerator
    ) -> SyntheticWorld {
        let tracks = catalog.tracks
        let genreIndex = Dictionary(uniqueKeysWithValues: genres.enumerated().map { ($0.element.name, $0.offset) })
        let trackGenre = tracks.map { genreIndex[$0.genres.first ?? ""] ?? 0 }
        var artistIndex: [String: Int] = [:]
        var artistNames: [String] = []
        var artistTracks: [[Int]] = []
        let trackArtist = tracks.indices.map { index in
            let name = tracks[index].artist
            if let known = artistIndex[name] {
                artistTracks[known].append(index)
                return known
            }
            artistIndex[name] = artistNames.count
            artistNames.append(name)
            artistTracks.append([index])
            return artistNames.count - 1
        }
        let genreTracks = (0..<genres.count).map { genre in tracks.indices.filter { trackGenre[$0] == genre } }
        let exponents = mainstreamLevels.map { ["low": -0.5, "mid": 0.5, "high": 2.0][$0] ?? 0.5 }
        // Per mainstreamness level: every track's weight, running totals per genre and over the catalog.
        let weights = exponents.map { exponent in
            tracks.map { Taste(favourites: [], popularityExponent: exponent).weight(popularity: $0.popularity) }
        }
        func running(_ values: [Double]) -> [Double] {
            values.reduce(into: [Double]()) { $0.append(($0.last ?? 0) + $1) }
        }
        let genreCumulative = weights.map { w in genreTracks.map { list in running(list.map { w[$0] }) } }
        let catalogCumulative = weights.map(running)
        let window = Realistic.playWindowDays * 86_400
        let windowStart = Int(Realistic.referenceDate.timeIntervalSince1970) - window

        var listeners: [Listener] = []
        var heldOutPlays: [String: [String: Int]] = [:]
        var heldOutFrom: [String: Date] = [:]
        var mainstream: [String: String] = [:]
        var tastes: [String: Taste] = [:]
        listeners.reserveCapacity(listenerCount)
        for index in 0..<listenerCount {
            let id = "u\(index)"
            let favourites = Array(genres.indices.shuffled(using: &rng).prefix(Int.random(in: 1...4, using: &rng)))
            let level = index % 3
            // A listener who blocks explicit tracks has never been played one.
            let blocksExplicit = index % 2 == 0
            var likedGenre = [Bool](repeating: false, count: genres.count)
            for genre in favourites { likedGenre[genre] = true }
            let genreTotals = favourites.map { genreCumulative[level][$0].last ?? 0 }
            let allowed = { (track: Int) in !(blocksExplicit && tracks[track].explicit) }
            // A draw of the favourite genres by taste × popularity, by rejection: exact for the accepted tracks.
            func drawGenre(accepting accept: (Int) -> Bool) -> Int? {
                let total = genreTotals.reduce(0, +)
                guard total > 0 else { return nil }
                for _ in 0..<1000 {
                    var target = Double.random(in: 0..<total, using: &rng)
                    var slot = 0
                    while slot < favourites.count - 1, target >= genreTotals[slot] {
                        target -= genreTotals[slot]
                        slot += 1
                    }
                    let genre = favourites[slot]
                    let list = genreTracks[genre]
                    guard !list.isEmpty else { continue }
                    let track = list[
                        min(firstIndex(in: genreCumulative[level][genre], reaching: target), list.count - 1)]
                    if allowed(track), accept(track) { return track }
                }
                return nil
            }
            // Favourite artists: the artists of the first tracks their taste draws, so a listener of the hits
            // is loyal to hit makers and a niche listener to niche artists.
            let wanted = Int.random(in: Realistic.favouriteArtists, using: &rng)
            var favouriteArtists: [Int] = []
            for _ in 0..<200 where favouriteArtists.count < wanted {
                guard let track = drawGenre(accepting: { _ in true }) else { break }
                if !favouriteArtists.contains(trackArtist[track]) { favouriteArtists.append(trackArtist[track]) }
            }
            guard !favouriteArtists.isEmpty else { continue }
            let isFavourite = Set(favouriteArtists)
            let loyalPool = favouriteArtists.flatMap { artistTracks[$0] }.filter(allowed)
            let loyalCumulative = running(loyalPool.map { weights[level][$0] })
            func drawLoyal() -> Int? {
                guard let total = loyalCumulative.last, total > 0 else { return nil }
                let target = Double.random(in: 0..<total, using: &rng)
                return loyalPool[min(firstIndex(in: loyalCumulative, reaching: target), loyalPool.count - 1)]
            }
            func drawDisliked() -> Int? {
                let cumulative = catalogCumulative[level]
                guard let total = cumulative.last, total > 0 else { return nil }
                for _ in 0..<1000 {
                    let target = Double.random(in: 0..<total, using: &rng)
                    let track = min(firstIndex(in: cumulative, reaching: target), tracks.count - 1)
                    if allowed(track), !likedGenre[trackGenre[track]], !isFavourite.contains(trackArtist[track]) {
                        return track
                    }
                }
                return nil
            }
            let loyalty = Double.random(in: Realistic.loyalty, using: &rng)
            // The kinds of the starts by quota, so each listener's shares are the fixed ones up to rounding.
            let startCount = Int.random(in: Realistic.starts, using: &rng)
            let dislikedCount = Int((Realistic.exploration * Double(startCount)).rounded())
            let skipped = (0..<dislikedCount).map { _ in Double.random(in: 0..<1, using: &rng) < Realistic.skipRate }
            let playCount = startCount - skipped.filter { $0 }.count
            let loyalCount = Int((loyalty * Double(playCount)).rounded())
            var starts: [Start] =
                [Start](repeating: .loyal, count: loyalCount)
                + [Start](repeating: .genre, count: max(0, startCount - dislikedCount - loyalCount))
                + skipped.map { Start.disliked(skipped: $0) }
            starts.shuffle(using: &rng)
            let times = (0..<starts.count).map { _ in Int.random(in: 0..<window, using: &rng) }.sorted()
            var earlier: [[Int]] = [[], []]
            var events: [(track: Int, time: Int, played: Bool)] = []
            events.reserveCapacity(starts.count)
            for (start, time) in zip(starts, times) {
                switch start {
                case .loyal, .genre:
                    let kind = if case .loyal = start { 0 } else { 1 }
                    let track: Int?
                    if !earlier[kind].isEmpty, Double.random(in: 0..<1, using: &rng) < Realistic.repeatRate {
                        track = earlier[kind].randomElement(using: &rng)
                    } else if kind == 0 {
                        track = drawLoyal()
                    } else {
                        track = drawGenre(accepting: { !isFavourite.contains(trackArtist[$0]) })
                    }
                    guard let track else { continue }
                    earlier[kind].append(track)
                    events.append((track, time, true))
                case .disliked(let skipped):
                    guard let track = drawDisliked() else { continue }
                    events.append((track, time, !skipped))
                }
            }
            let cut = Int(Double(events.count) * (1 - Realistic.heldOutShare))
            var counts: [Int: (plays: Int, skips: Int, last: Int)] = [:]
            for event in events[..<cut] {
                var entry = counts[event.track] ?? (0, 0, event.time)
                if event.played { entry.plays += 1 } else { entry.skips += 1 }
                entry.last = max(entry.last, event.time)
                counts[event.track] = entry
            }
            var history = counts.map { track, entry in
                Listener.HistoryEntry(
                    trackID: tracks[track].id, plays: entry.plays, skips: entry.skips,
                    lastPlayed: isoDate(secondsSince1970: windowStart + entry.last))
            }
            history.sort { $0.trackID < $1.trackID }
            for position in history.indices where history[position].plays >= 3 {
                if Double.random(in: 0..<1, using: &rng) < Realistic.likeRate { history[position].liked = true }
            }
            var held: [String: Int] = [:]
            for event in events[cut...] where event.played { held[tracks[event.track].id, default: 0] += 1 }
            if cut < events.count {
                heldOutFrom[id] = Date(timeIntervalSince1970: Double(windowStart + events[cut].time))
            }
            listeners.append(Listener(id: id, name: id, explicit: blocksExplicit ? .block : .allow, history: history))
            heldOutPlays[id] = held
            mainstream[id] = mainstreamLevels[level]
            tastes[id] = Taste(
                favourites: favourites.map { genres[$0].name }, popularityExponent: exponents[level],
                favouriteArtists: favouriteArtists.map { artistNames[$0] }, loyalty: loyalty,
                repeatRate: Realistic.repeatRate, exploration: Realistic.exploration, skipRate: Realistic.skipRate)
        }
        return SyntheticWorld(
            kind: .realistic, catalog: catalog, listeners: listeners,
            heldOut: heldOutPlays.mapValues { Set($0.keys) }, heldOutPlays: heldOutPlays, mainstreamness: mainstream,
            tastes: tastes, referenceDate: Realistic.referenceDate, heldOutFrom: heldOutFrom)
    }

    /// `2025-06-01T00:00:00Z` for a time in whole seconds since 1970 (UTC): a formatter per history entry costs
    /// more than the rest of the world (civil date from days, after Howard Hinnant's algorithm).
    static func isoDate(secondsSince1970 seconds: Int) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))Z"
    }
}
