import Foundation
import SegueCore

extension SyntheticWorld {
    /// The matrix the evaluation trains embeddings on: every listener's history, the training part of their plays.
    /// Held-out plays live only in `heldOutPlays` and never enter it.
    public var trainingMatrix: ListeningMatrix { ListeningMatrix(listeners: listeners, catalog: catalog) }

    /// The world with its catalog's embeddings learned from the training plays by implicit-feedback ALS, as `segue
    /// catalog embed` learns them for a real catalog: played tracks get a vector, the rest none (they fall back to
    /// content features).
    public func withListeningEmbeddings(dimension: Int = 64, seed: UInt64) -> SyntheticWorld {
        var world = self
        let factors = ImplicitALS(dimension: dimension, seed: seed).train(trainingMatrix)
        world.catalog = catalog.replacingEmbeddings(with: factors)
        return world
    }
}
