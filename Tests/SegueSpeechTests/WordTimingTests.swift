import Foundation
import SegueCore
import SegueSpeech
import SegueTestSupport
import Testing

/// espeak-ng's word events, carried beside the samples: where each word of the text starts in its clip.
@Suite(.serialized) struct WordTimingTests {
    let synthesizer = ESpeakSynthesizer.shared

    @Test func everyWordOfTheTextComesInOrderWithItsPlaceInTheText() async throws {
        let voice = try VoiceProfile.named("river", in: Fixtures.voices)
        let text = "Café au lait. That was Björk, and now the Beatles!"
        let speech = try await synthesizer.speech(for: text, voice: voice)
        // Offsets count Unicode scalars, so the accented words come out whole.
        let words = speech.words.compactMap { $0.word(in: text).map(String.init) }
        #expect(words == ["Café", "au", "lait", "That", "was", "Björk", "and", "now", "the", "Beatles"])
        let starts = speech.words.map(\.start)
        #expect(zip(starts, starts.dropFirst()).allSatisfy { $0 < $1 }, "\(starts)")
        #expect((starts.first ?? 1) < 0.1)
        #expect((starts.last ?? .infinity) < speech.audio.duration - 0.2)
        // The words ride along with the same samples `synthesize` gives.
        let audio = try await synthesizer.synthesize(text, voice: voice)
        let same = audio == speech.audio
        #expect(same)
    }

    @Test func aWordAfterAFullStopStartsWhereTheSpeechResumes() async throws {
        let voice = try VoiceProfile.named("river", in: Fixtures.voices)
        let text = "One. Two. Three. Four."
        let speech = try await synthesizer.speech(for: text, voice: voice)
        try #require(speech.words.count == 4)
        for word in speech.words.dropFirst() {
            // The pause before the word, then the word: the clip's own level says where it starts.
            let before = SignalMeasure.rmsDBFS(speech.audio, from: word.start - 0.12, to: word.start - 0.02)
            let after = SignalMeasure.rmsDBFS(speech.audio, from: word.start + 0.02, to: word.start + 0.15)
            #expect(after - before > 20, "\(word.word(in: text) ?? "?") at \(word.start) s: \(before) → \(after) dBFS")
        }
        // A slower voice speaks the same words later.
        var slow = voice
        slow.rate = 100
        let slower = try await synthesizer.speech(for: text, voice: slow)
        #expect((slower.words.last?.start ?? 0) > (speech.words.last?.start ?? 0) * 1.3)
    }

    @Test func aWordOffsetOutsideTheTextGivesNoWord() {
        #expect(SpokenWord(start: 0, textOffset: 3, textLength: 5).word(in: "abc de") == nil)
        #expect(SpokenWord(start: 0, textOffset: 4, textLength: 2).word(in: "abc de") == "de")
    }
}
