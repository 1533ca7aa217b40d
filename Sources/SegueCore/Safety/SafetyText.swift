import Foundation

/// The views of a line the checker matches on: plain words, and a skeleton that undoes obfuscation.
public enum SafetyText {
    /// A word of the text and where it stands.
    public struct Token: Sendable, Equatable {
        /// Lower-cased, diacritics folded.
        public var text: String
        public var range: Range<String.Index>
    }

    /// Plain words: letters, digits and apostrophes, lower-cased with diacritics folded.
    public static func words(in text: String) -> [Token] {
        if let tokens = asciiTokens(
            of: text, inside: { isASCIILetterOrDigit($0) || $0 == UInt8(ascii: "'") }, fold: foldASCIIWord)
        {
            return tokens
        }
        var tokens: [Token] = []
        for range in spans(
            of: text, ascii: { isASCIILetterOrDigit($0) || $0 == UInt8(ascii: "'") }, other: wordCharacters)
        {
            var word = fold(text[range])
            while word.first == "'" { word.removeFirst() }
            while word.last == "'" { word.removeLast() }
            if !word.isEmpty { tokens.append(Token(text: word, range: range)) }
        }
        return tokens
    }

    /// The maximal runs of `text` whose characters are inside a word. ASCII text is scanned byte by
    /// byte (the common case, and much faster than walking grapheme clusters).
    private static func spans(of text: String, ascii: (UInt8) -> Bool, other: CharacterClass) -> [Range<String.Index>] {
        text.utf8.allSatisfy({ $0 < 128 }) ? runs(in: text.utf8, where: ascii) : runs(in: text, where: other.contains)
    }

    /// A test on characters, answered from a table for the one-byte (ASCII) ones, which are most of any text.
    private struct CharacterClass: Sendable {
        let test: @Sendable (Character) -> Bool
        let ascii: [Bool]

        init(_ test: @escaping @Sendable (Character) -> Bool) {
            self.test = test
            ascii = (0..<128).map { test(Character(Unicode.Scalar(UInt8($0)))) }
        }

        func contains(_ character: Character) -> Bool {
            let utf8 = character.utf8
            if utf8.count == 1, let byte = utf8.first { return ascii[Int(byte)] }
            return test(character)
        }
    }

    private static let wordCharacters = CharacterClass { $0.isLetter || $0.isNumber || $0 == "'" || $0 == "’" }
    private static let skeletonCharacters = CharacterClass { !$0.isWhitespace && !separators.contains($0) }

    /// Maximal runs of elements satisfying `inside`, over any view of a string (its bytes or its characters).
    private static func runs<View: Collection>(
        in view: View, where inside: (View.Element) -> Bool
    ) -> [Range<String.Index>]
    where View.Index == String.Index {
        var spans: [Range<String.Index>] = []
        var start: String.Index?
        var index = view.startIndex
        while index < view.endIndex {
            if inside(view[index]) {
                if start == nil { start = index }
            } else if let begin = start {
                spans.append(begin..<index)
                start = nil
            }
            index = view.index(after: index)
        }
        if let begin = start { spans.append(begin..<view.endIndex) }
        return spans
    }

    /// The tokens of ASCII `text`, byte by byte: each maximal run of bytes `inside` a word, folded by `fold` (into
    /// the buffer it is given; a word that folds to nothing is dropped). Nil when the text is not ASCII.
    @inline(__always)  // so that `inside` and `fold` are inlined into the byte loop
    private static func asciiTokens(
        of text: String, inside: (UInt8) -> Bool,
        fold: (UnsafeBufferPointer<UInt8>, inout [UInt8]) -> Void
    ) -> [Token]? {
        let utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable { bytes -> [Token]? in
            guard bytes.allSatisfy({ $0 < 128 }) else { return nil }
            var tokens: [Token] = []
            tokens.reserveCapacity(bytes.count / 4 + 1)
            var folded: [UInt8] = []
            folded.reserveCapacity(32)
            var start = -1
            for offset in 0...bytes.count {
                if offset < bytes.count && inside(bytes[offset]) {
                    if start < 0 { start = offset }
                    continue
                }
                guard start >= 0 else { continue }
                folded.removeAll(keepingCapacity: true)
                fold(UnsafeBufferPointer(rebasing: bytes[start..<offset]), &folded)
                if !folded.isEmpty {
                    let lower = utf8.index(utf8.startIndex, offsetBy: start)
                    tokens.append(
                        Token(
                            text: String(decoding: folded, as: UTF8.self),
                            range: lower..<utf8.index(lower, offsetBy: offset - start)))
                }
                start = -1
            }
            return tokens
        } ?? nil
    }

    /// `fold` for an ASCII word, apostrophes trimmed from both ends: lower case.
    private static func foldASCIIWord(_ word: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var lower = word.startIndex, upper = word.endIndex
        while lower < upper, word[lower] == UInt8(ascii: "'") { lower += 1 }
        while lower < upper, word[upper - 1] == UInt8(ascii: "'") { upper -= 1 }
        for byte in word[lower..<upper] { out.append(byte >= 65 && byte <= 90 ? byte + 32 : byte) }
    }

    /// Whether folding the white space of `text` (splitting it at white space and joining the parts with one
    /// space) leaves it as it is. Conservative: some texts it leaves alone are said to need folding.
    static func isSpaced(_ text: String) -> Bool {
        if isSpacedASCII(text) { return true }
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                guard scalar.value > 32 && scalar.value < 127 || scalar == " " && previous != " " else { return false }
            } else {
                // After a space only a Latin letter, which never joins the space into one character.
                guard !scalar.properties.isWhitespace, previous != " " || scalar.value < 0x250 else { return false }
            }
            previous = scalar
        }
        return previous != " "
    }

    /// Whether `text` is printable ASCII with single spaces between words: folding its white space changes nothing.
    static func isSpacedASCII(_ text: String) -> Bool {
        var previous = UInt8(ascii: " ")
        for byte in text.utf8 {
            guard byte > 32 && byte < 127 || byte == 32 && previous != 32 else { return false }
            previous = byte
        }
        return previous != 32
    }

    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    /// The ASCII `separators`, as bits.
    private static let separatorBits: (UInt64, UInt64) = ",;:?\"()[]{}<>/\\-".utf8.reduce((0, 0)) { bits, byte in
        byte < 64 ? (bits.0 | 1 << UInt64(byte), bits.1) : (bits.0, bits.1 | 1 << UInt64(byte - 64))
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte < 64
            ? separatorBits.0 & (1 << UInt64(byte)) != 0 : byte < 128 && separatorBits.1 & (1 << UInt64(byte - 64)) != 0
    }

    /// Skeleton words: homoglyphs, fullwidth forms, leetspeak, zero-width characters and spaced or dotted
    /// letters folded away, so "ƒ u c k", "sh1t", "fυck" (Greek upsilon) and "s.h.i.t" all read as words.
    /// A `*` inside a word is kept as a one-letter wildcard.
    public static func skeleton(of text: String) -> [Token] {
        if let raw = asciiTokens(
            of: text, inside: { $0 > 32 && $0 != 127 && !isSeparator($0) }, fold: foldASCIISkeleton)
        {
            return joiningSingleLetters(raw)
        }
        var raw: [Token] = []
        for range in spans(of: text, ascii: { $0 > 32 && $0 != 127 && !isSeparator($0) }, other: skeletonCharacters) {
            let folded = foldSkeleton(text[range])
            if !folded.isEmpty { raw.append(Token(text: folded, range: range)) }
        }
        return joiningSingleLetters(raw)
    }

    /// Joins runs of three or more single letters: "f u c k" → "fuck" (a lone "a" starts no run).
    private static func joiningSingleLetters(_ raw: [Token]) -> [Token] {
        var joined: [Token] = []
        var run: [Token] = []
        func flush() {
            if run.count >= 3, let first = run.first, let last = run.last {
                joined.append(
                    Token(text: run.map(\.text).joined(), range: first.range.lowerBound..<last.range.upperBound))
            } else {
                joined.append(contentsOf: run)
            }
            run = []
        }
        for token in raw {
            if token.text.count == 1, token.text != "a" || !run.isEmpty {
                run.append(token)
            } else {
                flush()
                joined.append(token)
            }
        }
        flush()
        return joined
    }

    private static let separators: Set<Character> = [
        ",", ";", ":", "?", "\"", "(", ")", "[", "]", "{", "}", "<", ">", "/", "\\", "-", "–", "—",
    ]

    /// Collapses repeated letters: "fuuuuck" → "fuck", "hell" → "hel". Both sides of a comparison are collapsed.
    public static func collapsed(_ word: String) -> String {
        var out = ""
        var previous: Character?
        for character in word where character != previous {
            out.append(character)
            previous = character
        }
        return out
    }

    /// Whether a word holds three or more of one letter in a row: a stretched word, not a spelling.
    public static func hasStretchedLetters(_ word: String) -> Bool {
        if word.utf8.allSatisfy({ $0 < 128 && $0 != 13 }) {  // one byte per character (CR LF is one)
            var run = 1
            var previous = -1
            for byte in word.utf8 {
                run = Int(byte) == previous ? run + 1 : 1
                if run >= 3 { return true }
                previous = Int(byte)
            }
            return false
        }
        var run = 1
        var previous: Character?
        for character in word {
            run = character == previous ? run + 1 : 1
            if run >= 3 { return true }
            previous = character
        }
        return false
    }

    static func fold(_ word: Substring) -> String {
        if word.utf8.allSatisfy({ $0 < 128 }) { return word.lowercased() }
        return foldLatin(word) ?? foldWithFoundation(word)
    }

    /// Compatibility mapping, then case, diacritic and width folding; a typographic apostrophe becomes `'`.
    private static func foldWithFoundation(_ word: Substring) -> String {
        let folded = word.precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        return folded.unicodeScalars.contains("’") ? folded.replacingOccurrences(of: "’", with: "'") : folded
    }

    /// Each scalar from U+0080 to U+024F (Latin-1 and Latin Extended) folded alone, whether compatibility mapping
    /// leaves it as it is, and its lower case: worked out once, so words of Latin letters need Foundation no more.
    private static let latin: [(folded: [UInt8], stable: Bool, lower: [UInt8])] = (0x80..<0x250).map { value in
        guard let scalar = Unicode.Scalar(value) else { return ([], false, []) }
        let alone = String(scalar)
        return (
            Array(foldWithFoundation(Substring(alone)).utf8),
            alone.precomposedStringWithCompatibilityMapping.unicodeScalars.elementsEqual(alone.unicodeScalars),
            Array(scalar.properties.lowercaseMapping.utf8)
        )
    }

    /// The UTF-8 of `text` mapped scalar by scalar: ASCII by `ascii`, U+0080 to U+024F by `latin` (given the
    /// scalar's place in the table); nil when another scalar occurs.
    @inline(__always)
    private static func mapLatin(
        _ utf8: UnsafeBufferPointer<UInt8>, ascii: (UInt8) -> UInt8, latin: (Int) -> [UInt8]
    ) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var lead: UInt8 = 0
        for byte in utf8 {
            if lead != 0 {
                let value = Int(lead & 0x1F) << 6 | Int(byte & 0x3F)
                lead = 0
                guard value < 0x250 else { return nil }
                out += latin(value - 0x80)
            } else if byte < 0x80 {
                out.append(ascii(byte))
            } else if byte >= 0xC2 && byte <= 0xC9 {  // leads two-byte scalars up to U+027F
                lead = byte
            } else {
                return nil
            }
        }
        return out
    }

    private static func lowerASCII(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

    /// The UTF-8 of `text.lowercased()`, which the standard library works out scalar by scalar: from a table for
    /// ASCII and Latin letters (a test holds the two equal).
    static func lowercasedUTF8(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { mapLatin($0, ascii: lowerASCII, latin: { latin[$0].lower }) }
            ?? Array(text.lowercased().utf8)
    }

    /// `text.lowercased()`, from a table for ASCII and Latin letters.
    static func lowercased(_ text: String) -> String {
        String(decoding: lowercasedUTF8(text), as: UTF8.self)
    }

    /// `fold` scalar by scalar, for a word of ASCII and Latin letters (none of which combines with its
    /// neighbours, so folding the whole is folding each); nil for any other word.
    private static func foldLatin(_ word: Substring) -> String? {
        var word = word
        return word.withUTF8 { mapLatin($0, ascii: lowerASCII, latin: { latin[$0].folded }) }.map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// `fold` of one scalar, from the table where it has it.
    private static func fold(_ scalar: Unicode.Scalar) -> String {
        scalar.value >= 0x80 && scalar.value < 0x250
            ? String(decoding: latin[Int(scalar.value) - 0x80].folded, as: UTF8.self) : fold(Substring(String(scalar)))
    }

    private static let leet: [Character: Character] = [
        "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a", "$": "s",
        "!": "i", "|": "i", "+": "t", "€": "e", "£": "l", "¡": "i",
    ]

    /// Look-alike letters from Cyrillic, Greek and other scripts, mapped to the Latin letter they imitate.
    private static let homoglyphs: [Character: Character] = [
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
        "у": "u", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ь": "b", "г": "r",
        "ц": "u", "п": "n", "и": "u", "д": "d", "л": "n", "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k",
        "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w", "ς": "c", "σ": "o", "μ": "u",
        "ƒ": "f", "ſ": "s", "ı": "i", "ɑ": "a", "ɡ": "g", "ʋ": "u", "ɩ": "i", "ⅰ": "i",
    ]

    private static func foldSkeleton(_ raw: Substring) -> String {
        if raw.utf8.allSatisfy({ $0 < 128 }) {
            var out: [UInt8] = []
            Array(raw.utf8).withUnsafeBufferPointer { foldASCIISkeleton($0, into: &out) }
            return String(decoding: out, as: UTF8.self)
        }
        // Compatibility mapping leaves ASCII and most Latin letters as they are.
        let stable = raw.unicodeScalars.allSatisfy {
            $0.isASCII || $0.value < 0x250 && latin[Int($0.value) - 0x80].stable
        }
        let lowered = lowercased(stable ? String(raw) : String(raw).precomposedStringWithCompatibilityMapping)
        let scalars = lowered.unicodeScalars.filter { scalar in
            let category = scalar.properties.generalCategory
            return category != .format && category != .control && category != .nonspacingMark
        }
        let text = String(String.UnicodeScalarView(scalars))
        let hasLetter = text.contains { $0.isLetter }
        var out = ""
        for character in text {
            if character.utf8.count == 1 {
                // ASCII: no homoglyph; a letter (lower case by now) folds to itself.
                if character >= "a" && character <= "z" {
                    out.append(character)
                } else if hasLetter, let letter = leet[character] {
                    out.append(letter)
                } else if character == "*", hasLetter {
                    out.append("*")
                }
                continue
            }
            let mapped = homoglyphs[character] ?? character
            if let latin = mapped.unicodeScalars.first, mapped.unicodeScalars.count == 1,
                let ascii = fold(latin).first, ascii.isASCII, ascii.isLetter
            {
                out.append(ascii)
            } else if hasLetter, let letter = leet[mapped] {
                out.append(letter)
            } else if mapped == "*", hasLetter {
                out.append("*")
            } else if mapped.isLetter {
                out.append(mapped)
            }
        }
        // A trailing "!" or "1" after letters is punctuation, not a letter: "shit!" is "shit", "sh!t" is "shit".
        if let last = text.last, last == "!" || last == "¡", out.hasSuffix("i"),
            text.dropLast().contains(where: \.isLetter)
        {
            out.removeLast()
        }
        return out
    }

    /// Leetspeak by ASCII byte (0 where there is none).
    private static let asciiLeet: [UInt8] = (0..<128).map { byte in
        leet[Character(UnicodeScalar(UInt8(byte)))]?.asciiValue ?? 0
    }

    /// `foldSkeleton` for ASCII, byte by byte: nothing to normalise, no homoglyphs, control characters dropped.
    private static func foldASCIISkeleton(_ raw: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let text = raw.lazy.filter { $0 >= 32 && $0 != 127 }.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        let isLetter = { (byte: UInt8) in byte >= 97 && byte <= 122 }
        let hasLetter = text.contains(where: isLetter)
        var last: UInt8 = 0
        var letterBeforeLast = false
        for byte in text {
            letterBeforeLast = letterBeforeLast || isLetter(last)
            last = byte
            if isLetter(byte) {
                out.append(byte)
            } else if hasLetter, asciiLeet[Int(byte)] != 0 {
                out.append(asciiLeet[Int(byte)])
            } else if byte == UInt8(ascii: "*"), hasLetter {
                out.append(byte)
            }
        }
        // As in `foldSkeleton`: a trailing "!" after letters is punctuation.
        if last == UInt8(ascii: "!"), out.last == UInt8(ascii: "i"), letterBeforeLast {
            out.removeLast()
        }
    }
}
