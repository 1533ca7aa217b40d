/// Many listeners' histories as the cells `ImplicitALS` trains on: listeners numbered in the order given, tracks in
/// catalog order.
public struct ListeningMatrix: Sendable {
    /// One cell per history entry with plays: (listener index, catalog index, plays).
    public var cells: [(listener: Int, track: Int, plays: Float)]
    /// The number of listeners (rows).
    public var listeners: Int
    /// The number of catalog tracks (columns).
    public var tracks: Int
    /// History entries naming a track the catalog does not have: per track id, how many entries; they are skipped.
    public var unknownTrackIDs: [String: Int]

    /// The plays of `listeners` on `catalog`'s tracks. Entries with no plays (skips only) add no cell; a liked
    /// track counts by its plays like any other.
    /// - Parameter excluding: per listener id, track ids to leave out (held-out plays an evaluation must not train on).
    public init(listeners: [Listener], catalog: Catalog, excluding: [String: Set<String>] = [:]) {
        var cells: [(listener: Int, track: Int, plays: Float)] = []
        cells.reserveCapacity(listeners.reduce(0) { $0 + $1.history.count })
        var unknown: [String: Int] = [:]
        for (row, listener) in listeners.enumerated() {
            let held = excluding[listener.id] ?? []
            for entry in listener.history where entry.plays > 0 && !held.contains(entry.trackID) {
                guard let column = catalog.index(of: entry.trackID) else {
                    unknown[entry.trackID, default: 0] += 1
                    continue
                }
                cells.append((listener: row, track: column, plays: Float(entry.plays)))
            }
        }
        self.cells = cells
        self.listeners = listeners.count
        self.tracks = catalog.tracks.count
        self.unknownTrackIDs = unknown
    }
}

extension ImplicitALS {
    /// Learns the vectors of the tracks in `matrix` (see `train(plays:listeners:tracks:)`).
    public func train(_ matrix: ListeningMatrix) -> ItemFactors {
        train(plays: matrix.cells, listeners: matrix.listeners, tracks: matrix.tracks)
    }
}

extension Catalog {
    /// The catalog with every track's embedding replaced by its learned vector, or removed when it has none: a
    /// content embedding and a learned one are different spaces, and cosines across them mean nothing.
    /// - Precondition: `factors` has one row per track, in catalog order.
    public func replacingEmbeddings(with factors: ItemFactors) -> Catalog {
        precondition(factors.count == tracks.count, "one vector row per catalog track")
        var catalog = self
        for index in catalog.tracks.indices { catalog.tracks[index].embedding = factors[index] }
        return catalog
    }
}
