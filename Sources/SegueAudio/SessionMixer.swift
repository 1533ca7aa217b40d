import Foundation
import SegueCore

/// Which parts of the session a render contains (for review and measurement).
public enum MixStems: Sendable, Equatable {
    case full
    /// The music, ducked exactly as in the full mix, without the voice.
    case music
    case voice
    /// One track alone, with its fades and ducking.
    case track(Int)
}

/// A track ready to mix: where it plays and the gain that matches its loudness.
public struct MixTrack: Sendable, Equatable {
    public var slot: SessionTimeline.TrackSlot
    public var url: URL
    public var gainDB: Double

    public init(slot: SessionTimeline.TrackSlot, url: URL, gainDB: Double) {
        self.slot = slot
        self.url = url
        self.gainDB = gainDB
    }
}

/// A voice clip ready to mix: stereo at the mix rate, loudness already matched.
public struct MixVoice: Sendable, Equatable {
    public var slot: SessionTimeline.VoiceSlot
    public var audio: AudioBuffer

    public init(slot: SessionTimeline.VoiceSlot, audio: AudioBuffer) {
        self.slot = slot
        self.audio = audio
    }
}

/// What a render measured.
public struct MixReport: Sendable, Equatable {
    public var frames: Int
    public var sampleRate: Int
    /// Integrated loudness of the output, LUFS.
    public var loudness: Double
    /// Sample peak of the output, dBFS.
    public var peakDBFS: Double
    /// Gain applied after the mix to reach the target loudness, dB.
    public var correctionDB: Double
    /// True (inter-sample) peak of the output, dBTP (libebur128, 4× oversampled).
    public var truePeakDBTP: Double = -.infinity
    /// Loudness range of the output, LU.
    public var loudnessRange: Double = 0
    /// Largest mean sample value of a channel (DC offset), linear.
    public var dcOffset: Double = 0
    /// Longest stretch below −60 dBFS in both channels, seconds.
    public var longestSilence: Double = 0
    /// Every talk span: the voice's loudness over the ducked music's under it, LU (libebur128, K-weighted).
    public var speechOverMusic: [TalkSpanLevel] = []

    public var duration: Double { Double(frames) / Double(sampleRate) }
}

/// How far a talk span's voice stands above the ducked music under it.
public struct TalkSpanLevel: Sendable, Codable, Equatable {
    public var lineID: String
    /// Voice loudness minus music loudness over the span, LU.
    public var speechOverMusic: Double

    public init(lineID: String, speechOverMusic: Double) {
        self.lineID = lineID
        self.speechOverMusic = speechOverMusic
    }

    enum CodingKeys: String, CodingKey {
        case lineID = "line_id"
        case speechOverMusic = "speech_over_music_db"
    }
}

/// Mixes a session's tracks and voice into one stereo WAV, streaming block by block.
///
/// Pass one sums the tracks (loudness-matched, equal-power crossfades, ducked under the voice) and
/// the voice into a float file while measuring its loudness; pass two applies the gain that meets the
/// target loudness, runs a look-ahead limiter so nothing reaches full scale, and writes 16-bit PCM.
public struct SessionMixer: Sendable {
    public var settings: MixSettings

    public init(settings: MixSettings = MixSettings()) { self.settings = settings }

    /// The gain in dB that brings a track of `loudness` LUFS to the target (at most +20 dB).
    public func matchingGain(forLoudness loudness: Double) -> Double {
        guard loudness.isFinite else { return 0 }
        return min(settings.targetLoudness - loudness, 20)
    }

    /// Prepares a synthesized clip: resampled to the mix rate, centred in stereo, loudness matched.
    public func prepareVoice(_ clip: AudioBuffer) throws(SoundFileError) -> AudioBuffer {
        let resampled = try Resampler.resample(clip, to: settings.sampleRate)
        var stereo = AudioBuffer(
            sampleRate: settings.sampleRate, channels: 2,
            samples: TrackSource.stereo(resampled.samples, channels: resampled.channels))
        let measured = try LoudnessMeter.measure(stereo)
        if measured.loudness.isFinite {
            let gain = Float(pow(10, (settings.voiceLoudness - measured.loudness) / 20))
            stereo.samples = stereo.samples.map { $0 * gain }
        }
        return stereo
    }

    /// Renders the session to a 16-bit stereo WAV at `url` (written in place: callers rename it into view).
    public func render(
        timeline: SessionTimeline, tracks: [MixTrack], voices: [MixVoice], stems: MixStems = .full,
        to url: URL
    ) throws -> MixReport {
        let rate = settings.sampleRate
        let total = Int((timeline.duration * Double(rate)).rounded())
        let scratch = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).mix-\(getpid()).wav")
        defer { try? FileManager.default.removeItem(at: scratch) }

        // Pass one: mix to float, DC removed, measure.
        let meter = try LoudnessMeter(sampleRate: rate, channels: 2)
        // Each talk span's music (ducked) and voice, metered apart: speech over music is a loudness difference (LU),
        // K-weighted as listeners hear it, not a raw RMS that bass would dominate.
        var spanMeters: [Int: (music: LoudnessMeter, voice: LoudnessMeter)] = [:]
        do {
            let writer = try AudioFileWriter(url: scratch, sampleRate: rate, channels: 2, encoding: .float32)
            var sources: [Int: TrackSource] = [:]
            var highPass = HighPass(cutoff: settings.dcCutoff, sampleRate: rate)
            var blockStart = 0
            while blockStart < total {
                let count = min(settings.blockFrames, total - blockStart)
                var block = [Float](repeating: 0, count: count * 2)
                let duck = duckEnvelope(voices: voices, from: blockStart, count: count)
                for (position, track) in tracks.enumerated() where includes(track: position, stems) {
                    try mix(track, position: position, into: &block, from: blockStart, duck: duck, sources: &sources)
                }
                if stems == .full || stems == .voice {
                    // One scratch block for the voice alone, cleared where each clip was added.
                    var alone = [Float](repeating: 0, count: count * 2)
                    for (index, voice) in voices.enumerated() {
                        guard let span = add(voice, into: &alone, from: blockStart) else { continue }
                        let samples = (2 * span.lowerBound)..<(2 * span.upperBound)
                        if stems == .full {
                            if spanMeters[index] == nil {
                                spanMeters[index] = (
                                    try LoudnessMeter(sampleRate: rate, channels: 2),
                                    try LoudnessMeter(sampleRate: rate, channels: 2)
                                )
                            }
                            try spanMeters[index]?.music.add(Array(block[samples]))
                            try spanMeters[index]?.voice.add(Array(alone[samples]))
                        }
                        for sample in samples {
                            block[sample] += alone[sample]
                            alone[sample] = 0
                        }
                    }
                }
                highPass.process(&block)
                try writer.write(block)
                try meter.add(block)
                blockStart += count
            }
            try writer.close()
        }

        // Pass two: loudness correction, limiter, 16-bit output. The limiter takes a little off the loudness, so when
        // the result misses the target by more than 0.2 LU the pass runs again (twice at most) with the gain adjusted
        // by the miss.
        let measured = meter.integratedLoudness
        var correction =
            measured.isFinite && settings.correctsSessionLoudness
            ? max(min(settings.targetLoudness - measured, 20), -20) : 0
        var outcome = try limitAndWrite(scratch, gainDB: correction, to: url)
        for _ in 0..<2
        where settings.correctsSessionLoudness && outcome.loudness.isFinite
            && abs(outcome.loudness - settings.targetLoudness) > 0.2
        {
            correction = max(min(correction + settings.targetLoudness - outcome.loudness, 20), -20)
            outcome = try limitAndWrite(scratch, gainDB: correction, to: url)
        }
        var report = MixReport(
            frames: total, sampleRate: rate, loudness: outcome.loudness, peakDBFS: outcome.peakDBFS,
            correctionDB: correction)
        report.truePeakDBTP = outcome.truePeakDBTP
        report.loudnessRange = outcome.loudnessRange
        report.dcOffset = outcome.dcOffset
        report.longestSilence = outcome.longestSilence
        if stems == .full {
            report.speechOverMusic = voices.indices.compactMap { index in
                guard let meters = spanMeters[index] else { return nil }
                // Silence under the voice (-infinity) is as far under it as a meter can say: 70 LU.
                let music = max(meters.music.integratedLoudness, -70), voice = meters.voice.integratedLoudness
                return TalkSpanLevel(
                    lineID: voices[index].slot.lineID, speechOverMusic: voice.isFinite ? voice - music : 0)
            }
        }
        return report
    }

    /// The last pass: `gainDB` applied to the scratch mix, the true-peak limiter, 16-bit PCM written to `url`, and the
    /// output measured exactly as written.
    private func limitAndWrite(
        _ scratch: URL, gainDB: Double, to url: URL
    ) throws -> (
        loudness: Double, peakDBFS: Double, truePeakDBTP: Double, loudnessRange: Double, dcOffset: Double,
        longestSilence: Double
    ) {
        let rate = settings.sampleRate
        let gain = Float(pow(10, gainDB / 20))
        // A twentieth of a dB under the ceiling: libebur128's longer interpolator reads a few hundredths higher than
        // the limiter's own, and 16-bit rounding adds a little.
        var limiter = PeakLimiter(ceiling: Float(pow(10, (settings.ceiling - 0.05) / 20)), sampleRate: rate)
        let output = try AudioFileWriter(url: url, sampleRate: rate, channels: 2, encoding: .pcm16)
        let finalMeter = try LoudnessMeter(sampleRate: rate, channels: 2, measures: [.truePeak, .loudnessRange])
        let reader = try AudioFileReader(url: scratch)
        var skip = limiter.latency * 2
        var sums = (0.0, 0.0), written = 0
        var silentRun = 0, longestRun = 0
        let quiet = Float(pow(10, -60.0 / 20))
        func emit(_ samples: [Float]) throws {
            var out = samples
            if skip > 0 {
                let drop = min(skip, out.count)
                out.removeFirst(drop)
                skip -= drop
            }
            guard !out.isEmpty else { return }
            // Round to the 16-bit grid first so the meter measures exactly what is written.
            out = out.map { ($0 * 32767).rounded() / 32767 }
            try output.write(out)
            try finalMeter.add(out)
            for frame in 0..<(out.count / 2) {
                let left = out[2 * frame], right = out[2 * frame + 1]
                sums.0 += Double(left)
                sums.1 += Double(right)
                if abs(left) < quiet && abs(right) < quiet {
                    silentRun += 1
                    longestRun = max(longestRun, silentRun)
                } else {
                    silentRun = 0
                }
            }
            written += out.count / 2
        }
        while true {
            let block = try reader.read(frames: settings.blockFrames)
            if block.isEmpty { break }
            try emit(limiter.process(block.map { $0 * gain }))
        }
        try emit(limiter.flush())
        try output.close()
        let frames = Double(max(written, 1))
        return (
            finalMeter.integratedLoudness, 20 * log10(max(finalMeter.samplePeak, 1e-9)),
            20 * log10(max(finalMeter.truePeak, 1e-9)), finalMeter.loudnessRange,
            max(abs(sums.0), abs(sums.1)) / frames, Double(longestRun) / Double(rate)
        )
    }

    private func includes(track position: Int, _ stems: MixStems) -> Bool {
        switch stems {
        case .full, .music: return true
        case .voice: return false
        case .track(let only): return only == position
        }
    }

    /// Gain of the music at each frame of a block: 1, or lower around each voice clip.
    private func duckEnvelope(voices: [MixVoice], from start: Int, count: Int) -> [Float] {
        var envelope = [Float](repeating: 1, count: count)
        let rate = Double(settings.sampleRate)
        let depth = pow(10, settings.duckDepth / 20)
        for voice in voices {
            let begin = voice.slot.start - settings.duckAttack
            let end = voice.slot.end + settings.duckRelease
            let first = max(Int((begin * rate).rounded(.down)), start)
            let last = min(Int((end * rate).rounded(.up)), start + count)
            guard first < last else { continue }
            for frame in first..<last {
                let t = Double(frame) / rate
                let amount: Double
                if t < voice.slot.start {
                    let x = (t - begin) / settings.duckAttack
                    amount = settings.duckShape == .linear ? x : 0.5 - 0.5 * cos(.pi * x)
                } else if t <= voice.slot.end {
                    amount = 1
                } else {
                    let x = (t - voice.slot.end) / settings.duckRelease
                    amount = settings.duckShape == .linear ? 1 - x : 0.5 + 0.5 * cos(.pi * x)
                }
                let gain = Float(1 - (1 - depth) * amount)
                envelope[frame - start] = min(envelope[frame - start], gain)
            }
        }
        return envelope
    }

    private func mix(
        _ track: MixTrack, position: Int, into block: inout [Float], from start: Int, duck: [Float],
        sources: inout [Int: TrackSource]
    ) throws {
        let rate = Double(settings.sampleRate)
        let first = Int((track.slot.start * rate).rounded())
        let last = Int((track.slot.end * rate).rounded())
        let from = max(first, start)
        let to = min(last, start + block.count / 2)
        guard from < to else {
            if start >= last { sources[position] = nil }
            return
        }
        let source: TrackSource
        if let open = sources[position] {
            source = open
        } else {
            source = try TrackSource(url: track.url, outputRate: settings.sampleRate)
            sources[position] = source
        }
        let frames = try source.read(frames: to - from)
        let gain = pow(10, track.gainDB / 20)
        let fadeIn = track.slot.fadeIn * rate
        let fadeOut = track.slot.fadeOut * rate
        let length = Double(last - first)
        block.withUnsafeMutableBufferPointer { out in
            frames.withUnsafeBufferPointer { input in
                for i in 0..<(input.count / 2) {
                    let local = Double(from + i - first)
                    var envelope = gain
                    if local < fadeIn { envelope *= sin(.pi / 2 * local / fadeIn) }
                    if local > length - fadeOut { envelope *= cos(.pi / 2 * (local - (length - fadeOut)) / fadeOut) }
                    let g = Float(envelope) * duck[from + i - start]
                    let o = 2 * (from + i - start)
                    out[o] += input[2 * i] * g
                    out[o + 1] += input[2 * i + 1] * g
                }
            }
        }
    }

    /// Adds the part of `voice` that falls in the block; returns the block's frames it covers (nil for none).
    @discardableResult
    private func add(_ voice: MixVoice, into block: inout [Float], from start: Int) -> Range<Int>? {
        let first = Int((voice.slot.start * Double(settings.sampleRate)).rounded())
        let frames = voice.audio.frameCount
        let from = max(first, start)
        let to = min(first + frames, start + block.count / 2)
        guard from < to else { return nil }
        block.withUnsafeMutableBufferPointer { out in
            voice.audio.samples.withUnsafeBufferPointer { input in
                for frame in from..<to {
                    let o = 2 * (frame - start)
                    let i = 2 * (frame - first)
                    out[o] += input[i]
                    out[o + 1] += input[i + 1]
                }
            }
        }
        return (from - start)..<(to - start)
    }
}
