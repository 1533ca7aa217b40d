import Foundation
import SegueCore
import SegueSpeech
import SegueTestSupport
import Testing

/// The normaliser on music names it was never tuned on, judged by the voice itself: a case is read right when
/// espeak-ng says the normalised text with the same phonemes as the reading a DJ would give (case ignored).
///
/// `normalizer-heldout.tsv` was written independently of the normaliser (see its commit); the development cases
/// live in `SpeechNormalizerTests`.
@Suite(.serialized) struct NormalizerReadingTests {
    struct Case {
        var written: String
        var spoken: String
        var note: String
    }

    static func cases(_ name: String) throws -> [Case] {
        let url = Fixtures.root.appendingPathComponent("Tests/SegueCoreTests/Fixtures/\(name).tsv")
        return try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n").dropFirst().compactMap {
            let fields = $0.components(separatedBy: "\t")
            return fields.count == 3 ? Case(written: fields[0], spoken: fields[1], note: fields[2]) : nil
        }
    }

    /// The share of cases read right, and the ones read wrong.
    static func score(_ name: String) async throws -> (share: Double, wrong: [String], total: Int) {
        let normalizer = try SpeechNormalizer.load(from: Fixtures.prompts.appendingPathComponent("pronunciations.tsv"))
        let voice = ESpeakSynthesizer.shared
        let cases = try cases(name)
        var wrong: [String] = []
        for item in cases {
            let ours = normalizer.normalize(item.written, language: "en-US")
            let texts: Set<String> = [ours, item.spoken, ours.lowercased(), item.spoken.lowercased()]
            let sounds = try await voice.phonemes(for: texts, language: "en")
            let same =
                sounds[ours] == sounds[item.spoken] || sounds[ours.lowercased()] == sounds[item.spoken.lowercased()]
            if !same { wrong.append("\(item.written) → “\(ours)”, expected “\(item.spoken)” (\(item.note))") }
        }
        return (Double(cases.count - wrong.count) / Double(max(cases.count, 1)), wrong, cases.count)
    }

    /// A regression guard at the measured level; the issue's target (90 %) is reported in the closing note.
    /// Each list was written by someone who never saw the normaliser or the other lists. `normalizer-heldout` (77.0 % when
    /// first measured) and `normalizer-heldout-3` (87.4 %) were measured, then the normaliser changed (from the issue's
    /// own cases and general categories, never their lines), so they are no longer blind; `normalizer-heldout-4` was
    /// measured once, after the last change: 90.3 % when this suite runs alone, 87.5 % inside the whole test run
    /// (espeak-ng's transcription of a few texts depends on what it transcribed before; see the session notes).
    @Test(arguments: [("normalizer-heldout", 0.85), ("normalizer-heldout-3", 0.85), ("normalizer-heldout-4", 0.85)])
    func heldOutMusicNamesAreReadAsADJWould(list: String, floor: Double) async throws {
        let (share, wrong, total) = try await Self.score(list)
        print(String(format: "%@: %d/%d read right (%.1f %%)", list, total - wrong.count, total, share * 100))
        #expect(total >= 80)
        #expect(share >= floor, "\(wrong.joined(separator: "\n"))")
    }
}
