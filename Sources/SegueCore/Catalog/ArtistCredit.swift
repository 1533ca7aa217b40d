import Foundation

/// Splits an artist credit such as "Nova Reyes feat. Kid Atlas" into the artists it names.
public enum ArtistCredit {
    private static let separators = [" feat. ", " feat ", " ft. ", " featuring ", " & ", " x ", " with "]

    /// Every artist named in `credit`, lead artist first.
    public static func names(in credit: String) -> [String] {
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
        name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .trimmingCharacters(in: .whitespaces)
    }
}
