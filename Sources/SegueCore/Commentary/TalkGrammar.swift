import Foundation

/// Grammar the templates get for free, whatever a slot puts into a line.
public enum TalkGrammar {
    /// English "a" and "an" made to agree with the word after them, whatever a slot put there: "a orchestral
    /// pick" becomes "an orchestral pick", "an house set" "a house set". By sound, not letter: "a one-off",
    /// "a unique", "an hour", "an MC" (letters read by name), "an 80s hit".
    public static func agreeingArticles(_ text: String) -> String {
        // A capital "A" is an article only where a sentence starts ("Plan A is" keeps its letter).
        let pattern = #"(?:(?<![\p{L}\p{N}])(a)|(?:^|(?<=[.!?:] ))(A))(n?) ([\p{L}\p{N}][\p{L}\p{N}'’-]*)"#
        guard let expression = try? NSRegularExpression(pattern: pattern) else {
            return text
        }
        var out = text
        let matches = expression.matches(in: text, range: NSRange(text.startIndex..., in: text))
        for match in matches.reversed() {
            guard let articleRange = Range(match.range(at: 1), in: text) ?? Range(match.range(at: 2), in: text),
                let nRange = Range(match.range(at: 3), in: text), let wordRange = Range(match.range(at: 4), in: text),
                let whole = Range(match.range, in: out)
            else { continue }
            let wantsAn = startsWithVowelSound(String(text[wordRange]))
            guard wantsAn == text[nRange].isEmpty else { continue }
            out.replaceSubrange(whole, with: text[articleRange] + (wantsAn ? "n " : " ") + text[wordRange])
        }
        return out
    }

    /// Whether a word is said starting with a vowel sound.
    static func startsWithVowelSound(_ word: String) -> Bool {
        let lower = word.lowercased()
        guard let first = lower.first else { return false }
        if first.isNumber {
            // 8, 80s, 800…, 11, 18 (and 11th, 18th): "eight", "eighty", "eleven", "eighteen".
            let digits = lower.prefix { $0.isNumber }
            return first == "8" || digits == "11" || digits == "18"
        }
        let letters = word.filter(\.isLetter)
        if letters.count >= 2, letters.allSatisfy(\.isUppercase), !["NASA", "UNESCO"].contains(letters),
            let initial = letters.first
        {
            return "AEFHILMNORSX".contains(initial)
        }
        for prefix in ["one", "once", "uni", "use", "usu", "uti", "ure", "euro", "eu", "ewe", "ufo", "ukr", "uk"]
        where lower.hasPrefix(prefix) && !lower.hasPrefix("unin") {
            return false
        }
        for prefix in ["hour", "honest", "honor", "honour", "heir"] where lower.hasPrefix(prefix) { return true }
        return "aeiou".contains(first)
    }

    /// Every sentence made to start with a capital letter ("shunter closes the set." → "Shunter closes the set.";
    /// "¿qué tal?" → "¿Qué tal?"), a slot's lower-case name included. A full stop after an abbreviation ("feat.",
    /// "Mr.", "No.") or an initial does not end a sentence.
    public static func capitalisingSentences(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var atStart = true
        var word = ""
        for character in text {
            if atStart, character.isLetter {
                out += character.uppercased()
                atStart = false
                word = String(character)
                continue
            }
            out.append(character)
            if character.isLetter || character.isNumber {
                atStart = false
                word.append(character)
            } else if ".!?".contains(character) {
                // An initial ("k.d. lang") or an abbreviation does not end a sentence.
                atStart = !(character == "." && (word.count == 1 || abbreviations.contains(word.lowercased())))
                word = ""
            } else if !character.isWhitespace, !"¿¡\"“‘'(«".contains(character) {
                // A digit, a dash or a symbol opens the sentence: it stays as it is.
                atStart = false
                word = ""
            } else {
                word = ""
            }
        }
        return out
    }

    /// Abbreviations whose full stop does not end a sentence.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "st", "sgt", "mt", "jr", "sr", "vs", "feat", "ft", "no", "vol", "pt", "op", "nr",
        "sra", "dña", "núm",
    ]
}
