import Foundation
import Testing

@testable import SegueCore

/// The fast paths of `SafetyText` give what the Foundation calls they stand in for give.
@Suite struct SafetyTextTests {
    /// What `SafetyText.fold` computes, with Foundation alone.
    func foundationFold(_ word: String) -> String {
        word.precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .replacingOccurrences(of: "’", with: "'")
    }

    @Test func latinWordsFoldAsFoundationFoldsThem() {
        let latin = (0x80..<0x250).compactMap(Unicode.Scalar.init).map { String($0) }
        var words = latin + latin.flatMap { ["a\($0)b", "\($0)A", "Z\($0)", "\($0)\($0)"] }
        words += zip(latin, latin.dropFirst()).map { $0 + $1 }
        var random = SeededRandomNumberGenerator(seed: 7)
        for _ in 0..<3000 {
            words.append(
                (0..<Int.random(in: 2...6, using: &random)).map { _ in
                    Bool.random(using: &random)
                        ? latin.randomElement(using: &random) ?? ""
                        : String(UnicodeScalar(UInt8.random(in: 65...122, using: &random)))
                }.joined())
        }
        words += [
            "Beyoncé", "Sigur Rós", "Motörhead", "Œuvre", "ǅemal", "ŉ", "İstanbul", "straße", "coño", "Ĳssel", "½", "ª",
        ]
        for word in words {
            #expect(
                SafetyText.fold(Substring(word)) == foundationFold(word),
                "\(word.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    static let samples: [String] = {
        let latin = (0x80..<0x250).compactMap(Unicode.Scalar.init).map { String($0) }
        var texts = latin + latin.map { "Up next, \($0)lafur Arnalds \($0)" }
        texts += [
            "Beyoncé with Ñandú", "  two  spaces ", "tab\there", "nbsp\u{A0}here", "a \u{301}b", "x \u{0600}y",
            "ΣΟΦΟΣ", "İIıi", "ǅ ǈ ǋ", "ﬁne", "Straße", "end ", " start", "Ωmega \u{2126}", "\r\n", "emoji 🎵 here",
            "\u{3000}wide", "a\u{2028}b", "ok", "",
        ]
        return texts
    }()

    @Test func lowerCaseFromTheTableIsTheStandardLibrarys() {
        for text in Self.samples {
            #expect(
                SafetyText.lowercased(text).unicodeScalars.elementsEqual(text.lowercased().unicodeScalars), "\(text)")
        }
    }

    @Test func textSaidToBeSpacedIsLeftAsItIsBySpaceFolding() {
        for text in Self.samples where SafetyText.isSpaced(text) {
            #expect(
                text.split(whereSeparator: \.isWhitespace).joined(separator: " ").unicodeScalars.elementsEqual(
                    text.unicodeScalars),
                "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
