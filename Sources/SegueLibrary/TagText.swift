/// Cleans text read from a tag: invalid UTF-8 becomes U+FFFD, control characters and byte-order marks go, runs of
/// white space become one space, and blank text becomes nil.
enum TagText {
    /// `bytes` (UTF-8, perhaps invalid) cleaned; nil when nothing but blanks remains.
    static func clean<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String? {
        clean(String(decoding: bytes, as: UTF8.self))
    }

    /// `text` cleaned; nil when nothing but blanks remains.
    static func clean(_ text: String) -> String? {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control {
                // Tabs and line breaks separate words; other control characters (NUL, BEL, ESC, DEL, C1) vanish.
                if scalar.properties.isWhitespace { pendingSpace = !scalars.isEmpty }
                continue
            }
            if scalar == "\u{FEFF}" { continue }
            if pendingSpace {
                scalars.append(" ")
                pendingSpace = false
            }
            scalars.append(scalar)
        }
        return scalars.isEmpty ? nil : String(scalars)
    }
}
