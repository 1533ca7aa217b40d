import Foundation

/// Turns a safe line into text the voice reads the way a person would: years and decades as words,
/// "feat." as "featuring", stylised names from an editor-owned lexicon, no emoji, no symbol names.
public struct SpeechNormalizer: Sendable {
    /// Written form → spoken form, from `prompts/pronunciations.tsv`.
    public var pronunciations: [(written: String, spoken: String)]
    /// Upper-case words spoken letter by letter rather than lowered.
    public var acronyms: Set<String>

    public init(pronunciations: [(written: String, spoken: String)] = [], acronyms: Set<String> = Self.standardAcronyms)
    {
        self.pronunciations = pronunciations.sorted { $0.written.count > $1.written.count }
        self.acronyms = acronyms
    }

    /// Acronyms kept in capitals (espeak-ng spells them).
    public static let standardAcronyms: Set<String> = [
        "DJ", "MC", "UK", "US", "USA", "BBC", "NYC", "LA", "EP", "LP", "TV", "FM", "AM", "CD", "OK", "NASA",
        "EDM", "R&B", "XX", "UFO", "KLF", "ELO", "REM", "INXS", "UNKLE", "NWA", "LCD", "MIA", "ATB", "TLC", "SWV",
    ]

    /// The speech-ready form of `text` for a voice reading `language` (BCP-47; number words are English-only).
    public func normalize(_ text: String, language: String = "en") -> String {
        let english = language.lowercased().hasPrefix("en")
        var out = Self.removingEmoji(text)
        out = replacingPronunciations(out)
        out = Self.replace(out, #"\b(feat\.|ft\.|Feat\.|Ft\.|FEAT\.)(?=\s)"#, with: english ? "featuring" : "feat")
        if english {
            out = Self.replace(out, #"\s&\s"#, with: " and ")
            out = Self.replace(out, #"\s\+\s"#, with: " and ")
            out = Self.replace(out, #"\bw/\s"#, with: "with ")
            out = Self.removingVersionNotes(out)
            out = Self.abbreviations(out)
            out = romanNumerals(out)
            out = Self.replace(out, #"\bVol\.\s?"#, with: "Volume ")
            out = Self.replace(out, #"\bPt\.\s?"#, with: "Part ")
            out = Self.replace(out, #"\bOp\.\s?(?=\d)"#, with: "Opus ")
            out = Self.replace(out, #"\b[Nn]o\.\s?(?=\d)"#, with: "Number ")
            out = Self.replace(out, #"#\s?(?=\d)"#, with: "number ")
            out = Self.timesAndPairs(out)
            out = numbers(out)
            out = Self.countsInNames(out)
        }
        out = symbols(out)
        out = capitals(out)
        return out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    // MARK: - Steps

    static func removingEmoji(_ text: String) -> String {
        let scalars = text.unicodeScalars.filter { scalar in
            let properties = scalar.properties
            if scalar.isASCII { return true }
            if properties.isEmojiPresentation || (properties.isEmoji && scalar.value > 0x2100) { return false }
            // Zero-width joiners and variation selectors.
            if scalar.value == 0x200D || (0xFE00...0xFE0F).contains(scalar.value) { return false }
            return true
        }
        return String(String.UnicodeScalarView(scalars))
    }

    private func replacingPronunciations(_ text: String) -> String {
        var out = text
        for (written, spoken) in pronunciations {
            let escaped = NSRegularExpression.escapedPattern(for: written)
            let leading = written.first.map { $0.isLetter || $0.isNumber } == true ? #"(?<![\p{L}\p{N}])"# : ""
            let trailing =
                written.last.map { $0.isLetter || $0.isNumber } == true ? #"(?![\p{L}\p{N}])"# : #"(?![\p{L}\p{N}$!@])"#
            out = Self.replace(
                out, leading + escaped + trailing, with: NSRegularExpression.escapedTemplate(for: spoken))
        }
        return out
    }

    /// Roman numerals only where context says so: after Volume/Part/Chapter/Act/Book and the like
    /// (cardinal: "Volume Two"), and after a capitalised name (regnal: "Henry the Eighth").
    private func romanNumerals(_ text: String) -> String {
        var out = text
        let cardinal = #"\b(Vol\.|Volume|Pt\.|Part|Chapter|Act|Book|Symphony|Episode|Phase|Round)\s+([IVXLC]+)\b"#
        out = Self.replace(out, cardinal) { groups in
            guard let value = Self.romanValue(groups[2]) else { return nil }
            return "\(groups[1]) \(Self.cardinal(value))"
        }
        // After a monarch's or pope's name, regnal ("Henry the Eighth"); after any other name, a sequel or an album
        // number said as a count ("Rocky two", "Final Fantasy seven"); a lone V or X elsewhere is a letter.
        let named = #"\b([A-Z][a-z]+)\s+([IVX]{2,}|V|X)\b"#
        out = Self.replace(out, named) { groups in
            guard let value = Self.romanValue(groups[2]), value >= 2 else { return nil }
            if Self.regnalNames.contains(groups[1]) { return "\(groups[1]) the \(Self.ordinal(value).capitalized)" }
            return groups[2].count >= 2 ? "\(groups[1]) \(Self.cardinal(value))" : nil
        }
        return out
    }

    /// Names that take a regnal number ("Louis the Fourteenth").
    static let regnalNames: Set<String> = [
        "Henry", "Louis", "Richard", "Elizabeth", "George", "Edward", "Charles", "James", "William", "Mary", "Anne",
        "John", "Stephen", "Philip", "Felipe", "Carlos", "Ferdinand", "Frederick", "Napoleon", "Alexander", "Peter",
        "Catherine", "Ivan", "Nicholas", "Victor", "Gustav", "Leopold", "Ludwig", "Pius", "Benedict", "Gregory", "Leo",
        "Innocent", "Clement", "Urban", "Boniface", "Paul", "Pope", "King", "Queen",
    ]

    /// Years, decades and ordinals as words.
    private func numbers(_ text: String) -> String {
        var out = text
        // Decades: 1990s, '90s, ’90s, 90s.
        out = Self.replace(out, #"(?<![\p{L}\p{N}])(1[0-9]|20)([0-9])0s\b"#) { groups in
            guard let century = Int(groups[1]), let tens = Int(groups[2]) else { return nil }
            return Self.decade(century: century, tens: tens)
        }
        out = Self.replace(out, #"(?<![\p{L}\p{N}])['’]?([0-9])0s\b"#) { groups in
            guard let tens = Int(groups[1]) else { return nil }
            return tens == 0 ? "noughties" : Self.pluralTens(tens)
        }
        // Ordinals: 1st, 22nd, 103rd.
        out = Self.replace(out, #"(?<![\p{L}\p{N}])([0-9]{1,3})(st|nd|rd|th)\b"#) { groups in
            guard let value = Int(groups[1]) else { return nil }
            return Self.ordinal(value)
        }
        // Years: a lone four-digit number from 1100 to 2099.
        out = Self.replace(out, #"(?<![\p{L}\p{N},.])(1[1-9][0-9]{2}|20[0-9]{2})(?![\p{L}\p{N}%]|[.,][0-9])"#) {
            groups in
            guard let year = Int(groups[1]) else { return nil }
            return Self.year(year)
        }
        return out
    }

    /// Version notes no DJ reads aloud, dropped from what is spoken (the script keeps the title as written):
    /// "(Remastered 2009)", "- 2011 Remaster", "(Radio Edit)", "- Live", "[Explicit]", "(Single Version)".
    static func removingVersionNotes(_ text: String) -> String {
        let note =
            #"(?:(?:\d{4} )?Remaster(?:ed)?(?: Version)?(?: \d{4})?|Radio (?:Edit|Version|Mix)|Single (?:Edit|Version|Mix)|"#
            + #"Album Version|(?:Mono|Stereo)(?: Version| Mix)?|Explicit|Clean|Bonus Track|Original Mix|\d{4} (?:Mix|Version)|"#
            + #"(?:Deluxe|Expanded|Anniversary|\d+(?:st|nd|rd|th) Anniversary)(?: Edition| Version)?|"#
            + #"Live(?: (?:at|from|in) [^)\].;!?]+?(?:, \d{4})?)?)"#
        var out = replace(text, #"\s*[(\[]"# + note + #"[)\]]"#, with: "")
        out = replace(out, #"\s+[-–—]\s+"# + note + #"(?=[,.;:!?]|$)"#, with: "")
        return out
    }

    /// Abbreviated titles and words read in full: Sgt. Pepper, Dr. Dre, St. Vincent, Mt. Joy, vs.
    static func abbreviations(_ text: String) -> String {
        var out = text
        let titles = [
            ("Sgt", "Sergeant"), ("Dr", "Doctor"), ("Mr", "Mister"), ("Mrs", "Missus"), ("Mt", "Mount"),
            ("St", "Saint"), ("Lt", "Lieutenant"), ("Capt", "Captain"), ("Prof", "Professor"), ("Gen", "General"),
        ]
        for (short, long) in titles {
            out = replace(out, #"\b"# + short + #"\.\s*(?=\p{Lu})"#, with: long + " ")
        }
        // "St." before a name is a saint; after a street's name or number, a street ("Baker St.", "52nd St.").
        out = replace(out, #"(?<=[\p{L}\p{N}] )St\.(?!\s*\p{Lu})"#, with: "Street")
        out = replace(out, #"\b(\p{Lu}[\p{L}']+),? Jr\.(?=\s|$|[,;])"#, with: "$1 Junior")
        out = replace(out, #"(?<=\s)vs\.?(?=\s)"#, with: "versus")
        return out
    }

    /// A count that is part of a name, after a capitalised word: "Maroon 5", "Sum 41", "Apollo 11", "Track 7",
    /// "Symphony Number 9", and "Blink-182" read the way fans say it ("one eighty-two"). Years, times, prices
    /// and longer numbers are left alone.
    static func countsInNames(_ text: String) -> String {
        // Catalogue numbers of classical works, as presenters say them: letters, then the number in pairs
        // ("K. 626" "K six twenty-six", "BWV 1007" "B W V ten oh seven").
        var out = replace(text, #"\b(K|KV|BWV|D|Hob|RV|HWV)\.?\s?([0-9]{2,4})\b"#) { groups in
            guard let value = Int(groups[2]) else { return nil }
            let letters = groups[1] == "Hob" ? "Hob" : groups[1].map(String.init).joined(separator: " ")
            return "\(letters) \(pairs(value))"
        }
        // Prince's shorthand: "2 U", "4 U".
        out = replace(out, #"\b2 U\b"#, with: "to You")
        out = replace(out, #"\b4 U\b"#, with: "for You")
        // Capitals glued to a count are letters, then the number: UB40 "U B forty", MC5 "M C five".
        out = replace(out, #"(?<![\p{L}\p{N}])([A-Z]{1,3})([0-9]{1,2})(?![\p{L}\p{N}])"#) { groups in
            guard let value = Int(groups[2]) else { return nil }
            return groups[1].map(String.init).joined(separator: " ") + " " + cardinal(value)
        }
        out = replace(out, #"\b(\p{Lu}[\p{L}']*)-([1-9])([0-9]{2})(?![\p{L}\p{N}]|[.,:][0-9])"#) { groups in
            guard let hundreds = Int(groups[2]), let rest = Int(groups[3]) else { return nil }
            let tail = rest == 0 ? "hundred" : rest < 10 ? "oh \(cardinal(rest))" : cardinal(rest)
            return "\(groups[1]) \(cardinal(hundreds)) \(tail)"
        }
        out = replace(out, #"\b(\p{Lu}[\p{L}']*|number)[ -]([0-9]{1,3})(?![\p{L}\p{N}%]|[.,:][0-9])"#) { groups in
            guard let value = Int(groups[2]), value < 100 || Self.countWords.contains(groups[1]) else { return nil }
            return "\(groups[1]) \(cardinal(value))"
        }
        return out
    }

    /// A number said in pairs of digits, as catalogue numbers and years are: 626 "six twenty-six", 1007 "ten oh
    /// seven", 45 "forty-five".
    static func pairs(_ value: Int) -> String {
        guard value >= 100 else { return cardinal(value) }
        let head = value / 100, rest = value % 100
        let tail = rest == 0 ? "hundred" : rest < 10 ? "oh \(cardinal(rest))" : cardinal(rest)
        return "\(cardinal(head)) \(tail)"
    }

    /// Clock times and slashed counts as a DJ says them: "4:44" "four forty-four", "1:00" "one o'clock", "9:05"
    /// "nine oh five", "24/7" "twenty-four seven"; "a.m."/"p.m." as letters. Album symbols standing alone are words
    /// (÷ "Divide", × "Multiply", = "Equals").
    static func timesAndPairs(_ text: String) -> String {
        var out = replace(text, #"(?<![\p{L}\p{N}:.])([0-9]|1[0-9]|2[0-4]):([0-5][0-9])(?![\p{N}:])"#) { groups in
            guard let hour = Int(groups[1]), let minute = Int(groups[2]) else { return nil }
            let tail = minute == 0 ? "o'clock" : minute < 10 ? "oh \(cardinal(minute))" : cardinal(minute)
            return "\(cardinal(hour)) \(tail)"
        }
        out = replace(out, #"(?<=\p{N}|\s)([ap])\.m\.(?=\s|$|[,;!?])"#) { groups in "\(groups[1].uppercased()) M" }
        out = replace(out, #"(?<![\p{L}\p{N}/])([0-9]{1,2})/([0-9]{1,2})(?![\p{N}/])"#) { groups in
            guard let first = Int(groups[1]), let second = Int(groups[2]) else { return nil }
            return "\(cardinal(first)) \(cardinal(second))"
        }
        for (symbol, word) in [("÷", "Divide"), ("×", "Multiply"), ("=", "Equals")] {
            out = replace(out, #"(?<![^\s(“"'])"# + symbol + #"(?![^\s)”"',.;:!?])"#, with: word)
        }
        return out
    }

    /// Words after which even a three-digit count is a number, not a code ("Number 104", not "Room 101").
    static let countWords: Set<String> = [
        "Number", "number", "Part", "Volume", "Opus", "Track", "Symphony", "Chapter", "Act", "Episode", "Concerto",
        "Sonata", "Book",
    ]

    /// Symbols that espeak-ng would read aloud by name inside words.
    private func symbols(_ text: String) -> String {
        var out = text
        out = Self.replace(out, #"(?<=\p{L})\$|\$(?=\p{L})"#, with: "s")
        out = Self.replace(out, #"(?<=\p{L})!(?=\p{L})"#, with: "i")
        out = Self.replace(out, #"(?<=\p{L})@(?=\p{L})"#, with: "a")
        out = Self.replace(out, #"(?<=\p{L})/(?=\p{L})"#, with: " ")
        out = Self.replace(out, #"[*#_~^|\\<>{}\[\]]"#, with: " ")
        out = Self.replace(out, #"(?<=\d)\s?%"#, with: " percent")
        return out
    }

    /// ALL-CAPS words are lowered (first letter kept) unless they are known acronyms, three letters or
    /// fewer (DNA, BTS), made of I, V and X only (numerals), or have no vowel.
    private func capitals(_ text: String) -> String {
        Self.replace(text, #"(?<![\p{L}\p{N}])(\p{Lu}{2,})(?![\p{L}\p{N}])"#) { groups in
            let word = groups[1]
            if acronyms.contains(word) || word.count <= 3 || word.allSatisfy({ "IVX".contains($0) }) { return nil }
            if !word.contains(where: { "AEIOUYÀÁÂÄÈÉÊËÌÍÎÏÒÓÔÖÙÚÛÜ".contains($0) }) { return nil }
            return word.prefix(1) + word.dropFirst().lowercased()
        }
    }

    // MARK: - Numbers in words

    static func year(_ year: Int) -> String {
        if (2000...2009).contains(year) { return year == 2000 ? "two thousand" : "two thousand \(cardinal(year % 10))" }
        let century = year / 100, rest = year % 100
        if rest == 0 { return "\(cardinal(century)) hundred" }
        if rest < 10 { return "\(cardinal(century)) oh \(cardinal(rest))" }
        return "\(cardinal(century)) \(cardinal(rest))"
    }

    static func decade(century: Int, tens: Int) -> String {
        if century == 20 && tens == 0 { return "two thousands" }
        let word = tens == 0 ? "\(cardinal(century)) hundreds" : "\(cardinal(century)) " + pluralTens(tens)
        return word
    }

    static func pluralTens(_ tens: Int) -> String {
        let word = tensWord(tens)
        return word.hasSuffix("y") ? String(word.dropLast()) + "ies" : word + "s"
    }

    static let ones = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ]

    static func tensWord(_ tens: Int) -> String {
        ["", "ten", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"][tens]
    }

    /// 0–999 in words.
    static func cardinal(_ value: Int) -> String {
        if value < 20 { return ones[value] }
        if value < 100 {
            return tensWord(value / 10) + (value % 10 == 0 ? "" : "-" + ones[value % 10])
        }
        let rest = value % 100
        return "\(ones[value / 100]) hundred" + (rest == 0 ? "" : " and \(cardinal(rest))")
    }

    /// 1–999 as an ordinal word.
    static func ordinal(_ value: Int) -> String {
        let irregular = [1: "first", 2: "second", 3: "third", 5: "fifth", 8: "eighth", 9: "ninth", 12: "twelfth"]
        if value >= 100, value % 100 != 0 { return "\(ones[value / 100]) hundred and \(ordinal(value % 100))" }
        if value > 20, value < 100, value % 10 != 0 { return tensWord(value / 10) + "-" + ordinal(value % 10) }
        if let word = irregular[value] { return word }
        let words = cardinal(value)
        if words.hasSuffix("y") { return String(words.dropLast()) + "ieth" }
        return words + "th"
    }

    static func romanValue(_ numeral: String) -> Int? {
        let values: [Character: Int] = ["I": 1, "V": 5, "X": 10, "L": 50, "C": 100]
        var total = 0, previous = 0
        for character in numeral.reversed() {
            guard let value = values[character] else { return nil }
            total += value < previous ? -value : value
            previous = max(previous, value)
        }
        // Only canonical numerals: re-encoding must give the same letters.
        return total > 0 && total < 400 && roman(total) == numeral ? total : nil
    }

    private static func roman(_ value: Int) -> String {
        let table: [(Int, String)] = [
            (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
        ]
        var rest = value, out = ""
        for (amount, letters) in table {
            while rest >= amount {
                out += letters
                rest -= amount
            }
        }
        return out
    }

    // MARK: - Regex helpers

    private static func replace(_ text: String, _ pattern: String, with template: String) -> String {
        text.replacingOccurrences(of: pattern, with: template, options: .regularExpression)
    }

    /// Replaces each match with `transform(groups)`; nil keeps the match.
    private static func replace(_ text: String, _ pattern: String, _ transform: ([String]) -> String?) -> String {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return text }
        var out = text
        for match in expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            let groups = (0..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
            guard let replacement = transform(groups), let range = Range(match.range, in: out) else { continue }
            out.replaceSubrange(range, with: replacement)
        }
        return out
    }
}
