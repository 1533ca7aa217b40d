/// What a lineup does beyond relevance: how diverse, how new, whose music, how calibrated, how
/// smooth, and how close to its energy arc.
public struct ImpactReport: Sendable, Equatable, Codable {
    /// Shares of picks whose lead artist is in the head, mid and tail popularity bin.
    public struct PopularityMix: Sendable, Equatable, Codable {
        public var head = 0.0, mid = 0.0, tail = 0.0
    }

    public var tracks = 0
    /// Mean pairwise distance: half for a different primary genre, half for no shared artist.
    public var intraListDiversity = 0.0
    /// Share of picks by artists the listener has not played.
    public var newArtistShare = 0.0
    public var popularityMix = PopularityMix()
    /// KL divergence from the listener's genre mix to the lineup's (Steck 2018).
    public var calibrationKL = 0.0
    /// Share of transitions within 6 % tempo (half and double time allowed) and Camelot distance ≤ 1.
    public var smoothTransitionShare = 0.0
    /// Mean distance of the picks' energy from the arc's target.
    public var energyArcError = 0.0

    enum CodingKeys: String, CodingKey {
        case tracks
        case intraListDiversity = "intra_list_diversity"
        case newArtistShare = "new_artist_share"
        case popularityMix = "popularity_mix"
        case calibrationKL = "calibration_kl"
        case smoothTransitionShare = "smooth_transition_share"
        case energyArcError = "energy_arc_error"
    }

    public init() {}

    /// Measures the lineup of catalog `indices` for a listener.
    public init(indices: [Int], features: TrackFeatures, context: ListenerContext, arc: EnergyArc) {
        tracks = indices.count
        guard !indices.isEmpty else { return }
        var distance = 0.0, pairs = 0
        for i in indices.indices {
            for j in indices.indices where j > i {
                distance += Self.distance(indices[i], indices[j], features)
                pairs += 1
            }
        }
        intraListDiversity = pairs > 0 ? distance / Double(pairs) : 0
        let n = Double(indices.count)
        newArtistShare = Double(indices.filter { context.isNewArtist($0, features) }.count) / n
        var bins = [0.0, 0.0, 0.0]
        for index in indices { bins[Int(features.artistBin[Int(features.leadArtist[index])])] += 1 / n }
        popularityMix = PopularityMix(head: bins[0], mid: bins[1], tail: bins[2])
        calibrationKL = Self.calibration(indices, features: features, target: context.genreTarget)
        let transitions = zip(indices, indices.dropFirst())
        smoothTransitionShare =
            indices.count > 1
            ? Double(transitions.filter { features.isSmooth($0.0, $0.1) }.count) / Double(indices.count - 1) : 0
        var error = 0.0, known = 0
        for (position, index) in indices.enumerated() where features.energy[index].isFinite {
            let fraction = indices.count > 1 ? Double(position) / Double(indices.count - 1) : 0.5
            error += abs(Double(features.energy[index]) - arc.target(at: fraction, centre: context.energyCentre))
            known += 1
        }
        energyArcError = known > 0 ? error / Double(known) : 0
    }

    /// Half for a different primary genre, half for no shared artist.
    static func distance(_ a: Int, _ b: Int, _ features: TrackFeatures) -> Double {
        (features.primaryGenre[a] == features.primaryGenre[b] ? 0 : 0.5) + (features.shareArtist(a, b) ? 0 : 0.5)
    }

    static func calibration(
        _ indices: [Int], features: TrackFeatures, target: [(genre: Int32, share: Double)]
    ) -> Double {
        var mass = [Double](repeating: 0, count: target.count)
        for index in indices {
            let genres = features.genres(of: index)
            for genre in genres {
                if let slot = target.firstIndex(where: { $0.genre == genre }) { mass[slot] += 1 / Double(genres.count) }
            }
        }
        return GenreCalibration.divergence(target: target.map(\.share), total: Double(indices.count)) { mass[$0] }
    }

    /// The same report rounded to three decimals, for people and JSON.
    public var rounded: ImpactReport {
        var copy = self
        copy.intraListDiversity = intraListDiversity.thousandths
        copy.newArtistShare = newArtistShare.thousandths
        copy.popularityMix = PopularityMix(
            head: popularityMix.head.thousandths, mid: popularityMix.mid.thousandths,
            tail: popularityMix.tail.thousandths)
        copy.calibrationKL = calibrationKL.thousandths
        copy.smoothTransitionShare = smoothTransitionShare.thousandths
        copy.energyArcError = energyArcError.thousandths
        return copy
    }
}
