import Foundation
import SegueCore

/// What a session's mix will measure, forecast from the loudness profiles before any audio is mixed, so the mix is
/// one pass: how deep the music ducks under each line for the voice to stand clear of it, and the gain that lands the
/// limited session on its target loudness.
///
/// Works in 100 ms blocks: a block's energy is the sum of its sources' energies (different recordings are
/// uncorrelated), each scaled by its gain, fade and duck; a block whose summed peak would pass the ceiling loses what
/// the limiter takes from it.
struct MixForecast {
    /// The duck under each voice, dB, in the order of the voices.
    var duckDepths: [Double]
    /// Gain after the mix that meets the target loudness, dB (0 when the settings keep the tracks' own gains).
    var correctionDB = 0.0
    /// The session's loudness the forecast expects after correction and limiting, LUFS.
    var loudness = -Double.infinity

    private static let block = LoudnessProfile.blockSeconds

    /// Forecasts a session; measures the profile of a track that has none (decoding it) only when one is needed.
    init(settings: MixSettings, timeline: SessionTimeline, tracks: [MixTrack], voices: [MixVoice]) throws {
        duckDepths = voices.map { _ in settings.duckDepth }
        let needed = settings.correctsSessionLoudness || (settings.minimumSpeechOverMusic != nil && !voices.isEmpty)
        guard needed, timeline.duration > 0 else { return }
        let count = Int((timeline.duration / Self.block).rounded(.up))
        var music = [Double](repeating: 0, count: count), musicPeak = [Double](repeating: 0, count: count)
        for track in tracks {
            let profile =
                try track.profile ?? TrackSource.analyse(url: track.url, outputRate: settings.sampleRate).profile
            guard let profile else { continue }
            Self.add(track, profile: profile, to: &music, peaks: &musicPeak)
        }
        let voiceProfiles = try voices.map { try LoudnessProfiler.profile(of: $0.audio) }

        // Each line's duck: deep enough for the voice to stand `minimum` (and half a LU of margin) over the music.
        if let minimum = settings.minimumSpeechOverMusic {
            for (index, voice) in voices.enumerated() {
                let first = max(0, Int((voice.slot.start / Self.block).rounded()))
                let blocks = voiceProfiles[index].energies.indices.map { first + $0 }.filter { $0 < count }
                let under = LoudnessProfile.integratedLoudness(ofBlocks: blocks.map { music[$0] })
                let speech = LoudnessProfile.integratedLoudness(
                    ofBlocks: voiceProfiles[index].energies.map(Double.init))
                guard under.isFinite, speech.isFinite else { continue }
                let standing = speech - (under + settings.duckDepth)
                if standing < minimum + 0.5 {
                    duckDepths[index] = max(settings.duckDepth - (minimum + 0.5 - standing), settings.deepestDuck)
                }
            }
        }
        guard settings.correctsSessionLoudness else { return }

        // The whole session, ducked and with the voice, then the correction found by iterating on the forecast.
        var energy = [Double](repeating: 0, count: count), peak = [Double](repeating: 0, count: count)
        let mixer = SessionMixer(settings: settings)
        for index in 0..<count {
            let duck = Double(
                mixer.duckGain(at: (Double(index) + 0.5) * Self.block, voices: voices, depths: duckDepths))
            energy[index] = music[index] * duck * duck
            peak[index] = musicPeak[index] * duck
        }
        for (index, voice) in voices.enumerated() {
            let first = Int((voice.slot.start / Self.block).rounded())
            for (offset, value) in voiceProfiles[index].energies.enumerated() where (0..<count).contains(first + offset)
            {
                energy[first + offset] += Double(value)
                peak[first + offset] += Double(voiceProfiles[index].peaks[offset])
            }
        }
        let ceiling = pow(10, settings.ceiling / 20)
        // The limiter's gain, block by block: down at once to what a block's peak needs (the peak taken at the block's
        // start), then back up exponentially at its release rate. A block whose energy is spread keeps the mean of that
        // curve; one whose energy sits in the peak keeps only the lowest gain: the forecast takes the middle of the two
        // (on the development cases, noise with loud bursts and the demo session, the two bounds miss by +0.5 and −0.9
        // LU, the middle by less than 0.25).
        let decay = exp(-Self.block / PeakLimiter.defaultRelease)
        let meanFactor = PeakLimiter.defaultRelease / Self.block * (1 - decay)
        var correction = 0.0
        for _ in 0..<8 {
            let gain = pow(10, correction / 20)
            var deficit = 0.0
            let limited = zip(energy, peak).map { energy, peak in
                let reach = peak * gain
                let start = max(deficit, reach > ceiling ? 1 - ceiling / reach : 0)
                let kept = 1 - start * (1 + meanFactor) / 2
                deficit = start * decay
                return energy * gain * gain * kept * kept
            }
            loudness = LoudnessProfile.integratedLoudness(ofBlocks: limited)
            guard loudness.isFinite else { return }
            let miss = settings.targetLoudness - loudness
            if abs(miss) < 0.01 { break }
            correction = max(min(correction + miss, 20), -20)
        }
        correctionDB = correction
    }

    /// Adds a track's energy and peak, gained and faded as the mixer plays it, to the session's blocks.
    private static func add(
        _ track: MixTrack, profile: LoudnessProfile, to energy: inout [Double], peaks: inout [Double]
    ) {
        let slot = track.slot
        let gain = pow(10, track.gainDB / 20)
        let first = max(0, Int((slot.start / block).rounded(.down)))
        let last = min(energy.count, Int((slot.end / block).rounded(.up)))
        guard first < last else { return }
        for index in first..<last {
            let local = (Double(index) + 0.5) * block - slot.start
            guard local >= 0, local < slot.end - slot.start,
                let source = profile.block(at: local + slot.cueIn)
            else { continue }
            let envelope = gain * SessionMixer.fade(at: local, length: slot.end - slot.start, slot: slot)
            energy[index] += Double(profile.energies[source]) * envelope * envelope
            peaks[index] += Double(profile.peaks[source]) * envelope
        }
    }
}
