import Foundation

/// Splits an artist credit such as "Nova Reyes feat. Kid Atlas" into the artists it names.
public enum ArtistCredit {
    private static let separators = [" feat. ", " feat ", " ft. ", " featuring ", " & ", " x ", " with "]

    /// Every artist named in `credit`, lead artist first.
    public static func names(in credit: String) -> [String] {
        // Every separator starts with a space and one of "f&xw": a credit without such a pair names one artist.
        if let plain = asciiTrimmed(credit), !hasSeparatorStart(credit) { return plain.isEmpty ? [] : [plain] }
        return foundationNames(in: credit)
    }

    /// `names(in:)` by Foundation alone, whatever the text.
    static func foundationNames(in credit: String) -> [String] {
        var parts = [credit]
        for separator in separators {
            parts = parts.flatMap { $0.components(separatedBy: separator) }
        }
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The lead artist: the credit up to its first featured artist.
    public static func lead(of credit: String) -> String { names(in: credit).first ?? credit }

    /// A comparison key: case- and diacritic-insensitive.
    public static func key(_ name: String) -> String {
        // ASCII has no diacritics and folds case as lower-casing does.
        if let plain = asciiTrimmed(name) { return plain.lowercased() }
        return foundationKey(name)
    }

    /// `key(_:)` by Foundation alone, whatever the text.
    static func foundationKey(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .trimmingCharacters(in: .whitespaces)
    }

    /// `text` without leading and trailing spaces and tabs when it is all ASCII (where those are all of
    /// `CharacterSet.whitespaces`); nil otherwise.
    private static func asciiTrimmed(_ text: String) -> String? {
        let bytes = text.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) })
        else { return "" }
        return first == bytes.startIndex && last == bytes.index(before: bytes.endIndex)
            ? text : String(text[first...last])
    }

    /// Whether a space is followed by one of the first letters of the separators ("f", "&", "x", "w").
    private static func hasSeparatorStart(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if previous == 0x20,
                byte == UInt8(ascii: "f") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "x")
                    || byte == UInt8(ascii: "w")
            {
                return true
            }
            previous = byte
        }
        return false
    }
}
