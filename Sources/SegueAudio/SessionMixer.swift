import Foundation
import SegueCore

/// Mixes a session's tracks and voice into one stereo file (`MixSettings.output`) in a single streaming pass.
///
/// The loudness the session will have is forecast from the tracks' profiles first (`MixForecast`), which fixes the
/// duck under each line and the correction gain; then each track is decoded and resampled on a thread of its own just
/// ahead of the mix (`TrackFeed`), the mix runs on the caller's thread (gains, equal-power crossfades, ducking, the
/// voice, DC removal), and the mastering stage (`MasteringStage`: correction, true-peak limiter, rounding to the
/// output's 16- or 24-bit grid, the file write, measurement) on a third. Memory is a few blocks per stage whatever the session's length.
public struct SessionMixer: Sendable {
    public var settings: MixSettings

    public init(settings: MixSettings = MixSettings()) { self.settings = settings }

    /// The gain in dB that brings a track of `loudness` LUFS to the target (at most +20 dB).
    public func matchingGain(forLoudness loudness: Double) -> Double {
        guard loudness.isFinite else { return 0 }
        return min(settings.targetLoudness - loudness, 20)
    }

    /// Prepares a synthesized clip: mono, resampled to the mix rate, loudness matched as it will sound centred in
    /// stereo (the mixer puts it in both channels; kept mono, a session's clips take half the memory), its edges faded.
    public func prepareVoice(_ clip: AudioBuffer) throws(SoundFileError) -> AudioBuffer {
        var mono = clip
        if clip.channels > 1 {
            let channels = clip.channels
            mono = AudioBuffer(
                sampleRate: clip.sampleRate, channels: 1,
                samples: (0..<clip.frameCount).map { frame in
                    (0..<channels).reduce(Float(0)) { $0 + clip.samples[frame * channels + $1] } / Float(channels)
                })
        }
        var resampled = try Resampler.resample(mono, to: settings.sampleRate)
        // The same signal in two channels has twice the energy of one (BS.1770 sums the channels): 3.01 dB more.
        let measured = try LoudnessMeter.measure(resampled).loudness + 10 * log10(2)
        if measured.isFinite {
            let gain = Float(pow(10, (settings.voiceLoudness - measured) / 20))
            resampled.samples = resampled.samples.map { $0 * gain }
        }
        // Raised-cosine fades at both edges.
        let edge = min(Int(settings.clipEdgeFade * Double(settings.sampleRate)), resampled.samples.count / 2)
        let count = resampled.samples.count
        for index in 0..<edge {
            let fade = Float(0.5 - 0.5 * cos(Double.pi * Double(index) / Double(edge)))
            resampled.samples[index] *= fade
            resampled.samples[count - 1 - index] *= fade
        }
        return resampled
    }

    /// Seconds before a track starts that its decoding begins.
    static let decodeLead = 10.0

    /// Renders the session to a stereo file of `settings.output` at `url` (written in place: callers rename it into
    /// view).
    /// - Parameter progress: told the fraction of the session mixed, from 0 to 1, on the calling thread, at most about
    ///   ten times a second, and 1 once the file is complete.
    /// - Parameter isCancelled: asked before each block; true stops the mix, removes nothing (the caller owns `url`)
    ///   and throws `CancellationError`.
    /// - Throws: `SoundFileError` naming the file for a rate the mixer or the format does not take, an unreadable
    ///   track or a failed write.
    public func render(
        timeline: SessionTimeline, tracks: [MixTrack], voices: [MixVoice], stems: MixStems = .full,
        to url: URL, progress: (@Sendable (Double) -> Void)? = nil, isCancelled: (@Sendable () -> Bool)? = nil
    ) throws -> MixReport {
        let rate = settings.sampleRate
        guard MixSettings.sampleRates.contains(rate) else {
            throw SoundFileError(
                .writeFailed, path: url.path,
                message:
                    "cannot mix at \(rate) Hz; give one of \(MixSettings.sampleRates.map(String.init).joined(separator: ", "))"
            )
        }
        if let required = settings.output.requiredSampleRate, required != rate {
            throw SoundFileError(
                .writeFailed, path: url.path,
                message:
                    "\(settings.output.rawValue) is written at \(required) Hz only, not \(rate) Hz; mix at \(required) Hz"
            )
        }
        let total = Int((timeline.duration * Double(rate)).rounded())
        let forecast = try MixForecast(settings: settings, timeline: timeline, tracks: tracks, voices: voices)
        let master = try MasteringStage(
            url: url, format: settings.output, sampleRate: rate, gainDB: forecast.correctionDB,
            ceiling: settings.ceiling)
        var reporter = progress.map { ProgressReporter(report: $0) }
        reporter?.report(0)
        // Each talk span's music (ducked) and voice, metered apart: speech over music is a loudness difference (LU),
        // K-weighted as listeners hear it, not a raw RMS that bass would dominate.
        // A span's meters are read and let go as soon as it ends, so they do not pile up over a long session.
        var spanMeters: [Int: (music: LoudnessMeter, voice: LoudnessMeter)] = [:]
        var spanLevels: [Int: (music: Double, voice: Double)] = [:]
        do {
            var feeds: [Int: TrackFeed] = [:]
            var highPass = HighPass(cutoff: settings.dcCutoff, sampleRate: rate)
            var scratch = [Float](repeating: 0, count: settings.blockFrames * 2)
            var alone = [Float](repeating: 0, count: settings.blockFrames * 2)
            let lead = Int(Self.decodeLead * Double(rate))
            var blockStart = 0
            while blockStart < total {
                if isCancelled?() == true { throw CancellationError() }
                let count = min(settings.blockFrames, total - blockStart)
                var block = [Float](repeating: 0, count: count * 2)
                let duck = duckEnvelope(voices: voices, depths: forecast.duckDepths, from: blockStart, count: count)
                for (position, track) in tracks.enumerated() where includes(track: position, stems) {
                    let first = Int((track.slot.start * Double(rate)).rounded())
                    let last = Int((track.slot.end * Double(rate)).rounded())
                    if blockStart >= last {
                        feeds[position] = nil
                        continue
                    }
                    if feeds[position] == nil && first < blockStart + count + lead {
                        feeds[position] = TrackFeed(
                            url: track.url, start: track.slot.cueIn, frames: last - first, outputRate: rate)
                    }
                    let from = max(first, blockStart), to = min(last, blockStart + count)
                    guard from < to, let feed = feeds[position] else { continue }
                    let got = try scratch.withUnsafeMutableBufferPointer { (scratch) throws(SoundFileError) in
                        try feed.read(into: UnsafeMutableBufferPointer(rebasing: scratch[0..<(2 * (to - from))]))
                    }
                    mix(
                        track, frames: got, startingAt: from, first: first, last: last, from: scratch, into: &block,
                        blockStart: blockStart, duck: duck)
                }
                if stems == .full || stems == .voice {
                    // One scratch block for the voice alone, cleared where each clip was added.
                    for (index, voice) in voices.enumerated() {
                        guard let span = add(voice, into: &alone, from: blockStart, count: count) else { continue }
                        let samples = (2 * span.lowerBound)..<(2 * span.upperBound)
                        if stems == .full {
                            if spanMeters[index] == nil {
                                spanMeters[index] = (
                                    try LoudnessMeter(sampleRate: rate, channels: 2),
                                    try LoudnessMeter(sampleRate: rate, channels: 2)
                                )
                            }
                            try block.withUnsafeBufferPointer { (music) throws(SoundFileError) in
                                try spanMeters[index]?.music.add(UnsafeBufferPointer(rebasing: music[samples]))
                            }
                            try alone.withUnsafeBufferPointer { (voice) throws(SoundFileError) in
                                try spanMeters[index]?.voice.add(UnsafeBufferPointer(rebasing: voice[samples]))
                            }
                            let clipEnd = Int((voice.slot.start * Double(rate)).rounded()) + voice.audio.frameCount
                            if clipEnd <= blockStart + count || blockStart + count >= total,
                                let meters = spanMeters[index]
                            {
                                spanLevels[index] = (meters.music.integratedLoudness, meters.voice.integratedLoudness)
                                spanMeters[index] = nil
                            }
                        }
                        for sample in samples {
                            block[sample] += alone[sample]
                            alone[sample] = 0
                        }
                    }
                }
                highPass.process(&block)
                // A stage that stopped has failed; `finish()` says why.
                guard master.add(block) else { break }
                blockStart += count
                reporter?.report(Double(blockStart) / Double(max(total, 1)), atMostEvery: 0.1)
            }
        } catch {
            master.cancel()
            _ = try? master.finish()
            throw error
        }
        let outcome = try master.finish()
        reporter?.report(1)
        var report = MixReport(
            frames: outcome.frames, sampleRate: rate, loudness: outcome.loudness, peakDBFS: outcome.peakDBFS,
            correctionDB: forecast.correctionDB)
        report.truePeakDBTP = outcome.truePeakDBTP
        report.loudnessRange = outcome.loudnessRange
        report.dcOffset = outcome.dcOffset
        report.longestSilence = outcome.longestSilence
        if stems == .full {
            report.speechOverMusic = voices.indices.compactMap { index in
                guard let levels = spanLevels[index] else { return nil }
                // Silence under the voice (-infinity) is as far under it as a meter can say: 70 LU.
                let music = max(levels.music, -70), voice = levels.voice
                return TalkSpanLevel(
                    lineID: voices[index].slot.lineID, speechOverMusic: voice.isFinite ? voice - music : 0,
                    duckDB: forecast.duckDepths[index])
            }
        }
        return report
    }

    /// Calls a progress callback with a fraction that never goes back, as often as asked.
    private struct ProgressReporter {
        let report: @Sendable (Double) -> Void
        var last = -1.0
        var lastTime = ContinuousClock.now

        /// Reports `fraction` (clamped to at most 1, never below the last reported), unless the last report was
        /// under `interval` seconds ago.
        mutating func report(_ fraction: Double, atMostEvery interval: Double = 0) {
            let now = ContinuousClock.now
            let value = max(min(fraction, 1), last)
            guard interval == 0 || now - lastTime >= .milliseconds(Int(interval * 1000)) else { return }
            last = value
            lastTime = now
            report(value)
        }
    }

    private func includes(track position: Int, _ stems: MixStems) -> Bool {
        switch stems {
        case .full, .music: return true
        case .voice: return false
        case .track(let only): return only == position
        }
    }

    /// The equal-power fade of a track `local` seconds into its slot of `length` seconds: sine in, cosine out.
    static func fade(at local: Double, length: Double, slot: SessionTimeline.TrackSlot) -> Double {
        var envelope = 1.0
        if local < slot.fadeIn { envelope *= sin(.pi / 2 * local / slot.fadeIn) }
        if local > length - slot.fadeOut { envelope *= cos(.pi / 2 * (local - (length - slot.fadeOut)) / slot.fadeOut) }
        return envelope
    }

    /// How much of the duck applies `seconds` from a voice's start: 0 before its attack, 1 while it speaks, back to 0
    /// over its release.
    private func duckAmount(at seconds: Double, voice: MixVoice) -> Double {
        let begin = voice.slot.start - settings.duckAttack
        let end = voice.slot.end + settings.duckRelease
        guard seconds > begin, seconds < end else { return 0 }
        if seconds >= voice.slot.start && seconds <= voice.slot.end { return 1 }
        let x =
            seconds < voice.slot.start
            ? (seconds - begin) / settings.duckAttack : 1 - (seconds - voice.slot.end) / settings.duckRelease
        return settings.duckShape == .linear ? x : 0.5 - 0.5 * cos(.pi * x)
    }

    /// The music's gain at `seconds`: 1, or lower around each voice clip (by that clip's depth).
    func duckGain(at seconds: Double, voices: [MixVoice], depths: [Double]) -> Float {
        var gain: Float = 1
        for (voice, depth) in zip(voices, depths) {
            let amount = duckAmount(at: seconds, voice: voice)
            if amount > 0 { gain = min(gain, Float(1 - (1 - pow(10, depth / 20)) * amount)) }
        }
        return gain
    }

    /// Gain of the music at each frame of a block: 1, or lower around each voice clip.
    private func duckEnvelope(voices: [MixVoice], depths: [Double], from start: Int, count: Int) -> [Float] {
        var envelope = [Float](repeating: 1, count: count)
        let rate = Double(settings.sampleRate)
        for (voice, depth) in zip(voices, depths) {
            let first = max(Int(((voice.slot.start - settings.duckAttack) * rate).rounded(.down)), start)
            let last = min(Int(((voice.slot.end + settings.duckRelease) * rate).rounded(.up)), start + count)
            guard first < last else { continue }
            let floor = 1 - pow(10, depth / 20)
            for frame in first..<last {
                let gain = Float(1 - floor * duckAmount(at: Double(frame) / rate, voice: voice))
                envelope[frame - start] = min(envelope[frame - start], gain)
            }
        }
        return envelope
    }

    /// Adds `frames` decoded frames of a track, from session frame `from`, with its gain, fades and the duck.
    private func mix(
        _ track: MixTrack, frames: Int, startingAt from: Int, first: Int, last: Int, from input: [Float],
        into block: inout [Float], blockStart: Int, duck: [Float]
    ) {
        let rate = Double(settings.sampleRate)
        let gain = pow(10, track.gainDB / 20)
        let fadeInEnd = first + Int(track.slot.fadeIn * rate)
        let fadeOutStart = last - Int(track.slot.fadeOut * rate)
        let length = Double(last - first) / rate
        block.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { input in
                for i in 0..<frames {
                    let frame = from + i
                    var envelope = Float(gain)
                    if frame < fadeInEnd || frame > fadeOutStart {
                        envelope *= Float(
                            Self.fade(at: Double(frame - first) / rate, length: length, slot: track.slot))
                    }
                    let g = envelope * duck[frame - blockStart]
                    let o = 2 * (frame - blockStart)
                    out[o] += input[2 * i] * g
                    out[o + 1] += input[2 * i + 1] * g
                }
            }
        }
    }

    /// Adds the part of `voice` (mono, centred, or stereo) that falls in the block to `block` (at least `count`
    /// frames long); returns the block's frames it covers (nil for none).
    private func add(_ voice: MixVoice, into block: inout [Float], from start: Int, count: Int) -> Range<Int>? {
        let first = Int((voice.slot.start * Double(settings.sampleRate)).rounded())
        let frames = voice.audio.frameCount
        let from = max(first, start)
        let to = min(first + frames, start + count)
        guard from < to else { return nil }
        let channels = voice.audio.channels
        block.withUnsafeMutableBufferPointer { out in
            voice.audio.samples.withUnsafeBufferPointer { input in
                for frame in from..<to {
                    let o = 2 * (frame - start)
                    let i = channels * (frame - first)
                    // A mono clip is centred: the same in both channels.
                    out[o] += input[i]
                    out[o + 1] += input[i + channels - 1]
                }
            }
        }
        return (from - start)..<(to - start)
    }
}
