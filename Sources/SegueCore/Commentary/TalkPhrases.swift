/// The editor-owned wording that templates borrow: how a genre is said ("a march", "some hip hop"), how a pick's
/// reason sounds in a listener's words ("you've had Maxstack on repeat"), and how a list is joined ("A, B and C").
///
/// Loaded from `prompts/genres.tsv` and `prompts/reasons.tsv` (see `prompts/README.md`); every phrase is per locale,
/// with the language's entry as the fallback ("es" for "es-MX").
public struct TalkPhrases: Sendable, Equatable {
    /// Locale (or language) → lower-cased genre → phrase.
    public var genres: [String: [String: String]]
    /// Locale (or language) → reason key → phrase with `{artist}` and `{genre}` placeholders. The same table holds
    /// `energy_up` and `energy_down`, what the `energy_change` slot says ("the energy up").
    public var reasons: [String: [String: String]]

    public init(genres: [String: [String: String]] = [:], reasons: [String: [String: String]] = [:]) {
        self.genres = genres
        self.reasons = reasons
    }

    /// Keys of `reasons.tsv` that are not reasons: how a change of energy is said.
    public static let energyKeys = ["energy_up", "energy_down"]

    /// How the DJ says the energy goes up or down, in the locale (English when the table has no phrase).
    public func energyChange(up: Bool, locale: String) -> String {
        let key = up ? "energy_up" : "energy_down"
        return lookup(reasons, locale)?[key] ?? (up ? "the energy up" : "things down a notch")
    }

    /// The typed reason a phrase is chosen by: the sequencer's reason, with the artist's play count banded.
    public enum ReasonKey: String, Sendable, CaseIterable {
        case onRepeat = "on_repeat"
        case favourite
        case playedBefore = "played_before"
        case newArtistInGenre = "new_artist_in_genre"
        case newArtist = "new_artist"
        case likedGenre = "liked_genre"
        case soundsLikeYou = "sounds_like_you"
        case lesserKnown = "lesser_known"
        case keepsTheFlow = "keeps_the_flow"
        case energyArc = "energy_arc"
        case popularPick = "popular_pick"
        case varietyPick = "variety_pick"
        case fitsTheMix = "fits_the_mix"

        /// The key of a sequencer reason, and the values its phrase may name.
        public init(_ reason: PickReason) {
            switch reason {
            case .playedArtist(_, let plays): self = plays >= 20 ? .onRepeat : plays >= 5 ? .favourite : .playedBefore
            case .playedTrack(let plays): self = plays >= 3 ? .onRepeat : .playedBefore
            case .newArtist(let genre): self = genre == nil ? .newArtist : .newArtistInGenre
            case .likedGenre: self = .likedGenre
            case .soundsLikeTheirListening: self = .soundsLikeYou
            case .lesserKnownArtist: self = .lesserKnown
            case .keepsTheFlow: self = .keepsTheFlow
            case .energyOnTheArc: self = .energyArc
            case .coldStart(_, let popular): self = popular ? .popularPick : .varietyPick
            case .fitsTheMix, .noListeningYet: self = .fitsTheMix
            }
        }
    }

    /// The reason in a listener's words, or nil when the locale has no phrase for it (the slot stays empty).
    /// - Parameter artist: the pick's artist as it will be spoken (its alias or fallback where needed).
    public func reason(_ reason: PickReason, artist: String, locale: String) -> String? {
        let key = ReasonKey(reason)
        guard let phrase = lookup(reasons, locale)?[key.rawValue] else { return nil }
        var genre: String?
        switch reason {
        case .newArtist(let liked): genre = liked
        case .likedGenre(let liked): genre = liked
        case .coldStart(let cold, _): genre = cold
        default: break
        }
        if phrase.contains("{genre}") {
            guard let genre else { return nil }
            return phrase.replacing("{artist}", with: artist).replacing("{genre}", with: spokenGenre(genre))
        }
        return phrase.replacing("{artist}", with: artist)
    }

    /// How the DJ names a genre as a thing to hear: the editors' phrase ("a march", "some hip hop"), else the
    /// language's default ("some ambient", "algo de ambient").
    public func genrePhrase(_ genre: String, locale: String) -> String {
        if let phrase = lookup(genres, locale)?[genre.lowercased()] { return phrase }
        let name = spokenGenre(genre)
        return language(locale) == "es" ? "algo de \(name)" : "some \(name)"
    }

    /// The phrases that pass `linter` as template text, and what was left out: the tables are read beside the templates
    /// but are not in the approval log, so a phrase is screened as editorial text before it may fill a slot (where it
    /// would otherwise count as a fact).
    public func screened(by linter: TemplateLinter) -> (phrases: TalkPhrases, refused: [String]) {
        var refused: [String] = []
        func keep(_ table: [String: [String: String]], _ name: String) -> [String: [String: String]] {
            table.mapValues { entries in
                entries.filter { key, phrase in
                    guard let finding = linter.phrase(phrase, path: name, line: 0).first else { return true }
                    refused.append("\(name) \(key): “\(phrase)” is left out (\(finding.code) \(finding.message))")
                    return false
                }
            }
        }
        let phrases = TalkPhrases(genres: keep(genres, "genres.tsv"), reasons: keep(reasons, "reasons.tsv"))
        return (phrases, refused.sorted())
    }

    /// A genre as said inside a phrase: lower case unless it is an acronym ("R&B", "EDM").
    func spokenGenre(_ genre: String) -> String {
        let letters = genre.filter(\.isLetter)
        return letters.count > 1 && letters.allSatisfy(\.isUppercase) ? genre : genre.lowercased()
    }

    /// Names joined as the locale says a list: "A", "A and B", "A, B and C" ("A, B y C"; "y" becomes "e" before
    /// an "i" sound in Spanish: "Rosalía e Iván").
    public func list(_ items: [String], locale: String) -> String {
        guard let last = items.last else { return "" }
        guard items.count > 1 else { return last }
        var conjunction = "and"
        if language(locale) == "es" {
            let lead = last.lowercased()
            conjunction = (lead.hasPrefix("i") || lead.hasPrefix("hi")) && !lead.hasPrefix("hie") ? "e" : "y"
        }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }

    private func language(_ locale: String) -> String { TemplateLibrary.language(of: locale) }

    private func lookup(_ table: [String: [String: String]], _ locale: String) -> [String: String]? {
        if let exact = table.first(where: { $0.key.caseInsensitiveCompare(locale) == .orderedSame }) {
            return exact.value
        }
        let language = language(locale)
        return table.first { self.language($0.key) == language }?.value
    }
}
