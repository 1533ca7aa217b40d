/// The comparison keys a listening history is matched to the catalog by: artist, title and album names reduced to
/// what identifies a recording.
///
/// Every key folds case and accents (`Beyoncé` is `beyonce`), reads `&` as `and`, and keeps only letters and digits,
/// so punctuation and spacing never matter (`AC/DC`, `AC-DC` and `ACDC` are one key; `Don't` is `dont`).
/// - Artists: a leading `The ` (or a trailing `, The`) is dropped. The whole credit is one key; its lead artist
///   (`ArtistCredit.lead`, so `Nova Reyes feat. Kid Atlas` and `Nova Reyes & Kid Atlas` lead with `Nova Reyes`) is
///   another.
/// - Titles: featured-artist parts are dropped, bracketed (`(feat. X)`, `[ft. X]`, `(featuring X)`, `(with X)`) or
///   not (`Song feat. X`), for the exact key. The base key also drops version notes at the end, after ` - ` or in
///   brackets: remasters (`- Remastered 2011`, `- 2011 Remaster`, `(Remastered)`), live recordings (`(Live)`,
///   `- Live at Wembley`, `(En Vivo)`), `Radio Edit`, `Single Version`, `Album Version`, `Explicit`, `Clean`, `Mono`,
///   `Stereo`, `Bonus Track`, `Original Mix`. A remix, an acoustic or an instrumental version is another recording
///   and keeps its note.
/// - Albums: edition notes at the end are dropped (`(Deluxe Edition)`, `[Remastered]`, `(25th Anniversary)`).
///
/// A name with no letter or digit (`!!!`, `...`) keeps its folded text as its key, so it is never empty unless
/// the name is.
public enum TrackNameKey {
    /// A title's keys.
    public struct Title: Sendable, Equatable, Hashable {
        /// The title without featured artists.
        public var exact: String
        /// The title without featured artists and version notes.
        public var base: String
        /// Whether a dropped version note says the recording is live.
        public var isLive: Bool
    }

    /// An artist credit's keys.
    public struct Artist: Sendable, Equatable, Hashable {
        /// The whole credit.
        public var whole: String
        /// The lead artist alone; the same as `whole` for a credit that names one artist.
        public var lead: String
    }

    /// The keys of an artist credit.
    public static func artist(_ credit: String) -> Artist {
        // The credit is split after folding: `FEAT.` splits as `feat.` does, and a credit with accents takes
        // `ArtistCredit`'s ASCII fast path when folding leaves it ASCII.
        let text = folded(credit)
        let whole = artistKey(text)
        let foldedCredit = String(decoding: text, as: UTF8.self)
        let leadName = ArtistCredit.lead(of: foldedCredit)
        return Artist(whole: whole, lead: leadName == foldedCredit ? whole : artistKey(folded(leadName)))
    }

    /// The keys of a title.
    public static func title(_ title: String) -> Title {
        var text = folded(title)
        removeFeaturedArtists(&text)
        let exact = key(text)
        var live = false
        while let (start, note) = trailingNote(text) {
            let kind = classify(note, albumNotes: false)
            guard kind != .none else { break }
            if kind == .live { live = true }
            text.removeSubrange(start...)
            trimTrailingSpace(&text)
        }
        let base = key(text)
        return Title(exact: exact, base: base.isEmpty ? exact : base, isLive: live)
    }

    /// The key of an album title.
    public static func album(_ album: String) -> String {
        var text = folded(album)
        let whole = key(text)
        while let (start, note) = trailingNote(text), classify(note, albumNotes: true) != .none {
            text.removeSubrange(start...)
            trimTrailingSpace(&text)
        }
        let base = key(text)
        return base.isEmpty ? whole : base
    }

    // MARK: - Steps

    /// One artist name's key, from its folded text.
    static func artistKey(_ name: [UInt8]) -> String {
        var text = name
        if text.starts(with: the) { text.removeFirst(the.count) }
        if text.count > commaThe.count, text.suffix(commaThe.count).elementsEqual(commaThe) {
            text.removeLast(commaThe.count)
        }
        return key(text.isEmpty ? name : text)
    }

    /// `text` in lower case without accents, as UTF-8, with typographic apostrophes, quotes, dashes and spaces
    /// written as their ASCII forms, and spaces trimmed: what `ArtistCredit.key` gives, and then those marks.
    static func folded(_ text: String) -> [UInt8] {
        let utf8 = text.utf8
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        if utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in utf8 {
                bytes.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : (byte == 0x09 ? 0x20 : byte))
            }
        } else {
            // Whether the scalar before is a letter of the table or ASCII (or a mark dropped after one): a combining
            // mark is dropped only there, as Foundation drops it; elsewhere Foundation folds the whole text.
            var afterLetter = false
            for scalar in text.unicodeScalars {
                let value = scalar.value
                if value < 0x80 {
                    let byte = UInt8(value)
                    bytes.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : (byte == 0x09 ? 0x20 : byte))
                    afterLetter = scalar.properties.isAlphabetic || (byte >= 0x30 && byte <= 0x39)
                } else if ScalarFolds.combiningMarks.contains(value) {
                    guard afterLetter else { return foundationFolded(text) }
                } else if let mark = asciiMark(value) {
                    bytes.append(mark)
                    afterLetter = false
                } else if (0x3400...0x9FFF).contains(value) {
                    // CJK ideographs: no case, no accents, no decomposition.
                    bytes.append(contentsOf: String(scalar).utf8)
                    afterLetter = false
                } else if let fold = ScalarFolds.table.fold(value) {
                    bytes.append(contentsOf: fold)
                    afterLetter = true
                } else {
                    return foundationFolded(text)
                }
            }
        }
        trimSpaces(&bytes)
        return bytes
    }

    /// `folded(_:)` by Foundation for the whole text: for the scripts `ScalarFolds` does not cover.
    static func foundationFolded(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for scalar in ArtistCredit.foundationKey(text).unicodeScalars {
            if let mark = asciiMark(scalar.value) {
                bytes.append(mark)
            } else {
                bytes.append(contentsOf: String(scalar).utf8)
            }
        }
        trimSpaces(&bytes)
        return bytes
    }

    /// The ASCII form of a typographic apostrophe, quote, dash or space.
    private static func asciiMark(_ value: UInt32) -> UInt8? {
        switch value {
        case 0x2018, 0x2019, 0x201B, 0x02BC, 0x2032: return UInt8(ascii: "'")
        case 0x201C, 0x201D, 0x201E: return UInt8(ascii: "\"")
        case 0x2010...0x2015, 0x2212: return UInt8(ascii: "-")
        case 0xFF06: return UInt8(ascii: "&")
        case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return 0x20
        default: return nil
        }
    }

    private static func trimSpaces(_ bytes: inout [UInt8]) {
        trimTrailingSpace(&bytes)
        let first = bytes.firstIndex { $0 != 0x20 } ?? bytes.endIndex
        if first > 0 { bytes.removeFirst(first) }
    }

    /// The letters and digits of folded text, `&` read as `and`; the folded text itself when it has none.
    static func key(_ text: [UInt8]) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.count)
        var ascii = true
        for byte in text {
            if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) {
                result.append(byte)
            } else if byte == UInt8(ascii: "&") {
                result.append(contentsOf: [0x61, 0x6E, 0x64])  // "and"
            } else if byte >= 0x80 {
                ascii = false
                break
            }
        }
        if !ascii {
            result.removeAll(keepingCapacity: true)
            for scalar in String(decoding: text, as: UTF8.self).unicodeScalars {
                if scalar.isASCII {
                    let byte = UInt8(scalar.value)
                    if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) {
                        result.append(byte)
                    } else if byte == UInt8(ascii: "&") {
                        result.append(contentsOf: [0x61, 0x6E, 0x64])
                    }
                } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    result.append(contentsOf: String(scalar).utf8)
                }
            }
        }
        if result.isEmpty {
            // `!!!`, `...`: the folded text, spaces and all, rather than an empty key every such name shares.
            return String(decoding: text, as: UTF8.self)
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Drops featured-artist parts from a folded title: bracketed groups that begin with `feat.`, `ft.`,
    /// `featuring` or `with`, and an unbracketed ` feat. X` up to the next bracket or ` - `.
    static func removeFeaturedArtists(_ text: inout [UInt8]) {
        // Bracketed groups, wherever they stand.
        var index = 0
        while index < text.count {
            let open = text[index]
            guard open == UInt8(ascii: "(") || open == UInt8(ascii: "[") else {
                index += 1
                continue
            }
            let close = open == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "]")
            guard let end = text[(index + 1)...].firstIndex(of: close) else { break }
            let inner = text[(index + 1)..<end].drop { $0 == 0x20 }
            if featuredPrefixes.contains(where: { inner.starts(with: $0) })
                || inner.starts(with: withPrefix)
            {
                var start = index
                while start > 0, text[start - 1] == 0x20 { start -= 1 }
                text.removeSubrange(start...end)
                index = start
            } else {
                index = end + 1
            }
        }
        // An unbracketed ` feat. X`: up to the next bracket or ` - `, or the end. Without its dot, `feat` or `ft` may be
        // a word of the title ("A Feat to Remember"), so only the bracketed forms may leave it out.
        for prefix in unbracketedFeaturedPrefixes {
            guard let start = firstRange(of: prefix, in: text) else { continue }
            var end = start + prefix.count
            while end < text.count {
                let byte = text[end]
                if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") { break }
                if byte == UInt8(ascii: "-"), text[end - 1] == 0x20, end + 1 == text.count || text[end + 1] == 0x20 {
                    end -= 1  // keep the space before the dash
                    break
                }
                end += 1
            }
            text.removeSubrange(start..<end)
            if start < text.count, text[start] != 0x20 { text.insert(0x20, at: start) }
            break
        }
        trimTrailingSpace(&text)
    }

    /// The last note of a folded text: a bracketed group at its end, or what follows its last ` - `; with the
    /// index where it starts (its bracket or the space before the dash). Nil when the text ends in neither.
    static func trailingNote(_ text: [UInt8]) -> (start: Int, note: ArraySlice<UInt8>)? {
        guard let last = text.last else { return nil }
        if last == UInt8(ascii: ")") || last == UInt8(ascii: "]") {
            let open = last == UInt8(ascii: ")") ? UInt8(ascii: "(") : UInt8(ascii: "[")
            guard let start = text.dropLast().lastIndex(of: open), start > 0 else { return nil }
            return (start, text[(start + 1)..<(text.count - 1)])
        }
        guard let dash = lastRange(of: spacedDash, in: text), dash > 0 else { return nil }
        return (dash, text[(dash + spacedDash.count)...])
    }

    enum NoteKind { case none, version, live }

    /// What Foundation's case- and diacritic-insensitive folding makes of each letter of the Latin, Greek and
    /// Cyrillic blocks, asked once per process (a few milliseconds). Those letters fold alone as they fold in a name,
    /// and the combining diacritical marks (U+0300–U+036F) that may follow them are dropped, as Foundation drops them;
    /// so a name in these scripts folds scalar by scalar to what Foundation gives for the whole name, at a fraction
    /// of the cost. Other marks, spaces and punctuation of these blocks, and letters added since Unicode 4.0, are
    /// left to Foundation.
    struct ScalarFolds: Sendable {
        static let table = ScalarFolds()
        static let ranges: [ClosedRange<UInt32>] = [0x00A0...0x024F, 0x0370...0x052F, 0x1E00...0x1FFF]
        static let combiningMarks: ClosedRange<UInt32> = 0x0300...0x036F
        private let folds: [[UInt8]?]

        private init() {
            var folds = [[UInt8]?](repeating: nil, count: 0x2000)
            for range in Self.ranges {
                for value in range {
                    // Letters added in Unicode 4.1 and later are new to Foundation's folding on Linux: a mark after
                    // one is kept there, so such names are left to Foundation.
                    guard let scalar = Unicode.Scalar(value), scalar.properties.isAlphabetic,
                        let age = scalar.properties.age, age.major < 4 || (age.major == 4 && age.minor == 0)
                    else { continue }
                    folds[Int(value)] = foundationFolded(String(scalar))
                }
            }
            self.folds = folds
        }

        /// The folded UTF-8 of the scalar `value`, or nil outside the table.
        func fold(_ value: UInt32) -> [UInt8]? {
            value < folds.count ? folds[Int(value)] : nil
        }
    }

    /// What a note says: a live recording, another version of the same recording, or something else.
    static func classify(_ note: ArraySlice<UInt8>, albumNotes: Bool) -> NoteKind {
        let words = note.split { !(($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 >= 0x80) }
            .map { String(decoding: $0, as: UTF8.self) }
        guard !words.isEmpty else { return .none }
        if words.contains(where: { $0.hasPrefix("remaster") }) { return .version }
        if albumNotes {
            return words.contains(where: albumWords.contains) ? .version : .none
        }
        if words.contains("live") || words.contains("vivo") { return .live }
        return versionPhrases.contains(words.joined(separator: " ")) ? .version : .none
    }

    // MARK: - Byte helpers

    private static let the = Array("the ".utf8)
    private static let commaThe = Array(", the".utf8)
    private static let spacedDash = Array(" - ".utf8)
    private static let withPrefix = Array("with ".utf8)
    private static let featuredPrefixes = ["feat.", "feat ", "ft.", "ft ", "featuring "].map { Array($0.utf8) }
    private static let unbracketedFeaturedPrefixes = [" feat. ", " ft. ", " featuring "].map { Array($0.utf8) }
    private static let versionPhrases: Set<String> = [
        "radio edit", "radio version", "radio mix", "single version", "single edit", "album version", "explicit",
        "explicit version", "clean", "clean version", "mono", "stereo", "mono version", "stereo version",
        "bonus track", "original mix", "original version",
    ]
    private static let albumWords: Set<String> = [
        "deluxe", "edition", "expanded", "anniversary", "bonus", "version", "explicit", "clean", "mono", "stereo",
        "reissue", "special",
    ]

    private static func trimTrailingSpace(_ bytes: inout [UInt8]) {
        while bytes.last == 0x20 { bytes.removeLast() }
    }

    private static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count, let first = needle.first else { return nil }
        var index = 0
        while index + needle.count <= haystack.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func lastRange(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = haystack.count - needle.count
        while index >= 0 {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index -= 1
        }
        return nil
    }
}
