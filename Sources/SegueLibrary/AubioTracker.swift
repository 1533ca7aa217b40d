import CAubio

/// Beats, onsets and magnitude spectra of a mono stream, with aubio's building blocks.
///
/// Beats follow `aubio_tempo_do` and onsets `aubio_onset_do` (aubio 0.4.9), rebuilt on one shared spectrum per step:
/// both of aubio's objects would each run a phase vocoder and compute the phase of every bin (an `atan2f` each),
/// which neither spectral flux (for beats) nor the modified Kullback–Leibler divergence (for onsets) reads, and
/// which cost more than a third of an analysis. The corresponding C functions are `aubio_fft_do_complex` and
/// `aubio_fft_get_norm` (magnitudes without phases), `aubio_specdesc_do`, `aubio_peakpicker_do`,
/// `aubio_beattracking_do`, `aubio_spectral_whitening_do`, `cvec_logmag` and `aubio_silence_detection`. aubio
/// serialises its FFTW planning, so trackers on many threads are safe.
final class AubioTracker {
    /// Samples per step.
    let hop: Int
    /// Samples each beat and onset spectrum reads.
    let window: Int
    /// FFT size of the key spectra; each has `spectrumSize / 2 + 1` magnitudes.
    let spectrumSize: Int
    /// Samples between key spectra; a multiple of `hop`.
    let spectrumHop: Int
    let sampleRate: Int
    /// Beat times in seconds.
    private(set) var beats: [Double] = []
    /// Onset times in seconds.
    private(set) var onsets: [Double] = []

    /// What aubio owns, freed once by `deinit`.
    private struct Handles {
        var fft: OpaquePointer, keyFFT: OpaquePointer
        var flux: OpaquePointer, tempoPicker: OpaquePointer, beatTracker: OpaquePointer
        var whitening: OpaquePointer, divergence: OpaquePointer, onsetPicker: OpaquePointer
        var vectors: [UnsafeMutablePointer<fvec_t>]
        var spectra: [UnsafeMutablePointer<cvec_t>]
    }

    private let handles: Handles
    // Vectors (all in `handles.vectors`).
    private let input, hann, frame, complex, value, picked, history, beatOut: UnsafeMutablePointer<fvec_t>
    private let keyWindow, keyFrame, keyComplex: UnsafeMutablePointer<fvec_t>
    // Spectra (all in `handles.spectra`).
    private let magnitudes, whitened, keyMagnitudes: UnsafeMutablePointer<cvec_t>

    /// The last `window` samples, oldest first, and the last `spectrumSize` in a ring from `recentStart`.
    private var sliding: [Float]
    private var recent: [Float]
    private var recentStart = 0
    private var steps = 0

    // aubio_tempo's state: observations (about 6 s) analysed every quarter, and where the current step sits.
    private let historyLength: Int
    private let historyStep: Int
    private var blockPosition = 0
    // aubio_onset's state.
    private let onsetDelay: Int
    private let minimumInterval: Int
    private var lastOnset = 0

    /// Trackers for `sampleRate`: beats and onsets on `window`-sample spectra every `hop` samples, key spectra of
    /// `spectrumSize` every `spectrumHop`. nil when aubio cannot create them.
    init?(sampleRate: Int, window: Int, hop: Int, spectrumSize: Int, spectrumHop: Int) {
        (self.sampleRate, self.window, self.hop) = (sampleRate, window, hop)
        (self.spectrumSize, self.spectrumHop) = (spectrumSize, spectrumHop)
        sliding = [Float](repeating: 0, count: window)
        recent = [Float](repeating: 0, count: spectrumSize)
        let rate = UInt32(sampleRate)
        // As `new_aubio_tempo`: about 5.8 s of observations, a power of two, analysed every quarter of it.
        historyLength = max(4, Int(aubio_next_power_of_two(UInt32(5.8 * Double(sampleRate) / Double(hop)))))
        historyStep = historyLength / 4
        // As `aubio_onset_set_default_parameters` for "mkl": reported 4.3 steps early, 50 ms apart at least.
        onsetDelay = Int(4.3 * Double(hop))
        minimumInterval = sampleRate / 20
        let hannName = "hanningz"
        let vectors = [
            new_fvec(UInt32(hop)),
            hannName.withCString { new_aubio_window(UnsafeMutablePointer(mutating: $0), UInt32(window)) },
            new_fvec(UInt32(window)), new_fvec(UInt32(window)), new_fvec(1), new_fvec(1),
            new_fvec(UInt32(historyLength)), new_fvec(UInt32(historyStep)),
            hannName.withCString { new_aubio_window(UnsafeMutablePointer(mutating: $0), UInt32(spectrumSize)) },
            new_fvec(UInt32(spectrumSize)), new_fvec(UInt32(spectrumSize)),
        ]
        let spectra = [new_cvec(UInt32(window)), new_cvec(UInt32(window)), new_cvec(UInt32(spectrumSize))]
        let fft = new_aubio_fft(UInt32(window))
        let keyFFT = new_aubio_fft(UInt32(spectrumSize))
        let flux = "specflux".withCString { new_aubio_specdesc($0, UInt32(window)) }
        let divergence = "mkl".withCString { new_aubio_specdesc($0, UInt32(window)) }
        let tempoPicker = new_aubio_peakpicker()
        let onsetPicker = new_aubio_peakpicker()
        let beatTracker = new_aubio_beattracking(UInt32(historyLength), UInt32(hop), rate)
        let whitening = new_aubio_spectral_whitening(UInt32(window), UInt32(hop), rate)
        let made = vectors.compactMap { $0 }
        let madeSpectra = spectra.compactMap { $0 }
        guard made.count == vectors.count, madeSpectra.count == spectra.count, let fft, let keyFFT, let flux,
            let divergence, let tempoPicker, let onsetPicker, let beatTracker, let whitening
        else {
            made.forEach { del_fvec($0) }
            madeSpectra.forEach { del_cvec($0) }
            if let fft { del_aubio_fft(fft) }
            if let keyFFT { del_aubio_fft(keyFFT) }
            if let flux { del_aubio_specdesc(flux) }
            if let divergence { del_aubio_specdesc(divergence) }
            if let tempoPicker { del_aubio_peakpicker(tempoPicker) }
            if let onsetPicker { del_aubio_peakpicker(onsetPicker) }
            if let beatTracker { del_aubio_beattracking(beatTracker) }
            if let whitening { del_aubio_spectral_whitening(whitening) }
            return nil
        }
        handles = Handles(
            fft: fft, keyFFT: keyFFT, flux: flux, tempoPicker: tempoPicker, beatTracker: beatTracker,
            whitening: whitening, divergence: divergence, onsetPicker: onsetPicker, vectors: made,
            spectra: madeSpectra)
        (input, hann, frame, complex, value, picked, history, beatOut) =
            (made[0], made[1], made[2], made[3], made[4], made[5], made[6], made[7])
        (keyWindow, keyFrame, keyComplex) = (made[8], made[9], made[10])
        (magnitudes, whitened, keyMagnitudes) = (madeSpectra[0], madeSpectra[1], madeSpectra[2])
        // aubio_tempo's and aubio_onset's thresholds (the latter for "mkl").
        aubio_peakpicker_set_threshold(tempoPicker, 0.3)
        aubio_peakpicker_set_threshold(onsetPicker, 0.05)
    }

    deinit {
        handles.vectors.forEach { del_fvec($0) }
        handles.spectra.forEach { del_cvec($0) }
        del_aubio_fft(handles.fft)
        del_aubio_fft(handles.keyFFT)
        del_aubio_specdesc(handles.flux)
        del_aubio_specdesc(handles.divergence)
        del_aubio_peakpicker(handles.tempoPicker)
        del_aubio_peakpicker(handles.onsetPicker)
        del_aubio_beattracking(handles.beatTracker)
        del_aubio_spectral_whitening(handles.whitening)
    }

    /// Tracks one step of exactly `hop` samples; every `spectrumHop` samples, hands `spectrum` the magnitudes of the
    /// last `spectrumSize` samples.
    func track(_ samples: UnsafeBufferPointer<Float>, spectrum: (UnsafeBufferPointer<Float>) -> Void) {
        guard samples.count == hop, let source = samples.baseAddress else { return }
        input.pointee.data.update(from: source, count: hop)
        sliding.withUnsafeMutableBufferPointer { sliding in
            guard let base = sliding.baseAddress else { return }
            base.update(from: base + hop, count: window - hop)
            (base + window - hop).update(from: source, count: hop)
            frame.pointee.data.update(from: base, count: window)
        }
        fvec_weight(frame, hann)
        aubio_fft_do_complex(handles.fft, frame, complex)
        aubio_fft_get_norm(complex, magnitudes)
        let frameStart = steps * hop
        trackBeats(at: frameStart)
        trackOnsets(at: frameStart)
        addToRecent(source)
        steps += 1
        if (steps * hop) % spectrumHop == 0 {
            recent.withUnsafeBufferPointer { recent in
                guard let base = recent.baseAddress else { return }
                let older = spectrumSize - recentStart
                keyFrame.pointee.data.update(from: base + recentStart, count: older)
                keyFrame.pointee.data.advanced(by: older).update(from: base, count: recentStart)
            }
            fvec_weight(keyFrame, keyWindow)
            aubio_fft_do_complex(handles.keyFFT, keyFrame, keyComplex)
            aubio_fft_get_norm(keyComplex, keyMagnitudes)
            spectrum(UnsafeBufferPointer(start: keyMagnitudes.pointee.norm, count: Int(keyMagnitudes.pointee.length)))
        }
    }

    /// `aubio_tempo_do` after its phase vocoder: spectral flux, peak-picked into the observation window, which the
    /// beat tracker reads every quarter window to predict the beats of the next quarter.
    private func trackBeats(at frameStart: Int) {
        aubio_specdesc_do(handles.flux, magnitudes, value)
        if blockPosition == historyStep - 1 {
            aubio_beattracking_do(handles.beatTracker, history, beatOut)
            if let data = history.pointee.data {
                data.update(from: data + historyStep, count: historyLength - historyStep)
                (data + historyLength - historyStep).update(repeating: 0, count: historyStep)
            }
            blockPosition = -1
        }
        blockPosition += 1
        aubio_peakpicker_do(handles.tempoPicker, value, picked)
        if let thresholded = aubio_peakpicker_get_thresholded_input(handles.tempoPicker) {
            history.pointee.data[historyLength - historyStep + blockPosition] = thresholded.pointee.data[0]
        }
        let predicted = Int(beatOut.pointee.data[0])
        guard predicted > 1 else { return }
        for index in 1..<min(predicted, historyStep) {
            let position = beatOut.pointee.data[index]
            guard blockPosition == Int(position.rounded(.down)) else { continue }
            let fraction = position - position.rounded(.down)
            // aubio reports no beat at a fraction of exactly 0, nor in silence (below -90 dB).
            guard fraction != 0, aubio_silence_detection(input, -90) == 0 else { continue }
            let sample = frameStart + Int((Double(fraction) * Double(hop)).rounded())
            beats.append(Double(sample) / Double(sampleRate))
        }
    }

    /// `aubio_onset_do` after its phase vocoder, for "mkl": whitened, log-compressed magnitudes, their modified
    /// Kullback–Leibler divergence peak-picked; onsets in silence (below -70 dB) or within 50 ms of the last dropped.
    private func trackOnsets(at frameStart: Int) {
        let bins = Int(magnitudes.pointee.length)
        whitened.pointee.norm.update(from: magnitudes.pointee.norm, count: bins)
        aubio_spectral_whitening_do(handles.whitening, whitened)
        cvec_logmag(whitened, 0.02)
        aubio_specdesc_do(handles.divergence, whitened, value)
        aubio_peakpicker_do(handles.onsetPicker, value, picked)
        let found = Double(picked.pointee.data[0])
        let silent = { aubio_silence_detection(self.input, -70) == 1 }
        if found > 0 {
            let onset = frameStart + Int((found * Double(hop)).rounded())
            guard !silent(), lastOnset + minimumInterval < onset, !(lastOnset > 0 && onsetDelay > onset) else { return }
            lastOnset = max(onsetDelay, onset)
        } else if frameStart <= onsetDelay, !silent(), frameStart == 0 || lastOnset + minimumInterval < frameStart {
            // Sound from the very start is an onset there.
            lastOnset = frameStart + onsetDelay
        } else {
            return
        }
        onsets.append(Double(lastOnset - onsetDelay) / Double(sampleRate))
    }

    private func addToRecent(_ source: UnsafePointer<Float>) {
        recent.withUnsafeMutableBufferPointer { recent in
            recent.baseAddress?.advanced(by: recentStart).update(from: source, count: hop)
        }
        recentStart = (recentStart + hop) % spectrumSize
    }
}
