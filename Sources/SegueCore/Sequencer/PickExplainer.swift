import Foundation

/// Turns a pick and the terms it won with into reasons a listener understands, most important first:
/// "you played Khruangbin 14 times", "new artist for you, in desert blues which you like",
/// "keeps the flow: 122 → 124 BPM, 8A → 9A".
struct PickExplainer {
    let features: TrackFeatures
    let context: ListenerContext
    let catalog: Catalog
    let arc: EnergyArc
    let length: Int

    func reasons(for index: Int, position: Int, previous: Int?, parts: ScoreBreakdown) -> [PickReason] {
        let track = catalog.tracks[index]
        let taste = context.taste
        var reasons: [PickReason] = []
        let liked = taste.likedGenres(of: track)
        if let plays = context.trackPlays[index] { reasons.append(.playedTrack(plays: plays)) }
        if context.isColdStart {
            reasons.append(.coldStart(genre: track.genres.first, popular: (track.popularity ?? 0) >= 50))
        } else if let plays = track.artistNames.compactMap({ taste.artistPlays[ArtistCredit.key($0)] }).max(), plays > 0
        {
            reasons.append(.playedArtist(artist: ArtistCredit.lead(of: track.artist), plays: plays))
        }
        if context.isNewArtist(index, features) {
            reasons.append(.newArtist(likedGenre: liked.first))
        } else if let genre = liked.first {
            reasons.append(.likedGenre(genre))
        }
        if context.model.cosine(index, features) >= 0.8 {
            reasons.append(.soundsLikeTheirListening)
        } else if features.hasEmbeddings, !features.embeddings.has(index) {
            reasons.append(.noListeningYet)
        }
        if parts.fairness > 0, features.artistBin[Int(features.leadArtist[index])] == 2 {
            reasons.append(.lesserKnownArtist)
        }
        if let previous, let flow = flow(from: previous, to: index) { reasons.append(flow) }
        let fraction = length > 1 ? Double(position) / Double(length - 1) : 0.5
        if let energy = track.energy, energy.isFinite,
            abs(energy - arc.target(at: fraction, centre: context.energyCentre)) <= 0.08
        {
            reasons.append(.energyOnTheArc(energy: energy, phase: phase(fraction)))
        }
        if reasons.isEmpty { reasons.append(.fitsTheMix) }
        return reasons
    }

    /// Keeps the flow only when the transition is smooth as the evaluation counts it (`TrackFeatures.isSmooth`):
    /// the tempo within 6 % (half or double time too) and the keys at most one step apart on the Camelot wheel. A
    /// matching tempo into a clashing or unknown key is not called a flow.
    private func flow(from previous: Int, to index: Int) -> PickReason? {
        guard features.isSmooth(previous, index),
            let from = catalog.tracks[previous].key.flatMap(CamelotKey.init),
            let to = catalog.tracks[index].key.flatMap(CamelotKey.init)
        else { return nil }
        let a = features.bpm[previous], b = features.bpm[index]
        let tempo: PickReason.Tempo = abs(b - a) / a <= 0.06 ? .same : b < a ? .halfTime : .doubleTime
        return .keepsTheFlow(
            fromBPM: Int(a.rounded()), toBPM: Int(b.rounded()), tempo: tempo, fromKey: "\(from)", toKey: "\(to)")
    }

    /// Where the pick sits on the arc, in DJ words.
    private func phase(_ fraction: Double) -> String {
        switch arc {
        case .steady: return "steady mood of the set"
        case .warmup: return "warm-up"
        case .cooldown: return "wind-down"
        case .peak: return fraction < 0.45 ? "warm-up" : fraction <= 0.85 ? "peak of the set" : "close of the set"
        }
    }
}
