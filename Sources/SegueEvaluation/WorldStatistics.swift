import SegueCore

/// What a world's listening shows, measured from its histories, held-out plays and tastes: the figures
/// the realistic world is fixed by, read back.
public struct WorldStatistics: Sendable, Equatable {
    /// Plays (kept and held out) of the favourite artists over all plays; 0 in the classic world.
    public var loyaltyShare = 0.0
    /// Skips over starts of disliked tracks (outside the favourite genres and artists), in the histories.
    public var dislikedSkipRate = 0.0
    /// Liked tracks over tracks played 3 or more times, in the histories.
    public var likedShare = 0.0
    /// Held-out plays of a track already in the listener's history over all held-out plays.
    public var heldOutReplayShare = 0.0
    /// Mean plays per listener, kept and held out.
    public var meanPlays = 0.0

    /// Measures a world.
    public init(world: SyntheticWorld) {
        var plays = 0, loyal = 0, dislikedStarts = 0, skips = 0, often = 0, liked = 0, heldOut = 0, replays = 0
        for listener in world.listeners {
            guard let taste = world.tastes[listener.id] else { continue }
            let favourites = Set(taste.favouriteArtists), genres = Set(taste.favourites)
            let held = world.heldOutPlays[listener.id] ?? [:]
            var played: Set<String> = []
            for entry in listener.history {
                played.insert(entry.trackID)
                guard let track = world.catalog[entry.trackID] else { continue }
                plays += entry.plays
                if favourites.contains(track.artist) { loyal += entry.plays }
                if !favourites.contains(track.artist), !genres.contains(track.genres.first ?? "") {
                    dislikedStarts += entry.plays + entry.skips
                    skips += entry.skips
                }
                if entry.plays >= 3 {
                    often += 1
                    if entry.liked == true { liked += 1 }
                }
            }
            for (id, count) in held {
                plays += count
                heldOut += count
                if played.contains(id) { replays += count }
                if let track = world.catalog[id], favourites.contains(track.artist) { loyal += count }
            }
        }
        func share(_ part: Int, _ whole: Int) -> Double { whole > 0 ? Double(part) / Double(whole) : 0 }
        loyaltyShare = share(loyal, plays)
        dislikedSkipRate = share(skips, dislikedStarts)
        likedShare = share(liked, often)
        heldOutReplayShare = share(replays, heldOut)
        meanPlays = world.listeners.isEmpty ? 0 : Double(plays) / Double(world.listeners.count)
    }
}
