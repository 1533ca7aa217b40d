import Foundation
import SegueCore
import SegueSpeech
import SegueTestSupport
import Testing

@Suite(.serialized) struct ESpeakSynthesizerTests {
    let synthesizer = ESpeakSynthesizer.shared

    @Test func speaksALineAsAudibleMonoAt22050Hz() async throws {
        let voice = try VoiceProfile.named("river", in: Fixtures.voices)
        let clip = try await synthesizer.synthesize("This is Segue. Up next, something new for you.", voice: voice)
        #expect(clip.sampleRate == 22_050)
        #expect(clip.channels == 1)
        #expect(clip.duration > 1.5 && clip.duration < 6)
        #expect(SignalMeasure.rmsDBFS(clip, from: 0, to: clip.duration) > -35)
    }

    @Test func longerTextTakesLongerAndAFasterRateIsShorter() async throws {
        var voice = try VoiceProfile.named("river", in: Fixtures.voices)
        let short = try await synthesizer.synthesize("Hello there.", voice: voice)
        let long = try await synthesizer.synthesize(
            "Hello there. This is a much longer line about the next record.", voice: voice)
        #expect(long.duration > short.duration * 2)
        voice.rate = 300
        let fast = try await synthesizer.synthesize(
            "Hello there. This is a much longer line about the next record.", voice: voice)
        #expect(fast.duration < long.duration * 0.75)
    }

    @Test func everyShippedVoiceProfileSpeaks() async throws {
        let profiles = try VoiceProfile.loadAll(from: Fixtures.voices)
        #expect(profiles.count >= 2)
        for profile in profiles.values.sorted(by: { $0.name < $1.name }) {
            let clip = try await synthesizer.synthesize("Segue", voice: profile)
            #expect(clip.duration > 0.2, "voice \(profile.name)")
        }
    }

    @Test func variantsChangeTheVoice() async throws {
        var voice = VoiceProfile(name: "t", espeakVoice: "en-gb", variant: nil)
        let plain = try await synthesizer.synthesize("The quick brown fox.", voice: voice)
        voice.variant = "f3"
        let female = try await synthesizer.synthesize("The quick brown fox.", voice: voice)
        #expect(plain.samples != female.samples)
    }

    @Test func anUnknownEspeakVoiceListsTheInstalledOnes() async throws {
        let voice = VoiceProfile(name: "bad", espeakVoice: "xx-nowhere")
        let error = try await #require(throws: SpeechError.self) {
            try await synthesizer.synthesize("hi", voice: voice)
        }
        #expect(error.code == .unknownVoice)
        #expect(error.message.contains("xx-nowhere"))
        #expect(error.message.contains("en-us"))
    }

    @Test func anUnknownProfileNameListsTheProfiles() throws {
        let error = try #require(throws: SpeechError.self) { try VoiceProfile.named("nobody", in: Fixtures.voices) }
        #expect(error.message.contains("river"))
        #expect(error.message.contains("skye"))
    }
}
