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

    func reasons(for index: Int, position: Int, previous: Int?, parts: ScoreBreakdown) -> [String] {
        let track = catalog.tracks[index]
        let taste = context.taste
        var reasons: [String] = []
        let liked = taste.likedGenres(of: track)
        if context.isColdStart {
            let genre = track.genres.first.map { " \($0.lowercased())" } ?? ""
            let popular = (track.popularity ?? 0) >= 50
            reasons.append("no history yet: \(popular ? "a popular\(genre) pick" : "a\(genre) pick for variety"), to learn your taste")
        } else if let plays = track.artistNames.compactMap({ taste.artistPlays[ArtistCredit.key($0)] }).max(), plays > 0 {
            reasons.append("you played \(ArtistCredit.lead(of: track.artist)) \(plays) \(plays == 1 ? "time" : "times")")
        }
        if context.isNewArtist(index, features) {
            reasons.append(liked.isEmpty ? "new artist for you" : "new artist for you, in \(liked[0]) which you like")
        } else if let genre = liked.first {
            reasons.append("you like \(genre)")
        }
        if context.model.cosine(index, features) >= 0.8 { reasons.append("sounds like what you play") }
        if parts.fairness > 0, features.artistBin[Int(features.leadArtist[index])] == 2 {
            reasons.append("gives a lesser-known artist a turn")
        }
        if let previous, let flow = flow(from: previous, to: index) { reasons.append(flow) }
        let fraction = length > 1 ? Double(position) / Double(length - 1) : 0.5
        if let energy = track.energy, energy.isFinite,
            abs(energy - arc.target(at: fraction, centre: context.energyCentre)) <= 0.08
        {
            reasons.append("energy \(energy.twoDecimals) for the \(phase(fraction))")
        }
        if reasons.isEmpty { reasons.append("fits the mix") }
        return reasons
    }

    /// "keeps the flow: 122 → 124 BPM, 8A → 9A" when the tempo moves less than 6 % (half or double time too).
    private func flow(from previous: Int, to index: Int) -> String? {
        guard let difference = features.tempoDifference(previous, index), difference <= 0.06 else { return nil }
        let a = features.bpm[previous], b = features.bpm[index]
        var text = "keeps the flow: \(Int(a.rounded())) → \(Int(b.rounded())) BPM"
        if abs(b - a) / a > 0.06 { text += b < a ? " (half time)" : " (double time)" }
        if let distance = features.keyDistance(previous, index), distance <= 1,
            let from = catalog.tracks[previous].key.flatMap(CamelotKey.init), let to = catalog.tracks[index].key.flatMap(CamelotKey.init)
        {
            text += ", \(from) → \(to)"
        }
        return text
    }

    /// Where the pick sits on the arc, in DJ words.
    private func phase(_ fraction: Double) -> String {
        switch arc {
        case .steady: return "steady mood of the set"
        case .warmup: return "warm-up"
        case .cooldown: return "wind-down"
        case .peak: return fraction < 0.45 ? "warm-up" : fraction <= 0.85 ? "peak of the set" : "easing off"
        }
    }
}
