/// Why a track was picked, as a fact the commentary can read; `description` is the listener-facing words
/// ("you played Khruangbin 14 times"), rendered only at the edge.
public enum PickReason: Sendable, Codable, Equatable, CustomStringConvertible {
    /// No history yet: a popular pick, or one for variety, to learn the listener's taste.
    case coldStart(genre: String?, popular: Bool)
    /// The listener played this very track this many times.
    case playedTrack(plays: Int)
    /// The listener played this artist (the lead name as credited) this many times.
    case playedArtist(artist: String, plays: Int)
    /// An artist the listener has never played, in a genre they like (if any).
    case newArtist(likedGenre: String?)
    /// A genre the listener likes.
    case likedGenre(String)
    /// Close to the centre of what they play (embeddings).
    case soundsLikeTheirListening
    /// Fair exposure: a tail-bin artist given a turn.
    case lesserKnownArtist
    /// Tempo (and key) close to the previous pick.
    case keepsTheFlow(fromBPM: Int, toBPM: Int, tempo: Tempo, fromKey: String?, toKey: String?)
    /// Energy on the set's arc.
    case energyOnTheArc(energy: Double, phase: String)
    /// The catalog has listening-based embeddings but not for this track (no one has played it yet): picked on its
    /// genre, tempo and energy alone.
    case noListeningYet
    /// Nothing stood out.
    case fitsTheMix

    /// How the tempo relates across a flow transition.
    public enum Tempo: String, Sendable, Codable {
        case same, halfTime, doubleTime
    }

    public var description: String {
        switch self {
        case .coldStart(let genre, let popular):
            let genre = genre.map { " \($0.lowercased())" } ?? ""
            return
                "no history yet: \(popular ? "a popular\(genre) pick" : "a\(genre) pick for variety"), to learn your taste"
        case .playedTrack(let plays):
            return "you've played it \(plays) \(plays == 1 ? "time" : "times")"
        case .playedArtist(let artist, let plays):
            return "you played \(artist) \(plays) \(plays == 1 ? "time" : "times")"
        case .newArtist(let genre):
            return genre.map { "new artist for you, in \($0) which you like" } ?? "new artist for you"
        case .likedGenre(let genre):
            return "you like \(genre)"
        case .soundsLikeTheirListening:
            return "sounds like what you play"
        case .lesserKnownArtist:
            return "gives a lesser-known artist a turn"
        case .keepsTheFlow(let from, let to, let tempo, let fromKey, let toKey):
            var text = "keeps the flow: \(from) → \(to) BPM"
            switch tempo {
            case .same: break
            case .halfTime: text += " (half time)"
            case .doubleTime: text += " (double time)"
            }
            if let fromKey, let toKey { text += ", \(fromKey) → \(toKey)" }
            return text
        case .energyOnTheArc(let energy, let phase):
            return "\(Self.feel(ofEnergy: energy)) for the \(phase)"
        case .noListeningYet:
            return "new to our listeners: chosen on its genre, tempo and energy"
        case .fitsTheMix:
            return "fits the mix"
        }
    }

    /// An energy value (0–1) in a listener's words.
    static func feel(ofEnergy energy: Double) -> String {
        switch energy {
        case ..<0.3: return "a calm one"
        case ..<0.5: return "a gentle lift"
        case ..<0.7: return "a lively one"
        default: return "a high-energy one"
        }
    }

    /// Whether the reason is the listener's own plays of the artist.
    public var isFamiliarArtist: Bool {
        if case .playedArtist = self { return true }
        return false
    }
}
