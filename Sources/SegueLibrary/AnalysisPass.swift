import Foundation
import SegueAudio
import SegueCore

/// One pass over decoded audio that feeds every analyser from the same blocks. At the native rate: integrated
/// loudness and loudness range (libebur128), true peak (`TruePeakMeter`) and 10 ms block levels (silence). From a
/// mono mixdown resampled to 11025 Hz: the short-term loudness curve (the intro), beats, onsets and spectra (tempo,
/// energy, key: `AubioTracker`, `KeyDetector`) and the Chromaprint fingerprint.
final class AnalysisPass {
    let sampleRate: Int
    let channels: Int
    let path: String
    let tempoRange: Range<Double>
    /// Frames added so far, at the native rate.
    private(set) var frames = 0

    private let meter: LoudnessMeter
    private var truePeakMeter: TruePeakMeter
    private let resampler: Resampler?
    private let introMeter: LoudnessMeter
    private let tracker: AubioTracker
    private let fingerprinter: Fingerprinter
    private var keyDetector: KeyDetector

    /// Mean square of every 10 ms block over all channels, and the block being summed.
    private var blockLevels: [Float] = []
    private let blockFrames: Int
    private var blockSum: Float = 0
    private var blockFill = 0

    /// Mono samples at `monoRate` not yet handed to the tracker (less than one hop).
    private var pending: [Float] = []
    private var monoSamples = 0
    /// Short-term loudness of the mono mixdown every `introStep` samples: (end time in seconds, LUFS).
    private var shortTerm: [(time: Double, loudness: Double)] = []
    private var introFill = 0

    static let monoRate = Fingerprinter.sampleRate
    /// 512-sample spectra every 128 samples at 11025 Hz (46 ms windows, 86 a second) for beats and onsets.
    static let tempoWindow = 512
    static let tempoHop = 128
    /// 8192-point spectra (1.3 Hz bins, so the bass notes of a chord fall in distinct bins), overlapping by half.
    static let spectrumSize = 8192
    static let spectrumHop = 4096
    /// A short-term loudness reading every 400 ms (the crossing between two readings is interpolated).
    static let introStep = 4_410

    init(sampleRate: Int, channels: Int, path: String, tempoRange: Range<Double>) throws(LibraryError) {
        self.tempoRange = tempoRange
        self.sampleRate = sampleRate
        self.channels = channels
        self.path = path
        blockFrames = max(1, sampleRate / 100)
        truePeakMeter = TruePeakMeter(channels: channels)
        do {
            meter = try LoudnessMeter(sampleRate: sampleRate, channels: channels, measures: [.loudnessRange])
            introMeter = try LoudnessMeter(sampleRate: Self.monoRate, channels: 1, measures: [.shortTerm])
            resampler =
                sampleRate == Self.monoRate ? nil : try Resampler(from: sampleRate, to: Self.monoRate, channels: 1)
        } catch {
            throw LibraryError(.analysisFailed, path: path, message: "cannot measure this audio (\(error.message))")
        }
        guard
            let tracker = AubioTracker(
                sampleRate: Self.monoRate, window: Self.tempoWindow, hop: Self.tempoHop,
                spectrumSize: Self.spectrumSize, spectrumHop: Self.spectrumHop)
        else {
            throw LibraryError(.analysisFailed, path: path, message: "aubio cannot create its tempo and onset trackers")
        }
        guard let fingerprinter = Fingerprinter() else {
            throw LibraryError(.analysisFailed, path: path, message: "Chromaprint cannot start a fingerprint")
        }
        self.tracker = tracker
        self.fingerprinter = fingerprinter
        keyDetector = KeyDetector(sampleRate: Self.monoRate, size: Self.spectrumSize)
    }

    /// Adds interleaved frames at the native rate.
    func add(_ samples: [Float]) throws(LibraryError) {
        let count = samples.count / channels
        guard count > 0 else { return }
        frames += count
        var mono = [Float](repeating: 0, count: count)
        let channels = channels
        let scale = 1 / Float(channels)
        samples.withUnsafeBufferPointer { input in
            mono.withUnsafeMutableBufferPointer { mono in
                // Block by block, so the inner loop has no branch.
                var frame = 0
                while frame < count {
                    let end = min(count, frame + blockFrames - blockFill)
                    var squares: Float = 0
                    if channels == 2 {
                        for index in frame..<end {
                            let (left, right) = (input[2 * index], input[2 * index + 1])
                            mono[index] = (left + right) * 0.5
                            squares += left * left + right * right
                        }
                    } else {
                        for index in frame..<end {
                            var sum: Float = 0
                            for channel in 0..<channels {
                                let value = input[index * channels + channel]
                                sum += value
                                squares += value * value
                            }
                            mono[index] = sum * scale
                        }
                    }
                    blockSum += squares
                    blockFill += end - frame
                    frame = end
                    if blockFill == blockFrames {
                        blockLevels.append(blockSum / Float(blockFrames * channels))
                        blockSum = 0
                        blockFill = 0
                    }
                }
            }
        }
        do {
            try samples.withUnsafeBufferPointer { (input) throws(SoundFileError) in
                try meter.add(input)
                truePeakMeter.add(input)
            }
            try addMono(resampler?.process(mono) ?? mono)
        } catch {
            throw LibraryError(.analysisFailed, path: path, message: "cannot measure this audio (\(error.message))")
        }
    }

    /// Hands mono samples at 11025 Hz to the short-term meter, the tracker and the fingerprinter.
    private func addMono(_ samples: [Float]) throws(SoundFileError) {
        guard !samples.isEmpty else { return }
        monoSamples += samples.count
        try samples.withUnsafeBufferPointer { (input) throws(SoundFileError) in
            fingerprinter.feed(input)
            var offset = 0
            while offset < input.count {
                let take = min(Self.introStep - introFill, input.count - offset)
                try introMeter.add(UnsafeBufferPointer(rebasing: input[offset..<(offset + take)]))
                introFill += take
                offset += take
                if introFill == Self.introStep {
                    introFill = 0
                    let time = Double(monoSamples - input.count + offset) / Double(Self.monoRate)
                    shortTerm.append((time, introMeter.shortTermLoudness))
                }
            }
        }
        pending += samples
        let hop = Self.tempoHop
        let whole = pending.count / hop * hop
        pending.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < whole {
                tracker.track(UnsafeBufferPointer(rebasing: buffer[start..<(start + hop)])) { keyDetector.add($0) }
                start += hop
            }
        }
        pending.removeFirst(whole)
    }

    /// Everything measured, once all audio has been added.
    /// - Throws: `LibraryError.silent` when nothing is louder than the loudness gate.
    func finish() throws(LibraryError) -> AudioFeatures {
        do {
            if let resampler { try addMono(try resampler.flush()) }
        } catch {
            throw LibraryError(.analysisFailed, path: path, message: "cannot measure this audio (\(error.message))")
        }
        if blockFill > 0 { blockLevels.append(blockSum / Float(blockFill * channels)) }
        let duration = Double(frames) / Double(sampleRate)
        let loudness = meter.integratedLoudness
        guard loudness.isFinite, loudness > -70 else {
            throw LibraryError(.silent, path: path, message: "silent (no sound above -70 LUFS)")
        }
        let (leading, trailing) = silences(loudness: loudness, duration: duration)
        let key = keyDetector.estimate()
        // Onsets per second of sound: silence around the music does not make it calmer.
        let onsetsPerSecond = Double(tracker.onsets.count) / max(1, duration - leading - trailing)
        return AudioFeatures(
            duration: duration, loudness: loudness, loudnessRange: meter.loudnessRange,
            truePeak: 20 * log10(max(Double(truePeakMeter.peak), 1e-10)), bpm: tempo(),
            key: key?.camelot, keyConfidence: key?.confidence ?? 0,
            energy: AudioAnalyzer.energy(loudness: loudness, onsetsPerSecond: onsetsPerSecond),
            leadingSilence: leading, trailingSilence: trailing,
            introLength: min(max(intro(), leading), max(leading, duration - trailing)),
            fingerprint: AudioFingerprint(duration: duration, values: fingerprinter.finish()))
    }

    /// Leading and trailing silence: 10 ms blocks whose mean square is more than 42 dB under the integrated loudness,
    /// or under −60 dBFS whatever the loudness.
    private func silences(loudness: Double, duration: Double) -> (leading: Double, trailing: Double) {
        let threshold = Float(pow(10, max(loudness - 42, -60) / 10))
        let blockSeconds = Double(blockFrames) / Double(sampleRate)
        guard let first = blockLevels.firstIndex(where: { $0 >= threshold }),
            let last = blockLevels.lastIndex(where: { $0 >= threshold })
        else { return (duration, 0) }
        return (min(duration, Double(first) * blockSeconds), max(0, duration - Double(last + 1) * blockSeconds))
    }

    /// A 3 s window that steps from quiet to a level takes 3 × 10^(−1/10) ≈ 2.4 s to read within 1 LU of it.
    static let shortTermLag = 3 * pow(10, -0.1)

    /// Where the short-term loudness first reaches the running level (the integrated loudness of the same mono
    /// signal, less 1 LU), less the window's lag: for a quiet intro that steps up, where the step is.
    private func intro() -> Double {
        let target = introMeter.integratedLoudness - 1
        guard target.isFinite, let index = shortTerm.firstIndex(where: { $0.loudness >= target }) else { return 0 }
        var time = shortTerm[index].time
        // Between readings the loudness is taken to rise linearly, from a reading that may be silence (−∞).
        if index > 0 {
            let before = shortTerm[index - 1]
            let from = max(before.loudness, target - 20)
            let share = (target - from) / max(1e-9, shortTerm[index].loudness - from)
            time = before.time + share * (time - before.time)
        }
        return max(0, time - Self.shortTermLag)
    }

    /// Tempo from aubio's beats, folded into `tempoRange`; nil when the beats are not a beat heard in the music.
    ///
    /// aubio's tracker always predicts beats, so a beat counts only when most predicted beats fall on an onset
    /// (within 70 ms). Its period is a whole number of 11.6 ms frames, corrected by an occasional longer interval,
    /// so the tempo is the mean of the single-beat intervals (within 0.75–1.5 of the median), not the median.
    private func tempo() -> Double? {
        // The tracker settles on a tempo over its first window (about 6 s); its first guesses are left out.
        let beats = tracker.beats.filter { $0 >= 2 }
        guard beats.count >= 6 else { return nil }
        let onsets = tracker.onsets
        var cursor = 0
        var onBeat = 0
        for beat in beats {
            while cursor < onsets.count, onsets[cursor] < beat - 0.07 { cursor += 1 }
            if cursor < onsets.count, onsets[cursor] <= beat + 0.07 { onBeat += 1 }
        }
        guard Double(onBeat) >= 0.5 * Double(beats.count) else { return nil }
        let intervals = zip(beats.dropFirst(), beats).map { $0 - $1 }
        let median = intervals.sorted()[intervals.count / 2]
        let single = intervals.filter { $0 >= 0.75 * median && $0 <= 1.5 * median }
        guard !single.isEmpty, median > 0 else { return nil }
        return AudioAnalyzer.fold(60 * Double(single.count) / single.reduce(0, +), into: tempoRange)
    }
}
