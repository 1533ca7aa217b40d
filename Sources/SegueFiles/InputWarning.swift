/// Something in an input file that Segue reads past but that the person should fix: an unknown field, for now.
///
/// Printed as `samples/catalog.json: tracks[3].tempo: unknown field (did you mean 'bpm'?)`.
public struct InputWarning: Sendable, Equatable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// Where in the file, e.g. `tracks[3].tempo`: control characters escaped and long names shortened for printing.
    /// Empty for a warning about the whole file.
    public var field: String
    /// What is wrong, e.g. "unknown field".
    public var message: String
    /// The known field name the person probably meant, when one is close.
    public var suggestion: String?

    /// Creates a warning about `field` in the file at `path`.
    public init(path: String, field: String, message: String, suggestion: String? = nil) {
        self.path = path
        self.field = field
        self.message = message
        self.suggestion = suggestion
    }

    /// `path: field: message (did you mean 'suggestion'?)`.
    public var description: String {
        let place = field.isEmpty ? path : "\(path): \(field)"
        return "\(place): \(message)" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
    }

    /// `name` as it may be printed: control, format and separator characters escaped as `\u{1B}`, and at most
    /// `limit` characters, the rest replaced by `…`. A hostile key cannot move the cursor or fill the terminal.
    static func printable(_ name: String, limit: Int = 40) -> String {
        guard !name.isEmpty else { return "\"\"" }
        var text = ""
        var count = 0
        for scalar in name.unicodeScalars {
            let piece: String
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
                piece = "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default:
                piece = String(scalar)
            }
            guard count + piece.unicodeScalars.count <= limit else { return text + "…" }
            text += piece
            count += piece.unicodeScalars.count
        }
        return text
    }
}
