import Foundation

/// A person Segue plays for: their settings and listening history.
public struct Listener: Sendable, Codable, Equatable {
    /// Whether explicit tracks may be played.
    public enum ExplicitSetting: String, Sendable, Codable {
        case allow, block
    }

    /// How the listener has treated one track.
    public struct HistoryEntry: Sendable, Codable, Equatable {
        public var trackID: String
        public var plays: Int
        public var skips: Int
        public var liked: Bool?
        /// ISO-8601 date or date-time of the last play.
        public var lastPlayed: String?

        /// The JSON field names; `SegueFiles` lists them to name unknown fields in a listener file.
        package enum CodingKeys: String, CodingKey, CaseIterable {
            case trackID = "track_id"
            case plays, skips, liked
            case lastPlayed = "last_played"
        }

        public init(trackID: String, plays: Int, skips: Int = 0, liked: Bool? = nil, lastPlayed: String? = nil) {
            self.trackID = trackID
            self.plays = plays
            self.skips = skips
            self.liked = liked
            self.lastPlayed = lastPlayed
        }

        /// Decodes an entry; plays and skips are counts, so a negative one is an error naming its field.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            trackID = try c.decode(String.self, forKey: .trackID)
            plays = try c.decode(Int.self, forKey: .plays)
            skips = try c.decode(Int.self, forKey: .skips)
            liked = try c.decodeIfPresent(Bool.self, forKey: .liked)
            lastPlayed = try c.decodeIfPresent(String.self, forKey: .lastPlayed)
            for (key, count) in [(CodingKeys.plays, plays), (.skips, skips)] where count < 0 {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c, debugDescription: "\(count) is not a count (0 or more)")
            }
        }
    }

    public var id: String
    public var name: String
    public var locale: String
    public var explicit: ExplicitSetting
    public var history: [HistoryEntry]
    public var blockedArtists: [String]
    /// Whether the listener agreed to be named in the commentary.
    public var nameInCommentary: Bool

    /// The JSON field names; `SegueFiles` lists them to name unknown fields in a listener file.
    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, locale, explicit, history
        case blockedArtists = "blocked_artists"
        case nameInCommentary = "name_in_commentary"
    }

    public init(
        id: String, name: String, locale: String = "en-US", explicit: ExplicitSetting = .block,
        history: [HistoryEntry] = [], blockedArtists: [String] = [], nameInCommentary: Bool = false
    ) {
        self.id = id
        self.name = name
        self.locale = locale
        self.explicit = explicit
        self.history = history
        self.blockedArtists = blockedArtists
        self.nameInCommentary = nameInCommentary
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        locale = try c.decodeIfPresent(String.self, forKey: .locale) ?? "en-US"
        guard Self.isLanguageTag(locale) else {
            throw DecodingError.dataCorruptedError(
                forKey: .locale, in: c, debugDescription: "not a BCP 47 language tag such as en-US or es")
        }
        explicit = try c.decode(ExplicitSetting.self, forKey: .explicit)
        history = try c.decodeIfPresent([HistoryEntry].self, forKey: .history) ?? []
        blockedArtists = try c.decodeIfPresent([String].self, forKey: .blockedArtists) ?? []
        nameInCommentary = try c.decodeIfPresent(Bool.self, forKey: .nameInCommentary) ?? false
    }

    /// Whether `text` has the shape of a BCP 47 language tag: a 2–3 letter language, then subtags of 1–8 letters
    /// or digits (`en`, `en-US`, `es-419`, `zh-Hant-TW`); `_` is read as `-`.
    public static func isLanguageTag(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).flatMap {
            $0.split(separator: "_", omittingEmptySubsequences: false)
        }
        guard let language = parts.first, (2...3).contains(language.count),
            language.allSatisfy({ $0.isASCII && $0.isLetter })
        else { return false }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }
}
