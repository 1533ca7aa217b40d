import Foundation
import SegueTestSupport
import Testing

@testable import SegueCore

@Suite struct ImplicitALSTests {
    /// Three groups of 30 listeners, each playing 8 of its group's 20 tracks (1–6 plays); track 60 is never played.
    static func plantedPlays(seed: UInt64 = 7) -> [(listener: Int, track: Int, plays: Float)] {
        var rng = SeededRandomNumberGenerator(seed: seed)
        var plays: [(listener: Int, track: Int, plays: Float)] = []
        for listener in 0..<90 {
            let group = listener / 30
            let tracks = (0..<20).shuffled(using: &rng).prefix(8)
            for track in tracks {
                plays.append((listener, group * 20 + track, Float(Int.random(in: 1...6, using: &rng))))
            }
        }
        return plays
    }

    static let trainer = ImplicitALS(dimension: 8, iterations: 10, seed: 3)

    @Test func aPlantedStructureIsRecovered() throws {
        let factors = Self.trainer.train(plays: Self.plantedPlays(), listeners: 90, tracks: 61)
        for track in 0..<60 {
            let neighbours = (0..<60).filter { $0 != track }.sorted {
                (factors.cosine(track, $0) ?? -2) > (factors.cosine(track, $1) ?? -2)
            }
            let sameGroup = neighbours.prefix(10).filter { $0 / 20 == track / 20 }.count
            #expect(sameGroup == 10, "track \(track): \(sameGroup) of its 10 nearest are in its group")
        }
    }

    @Test func vectorsHaveUnitLength() throws {
        let factors = Self.trainer.train(plays: Self.plantedPlays(), listeners: 90, tracks: 61)
        for track in 0..<60 {
            let vector = try #require(factors[track])
            #expect(vector.count == 8)
            #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
        }
    }

    @Test func theSameSeedGivesTheSameVectorsAndAnotherSeedOthers() {
        let plays = Self.plantedPlays()
        let first = Self.trainer.train(plays: plays, listeners: 90, tracks: 61)
        let again = Self.trainer.train(plays: plays, listeners: 90, tracks: 61)
        #expect(first == again)
        var other = Self.trainer
        other.seed = 4
        #expect(other.train(plays: plays, listeners: 90, tracks: 61) != first)
    }

    @Test(arguments: [1, 2, 3, 8])
    func theVectorsDoNotDependOnTheThreadCount(threads: Int) {
        // Enough rows for several blocks, so the threads share the work.
        var rng = SeededRandomNumberGenerator(seed: 11)
        let plays = (0..<3000).map { _ in
            (
                listener: Int.random(in: 0..<300, using: &rng), track: Int.random(in: 0..<500, using: &rng),
                plays: Float(1)
            )
        }
        var trainer = ImplicitALS(dimension: 12, iterations: 3, seed: 5, threads: 1)
        let serial = trainer.train(plays: plays, listeners: 300, tracks: 500)
        trainer.threads = threads
        #expect(trainer.train(plays: plays, listeners: 300, tracks: 500) == serial)
    }

    @Test func aTrackWithoutPlaysGetsNoVector() {
        var plays = Self.plantedPlays()
        // A cell with no plays is not a play.
        plays.append((listener: 0, track: 60, plays: 0))
        let factors = Self.trainer.train(plays: plays, listeners: 90, tracks: 61)
        #expect(factors[60] == nil)
        #expect(factors.cosine(0, 60) == nil)
        #expect(factors.trainedCount == 60)
    }

    @Test func aCellGivenTwiceCountsItsPlaysOnce() {
        var split = Self.plantedPlays()
        let whole = split
        let first = split[0]
        split[0].plays = 1
        split.append((listener: first.listener, track: first.track, plays: first.plays - 1))
        #expect(
            Self.trainer.train(plays: split, listeners: 90, tracks: 61)
                == Self.trainer.train(plays: whole, listeners: 90, tracks: 61))
    }

    @Test func heldOutPlaysChangeTheVectors() {
        let training = Self.plantedPlays()
        let heldOut: [(listener: Int, track: Int, plays: Float)] = [(0, 19, 3), (31, 22, 2), (89, 41, 5)]
        let without = Self.trainer.train(plays: training, listeners: 90, tracks: 61)
        let with = Self.trainer.train(plays: training + heldOut, listeners: 90, tracks: 61)
        #expect(without != with)
    }

    @Test func theMatrixLeavesOutExcludedPlaysUnknownTracksAndSkips() throws {
        let catalog = try Catalog(
            tracks: (0..<4).map { Track(id: "t\($0)", title: "T", artist: "A\($0)", duration: 60, embedding: [1, 0]) },
            baseURL: URL(fileURLWithPath: "/tmp"))
        let listeners = [
            Listener(
                id: "a", name: "A",
                history: [
                    .init(trackID: "t0", plays: 3), .init(trackID: "t1", plays: 2),
                    .init(trackID: "gone", plays: 4), .init(trackID: "t2", plays: 0, skips: 2),
                ]),
            Listener(id: "b", name: "B", history: [.init(trackID: "t1", plays: 1), .init(trackID: "gone", plays: 1)]),
        ]
        let matrix = ListeningMatrix(listeners: listeners, catalog: catalog, excluding: ["a": ["t1"]])
        #expect(matrix.listeners == 2 && matrix.tracks == 4)
        #expect(matrix.cells.map { [$0.listener, $0.track, Int($0.plays)] } == [[0, 0, 3], [1, 1, 1]])
        #expect(matrix.unknownTrackIDs == ["gone": 2])

        let embedded = catalog.replacingEmbeddings(with: ImplicitALS(dimension: 2, iterations: 2).train(matrix))
        #expect(embedded.tracks[0].embedding?.count == 2 && embedded.tracks[1].embedding?.count == 2)
        // Unplayed tracks lose their content embedding: the two spaces do not mix.
        #expect(embedded.tracks[2].embedding == nil && embedded.tracks[3].embedding == nil)
    }

    @Test func theGramMatrixIsTheSameForAnyBlockingOfTheWork() {
        var rng = SeededRandomNumberGenerator(seed: 2)
        let rows = 5000
        let factors = (0..<(rows * 8)).map { _ in Float.random(in: -1...1, using: &rng) }
        let one = ImplicitALS.gram(factors, stride: 8, workers: 1)
        #expect(ImplicitALS.gram(factors, stride: 8, workers: 3) == one)
        var expected: Float = 0
        for row in 0..<rows { expected += factors[row * 8 + 2] * factors[row * 8 + 5] }
        #expect(abs(one[2 * 8 + 5] - expected) < 1e-2)
        #expect(one[2 * 8 + 5] == one[5 * 8 + 2])
    }
}
