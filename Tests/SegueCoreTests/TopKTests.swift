import Testing

@testable import SegueCore

@Suite struct TopKTests {
    /// The exact answer: all items sorted by score (high first), ties by the lower index.
    private func expected(_ scores: [Float], _ k: Int) -> [Int] {
        Array(scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }.prefix(k))
    }

    @Test(arguments: [0, 1, 2, 7, 20, 400, 1600])
    func keepsExactlyTheBestInRankOrder(capacity: Int) {
        var rng = SeededRandomNumberGenerator(seed: UInt64(capacity) + 1)
        // Coarse scores, so many ties; some rising runs, the worst order for a floor.
        let scores: [Float] = (0..<20_000).map { index in
            index % 3 == 0 ? Float(index / 50) / 100 : Float(Int.random(in: 0..<500, using: &rng)) / 100
        }
        var top = TopK(capacity: capacity)
        for (index, score) in scores.enumerated() { top.offer(score, index) }
        #expect(top.indices == expected(scores, capacity))
    }

    @Test func mergingChunksGivesWhatOnePassGives() {
        var rng = SeededRandomNumberGenerator(seed: 11)
        let scores: [Float] = (0..<9_000).map { _ in Float(Int.random(in: 0..<300, using: &rng)) }
        var merged = TopK(capacity: 64)
        for chunk in stride(from: 0, to: scores.count, by: 1_000) {
            var part = TopK(capacity: 64)
            for index in chunk..<(chunk + 1_000) { part.offer(scores[index], index) }
            merged.merge(part)
        }
        #expect(merged.indices == expected(scores, 64))
    }

    @Test func turnsAwayWhatCanNoLongerEnter() {
        var top = TopK(capacity: 2)
        for (index, score) in [Float(5), 4, 3, 2].enumerated() { top.offer(score, index) }
        // Four offers filled the buffer and raised the floor to the second best, 4.
        #expect(top.entry == 4)
        #expect(!top.wouldKeep(3.5))
        #expect(top.wouldKeep(4.5))
        #expect(TopK(capacity: 0).entry == .infinity)
        #expect(!TopK(capacity: 3).wouldKeep(.nan))
    }
}
