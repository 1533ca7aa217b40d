import Foundation
import SegueCore
import SegueSpeech
import SegueTestSupport
import Testing

/// What espeak-ng would actually say for normalised lines: never the name of a symbol.
@Suite(.serialized) struct SpokenTextTests {
    static let stylised = [
        "Up next, Ke$ha feat. P!nk.", "CHVRCHES into deadmau5.", "AC/DC, then will.i.am.", "A$AP Rocky w/ strings.",
        "Panic! at the Disco.", "Mo$t wanted #throwback.", "R*E*M and dark/light.", "blink-182, Vol. II.",
    ]

    func sounds(of text: String) async throws -> [String] {
        let words = Set(text.split(whereSeparator: \.isWhitespace).map(String.init))
        return Array(try await ESpeakSynthesizer.shared.phonemes(for: words, language: "en").values)
    }

    @Test func normalisedLinesNeverSoundLikeSymbolNames() async throws {
        let normalizer = try SpeechNormalizer.load(from: Fixtures.prompts.appendingPathComponent("pronunciations.tsv"))
        let names = try await ESpeakSynthesizer.shared.phonemes(
            for: ["dollar", "hash", "slash", "asterisk", "exclamation", "at"], language: "en")
        let forbidden = ["dollar", "hash", "slash", "asterisk", "exclamation"].compactMap { names[$0] }
        #expect(forbidden.count == 5)
        var rawHits = 0
        for line in Self.stylised {
            let raw = try await sounds(of: line)
            if raw.contains(where: { sound in forbidden.contains { sound.contains($0) } }) { rawHits += 1 }
            let spoken = try await sounds(of: normalizer.normalize(line, language: "en-US"))
            for sound in spoken {
                #expect(!forbidden.contains { sound.contains($0) }, "\(line) still sounds like a symbol name: \(sound)")
            }
        }
        // The check can fail: unnormalised, most of these lines do name a symbol.
        #expect(rawHits >= 4)
    }
}
