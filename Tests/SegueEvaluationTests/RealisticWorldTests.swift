import Foundation
import SegueCore
import Testing

@testable import SegueEvaluation

@Suite struct RealisticWorldTests {
    /// One small world read by several tests (generation is deterministic, so sharing it is safe).
    static let world: SyntheticWorld? = try? SyntheticWorld.generate(listeners: 240, tracks: 3000, seed: 11)

    /// Whether a track is disliked by a listener: outside their favourite genres and artists.
    static func disliked(_ track: Track, _ taste: SyntheticWorld.Taste) -> Bool {
        !taste.favourites.contains(track.genres[0]) && !taste.favouriteArtists.contains(track.artist)
    }

    @Test func loyaltyTakes30To50PercentOfEachListenersPlaysByThreeToFiveArtists() throws {
        let world = try #require(Self.world)
        #expect(world.listeners.count == 240)
        var shares: [Double] = []
        for listener in world.listeners {
            let taste = try #require(world.tastes[listener.id])
            #expect(SyntheticWorld.Realistic.favouriteArtists.contains(taste.favouriteArtists.count))
            #expect(SyntheticWorld.Realistic.loyalty.contains(taste.loyalty))
            // All plays: the history's and the held-out ones.
            var plays: [String: Int] = world.heldOutPlays[listener.id] ?? [:]
            for entry in listener.history { plays[entry.trackID, default: 0] += entry.plays }
            let total = plays.values.reduce(0, +)
            let loyal = plays.filter { id, _ in
                world.catalog[id].map { taste.favouriteArtists.contains($0.artist) } ?? false
            }.values.reduce(0, +)
            let share = Double(loyal) / Double(max(total, 1))
            // Each listener's share is their loyalty up to rounding (one play) and a start left undrawn.
            #expect(share >= 0.30 - 2 / Double(total) && share <= 0.50 + 2 / Double(total), "\(listener.id): \(share)")
            shares.append(share)
        }
        let mean = shares.reduce(0, +) / Double(shares.count)
        #expect((0.37...0.43).contains(mean), "mean loyalty share \(mean)")
    }

    @Test func aboutOneInFiveStartsOfDislikedTracksIsSkippedAndNoOtherStart() throws {
        let world = try #require(Self.world)
        var dislikedStarts = 0, skips = 0, otherSkips = 0
        for listener in world.listeners {
            let taste = try #require(world.tastes[listener.id])
            for entry in listener.history {
                let track = try #require(world.catalog[entry.trackID])
                if Self.disliked(track, taste) {
                    dislikedStarts += entry.plays + entry.skips
                    skips += entry.skips
                } else {
                    otherSkips += entry.skips
                }
            }
        }
        let rate = Double(skips) / Double(max(dislikedStarts, 1))
        #expect(dislikedStarts > 500)
        #expect((0.15...0.25).contains(rate), "skip rate of disliked starts \(rate) over \(dislikedStarts)")
        #expect(otherSkips == 0)
    }

    @Test func aboutOneInTwentyTracksPlayedThreeTimesOrMoreIsLiked() throws {
        let world = try #require(Self.world)
        let entries = world.listeners.flatMap(\.history)
        let often = entries.filter { $0.plays >= 3 }
        let liked = entries.filter { $0.liked == true }
        #expect(often.count > 600)
        #expect(liked.allSatisfy { $0.plays >= 3 })
        #expect(entries.allSatisfy { $0.liked != false })
        let rate = Double(liked.count) / Double(max(often.count, 1))
        #expect((0.03...0.07).contains(rate), "liked \(liked.count) of \(often.count)")
    }

    @Test func playsAreDatedInTheWindowAndTheHeldOutPlaysAreTheLatest() throws {
        let world = try #require(Self.world)
        let reference = try #require(world.referenceDate)
        let windowStart = reference.addingTimeInterval(-Double(SyntheticWorld.Realistic.playWindowDays) * 86_400)
        let formatter = ISO8601DateFormatter()
        for listener in world.listeners {
            let heldOutFrom = try #require(world.heldOutFrom[listener.id])
            #expect(heldOutFrom >= windowStart && heldOutFrom < reference)
            for entry in listener.history {
                let date = try #require(entry.lastPlayed.flatMap(formatter.date(from:)))
                #expect(date >= windowStart && date <= heldOutFrom, "\(listener.id) \(entry.trackID)")
            }
            // About 20 % of the starts are held out: the history holds the rest.
            let kept = listener.history.reduce(0) { $0 + $1.plays + $1.skips }
            let held = (world.heldOutPlays[listener.id] ?? [:]).values.reduce(0, +)
            #expect(held <= kept / 3 + 1 && held >= kept / 6 - 2, "\(listener.id): \(held) held out, \(kept) kept")
        }
    }

    @Test func listenersReplayTracksAndAReplayIsAHeldOutHit() throws {
        let world = try #require(Self.world)
        var heldOut = 0, replays = 0
        for listener in world.listeners {
            let played = Set(listener.history.map(\.trackID))
            for (track, plays) in world.heldOutPlays[listener.id] ?? [:] {
                heldOut += plays
                if played.contains(track) { replays += plays }
            }
        }
        #expect(Double(replays) / Double(heldOut) > 0.25, "\(replays) of \(heldOut) held-out plays are replays")
        #expect(world.listeners.flatMap(\.history).contains { $0.plays >= 5 })
    }

    @Test func theOracleOddsCountLoyaltyRepeatsAndDislikedStarts() throws {
        let world = try #require(Self.world)
        let features = TrackFeatures(catalog: world.catalog)
        for listener in world.listeners.prefix(12) {
            let taste = try #require(world.tastes[listener.id])
            let blocks = listener.explicit == .block
            let fresh = taste.odds(features, blocksExplicit: blocks)
            let odds = taste.odds(features, blocksExplicit: blocks, history: listener.history, in: world.catalog)
            // The odds are a distribution over the next play, less the skipped share of disliked starts.
            let completed = 1 - taste.exploration * taste.skipRate
            #expect(abs(odds.reduce(0) { $0 + Double($1) } - completed) < 1e-3)
            #expect(abs(fresh.reduce(0) { $0 + Double($1) } - completed) < 1e-3)
            // Every play, kept or held out, had odds above 0.
            let everPlayed = listener.history.map(\.trackID) + Array(world.heldOutPlays[listener.id] ?? [:]).map(\.key)
            for id in everPlayed {
                let index = try #require(world.catalog.index(of: id))
                #expect(odds[index] > 0)
            }
            // A track played often gains from the repeats; one never played loses their share.
            for entry in listener.history where entry.plays >= 3 {
                let index = try #require(world.catalog.index(of: entry.trackID))
                #expect(odds[index] > fresh[index])
            }
            // The favourite artists' tracks together get the loyal share of fresh plays.
            let loyal = world.catalog.tracks.indices.filter {
                taste.favouriteArtists.contains(world.catalog.tracks[$0].artist)
            }
            let loyalOdds = loyal.reduce(0) { $0 + Double(fresh[$1]) }
            #expect(abs(loyalOdds - taste.loyalty * completed) < 1e-3)
        }
        // No model of this world beats its own odds under the same rules here.
        let small = try SyntheticWorld.generate(listeners: 60, tracks: 1500, seed: 12)
        let result = LineupEvaluation(world: small, count: 10).run(seed: 12)
        #expect(result.rulesKeptOracle.ndcg > result.rulesKeptBaseline.ndcg)
        #expect(result.oracle.ndcg >= result.rulesKeptOracle.ndcg)
        #expect(result.segue.explicitLeaks == 0 && result.segue.separationViolations == 0)
        #expect(result.rulesKeptOracle.explicitLeaks == 0 && result.rulesKeptOracle.separationViolations == 0)
    }

    @Test func theWorldStatisticsReadTheFixedNumbersBack() throws {
        let stats = WorldStatistics(world: try #require(Self.world))
        #expect((0.30...0.50).contains(stats.loyaltyShare))
        #expect((0.15...0.25).contains(stats.dislikedSkipRate))
        #expect((0.03...0.07).contains(stats.likedShare))
        #expect(stats.heldOutReplayShare > 0.25 && stats.meanPlays > 30)
        let classic = WorldStatistics(
            world: try SyntheticWorld.generate(listeners: 20, tracks: 400, seed: 11, kind: .classic))
        #expect(classic.loyaltyShare == 0 && classic.heldOutReplayShare == 0 && classic.likedShare == 0)
    }

    @Test func theSameSeedGivesTheSameRealisticWorldAndAnotherSeedAnother() throws {
        let a = try SyntheticWorld.generate(listeners: 20, tracks: 400, seed: 9)
        let b = try SyntheticWorld.generate(listeners: 20, tracks: 400, seed: 9)
        let c = try SyntheticWorld.generate(listeners: 20, tracks: 400, seed: 10)
        #expect(a.catalog == b.catalog && a.listeners == b.listeners && a.heldOutPlays == b.heldOutPlays)
        #expect(a.tastes == b.tastes && a.heldOutFrom == b.heldOutFrom)
        #expect(a.listeners != c.listeners)
    }

    @Test(arguments: [0, 86_399, 86_400, 951_782_400, 1_748_735_999, 1_748_736_000, 4_107_542_400])
    func datesAreWrittenAsTheISOFormatterReadsThem(seconds: Int) throws {
        let text = SyntheticWorld.isoDate(secondsSince1970: seconds)
        let date = try #require(ISO8601DateFormatter().date(from: text))
        #expect(date.timeIntervalSince1970 == Double(seconds), "\(text)")
    }
}
