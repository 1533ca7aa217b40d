import Foundation
import SegueCore
import SegueEvaluation
import Testing

/// The evaluation's embeddings are learned from the training plays alone: a held-out play never reaches the trainer.
@Suite struct ListeningEmbeddingsTests {
    @Test func embeddingsAreTrainedWithoutHeldOutPlays() throws {
        let world = try SyntheticWorld.generate(listeners: 60, tracks: 3000, seed: 5)
        let matrix = world.trainingMatrix
        // Every cell is one listener's training plays of one track, exactly as their history has it.
        var fromHistories: [String: Float] = [:]
        for (row, listener) in world.listeners.enumerated() {
            for entry in listener.history where entry.plays > 0 {
                guard let column = world.catalog.index(of: entry.trackID) else { continue }
                fromHistories["\(row) \(column)", default: 0] += Float(entry.plays)
            }
        }
        var cells: [String: Float] = [:]
        for cell in matrix.cells { cells["\(cell.listener) \(cell.track)", default: 0] += cell.plays }
        #expect(cells == fromHistories)
        // The held-out plays are elsewhere: a track heard only in the held-out part has no cell for its listener.
        var heldOutOnly = 0
        for (row, listener) in world.listeners.enumerated() {
            let trained = Set(listener.history.map(\.trackID))
            for track in (world.heldOutPlays[listener.id] ?? [:]).keys where !trained.contains(track) {
                guard let column = world.catalog.index(of: track) else { continue }
                #expect(cells["\(row) \(column)"] == nil)
                heldOutOnly += 1
            }
        }
        #expect(heldOutOnly > 100)
        // And the world the evaluation uses carries exactly the vectors learned from that matrix.
        let learned = world.withListeningEmbeddings(dimension: 16, seed: 3)
        let factors = ImplicitALS(dimension: 16, seed: 3).train(matrix)
        for index in stride(from: 0, to: world.catalog.tracks.count, by: 37) {
            #expect(learned.catalog.tracks[index].embedding == factors[index])
        }
        #expect(learned.catalog.tracks.contains { $0.embedding != nil })
    }
}
