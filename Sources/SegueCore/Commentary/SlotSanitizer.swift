import Foundation

/// Cleans a catalog value before it fills a slot: metadata is data, never markup or speech commands.
public enum SlotSanitizer {
    /// The longest value a slot takes, in characters; longer values are cut at a word.
    public static let maximumLength = 80

    /// Strips markup, espeak-ng phoneme brackets, control, format and private-use characters, folds
    /// white space, and caps the length at `limit` characters.
    public static func clean(_ value: String, limit: Int = maximumLength) -> String {
        var text = value.precomposedStringWithCompatibilityMapping
        text = text.replacingOccurrences(of: "<[^>]*>?", with: " ", options: .regularExpression)
        text = text.replacingOccurrences(of: "\\[\\[.*?(\\]\\]|$)", with: " ", options: .regularExpression)
        text = String(String.UnicodeScalarView(text.unicodeScalars.filter(isSpeakable)))
        text = text.replacingOccurrences(of: "[<>\\[\\]{}]", with: " ", options: .regularExpression)
        text = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if text.count > limit {
            let cut = text.prefix(limit)
            text = String(cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut)
        }
        return text
    }

    private static func isSpeakable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control: return scalar == "\n" || scalar == "\t"
        case .format, .privateUse, .surrogate, .unassigned, .lineSeparator, .paragraphSeparator: return false
        default: return true
        }
    }
}
