import Foundation
import SegueCore
import SegueTestSupport
import Testing

@testable import SegueSpeech

/// One engine, many sessions: a line sounds the same whatever was spoken before it.
///
/// In one espeak-ng 1.51 process the same line differs every time it is spoken (the wave generator's state carries
/// over), so these tests compare samples exactly: any carried state shows.
@Suite(.serialized) struct ESpeakDeterminismTests {
    let synthesizer = ESpeakSynthesizer.shared
    static let line = "This is Segue. Up next, something new for you."

    @Test func aLineSpokenAgainAfterOtherVoicesAndSettingsIsSampleIdentical() async throws {
        let river = try VoiceProfile.named("river", in: Fixtures.voices)
        let first = try await synthesizer.synthesize(Self.line, voice: river)
        let again = try await synthesizer.synthesize(Self.line, voice: river)
        #expect(again.samples == first.samples, "the same line twice in a row")

        var fast = try VoiceProfile.named("skye", in: Fixtures.voices)
        fast.rate = 320
        fast.pitch = 95
        fast.volume = 160
        _ = try await synthesizer.synthesize("Bright and early: 1999, 42 percent, and the news at nine!", voice: fast)
        _ = try await synthesizer.synthesize(
            "Hola, ¿qué tal? Música nueva para ti.",
            voice: try VoiceProfile.named("lucia", in: Fixtures.voices))
        var slow = river
        slow.rate = 90
        slow.pitch = 5
        slow.variant = "f3"
        _ = try await synthesizer.synthesize("A long, slow line, with pauses; and questions?", voice: slow)
        _ = try await synthesizer.phonemes(for: ["dollar", "hash", "música"], language: "es")
        _ = try await synthesizer.phonemes(for: ["segue", "deadmau5"], language: "en")

        let later = try await synthesizer.synthesize(Self.line, voice: river)
        #expect(later.samples.count == first.samples.count)
        #expect(later.samples == first.samples, "the line after other voices, settings and transcriptions")
    }

    @Test func aVoiceChangeCarriesNoRateOrPitchIntoTheNextLine() async throws {
        let skye = try VoiceProfile.named("skye", in: Fixtures.voices)
        let plain = try await synthesizer.synthesize("Segue, the next record.", voice: skye)
        var odd = try VoiceProfile.named("river", in: Fixtures.voices)
        odd.rate = 400
        odd.pitch = 99
        _ = try await synthesizer.synthesize("Quick and high.", voice: odd)
        let after = try await synthesizer.synthesize("Segue, the next record.", voice: skye)
        #expect(after.samples == plain.samples)
        // The odd settings did apply to their own line: a faster rate makes a shorter clip.
        let oddClip = try await synthesizer.synthesize("Segue, the next record.", voice: odd)
        #expect(oddClip.duration < plain.duration * 0.75)
    }

    @Test func concurrentCallersGetTheSameAudioAsOneCaller() async throws {
        let river = try VoiceProfile.named("river", in: Fixtures.voices)
        let skye = try VoiceProfile.named("skye", in: Fixtures.voices)
        let alone = try await synthesizer.synthesize(Self.line, voice: river)
        let clips = try await withThrowingTaskGroup(of: (Int, AudioBuffer).self) { group in
            for index in 0..<6 {
                group.addTask {
                    let even = index.isMultiple(of: 2)
                    let clip = try await ESpeakSynthesizer.shared.synthesize(
                        even ? Self.line : "Another line, \(index).", voice: even ? river : skye)
                    return (index, clip)
                }
            }
            var clips: [Int: AudioBuffer] = [:]
            for try await (index, clip) in group { clips[index] = clip }
            return clips
        }
        for index in [0, 2, 4] { #expect(clips[index]?.samples == alone.samples, "caller \(index)") }
    }

    @Test func workRunsOnTheSynthesizersOwnThread() async {
        #expect(await synthesizer.runsOnDedicatedThread)
    }
}
