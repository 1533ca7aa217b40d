import Foundation
import SegueAudio
import SegueCore
import SegueTestSupport
import Testing

@Suite struct AudioIOTests {
    @Test func aMinuteOfStereoOggVorbisWrittenInOneCallComesBackWhole() throws {
        // libvorbis copies a whole write onto the stack: one 70 s stereo write used to overflow it.
        let url = try Fixtures.temporaryFolder().appendingPathComponent("long.ogg")
        let rate = 44_100
        let frames = 70 * rate
        var samples = [Float](repeating: 0, count: frames * 2)
        for frame in 0..<frames {
            let value = Float(0.3 * sin(2 * Double.pi * 330 * Double(frame) / Double(rate)))
            samples[2 * frame] = value
            samples[2 * frame + 1] = value
        }
        let writer = try AudioFileWriter(url: url, sampleRate: rate, channels: 2, encoding: .oggVorbis)
        try writer.write(samples)
        try writer.close()
        let back = try AudioFileReader(url: url).readAll()
        #expect(abs(Double(back.frameCount) / Double(back.sampleRate) - 70) < 0.05)
        #expect(SignalMeasure.rmsDBFS(back, from: 60, to: 69) > -15)
    }

    @Test func aMonoFileAtAnotherRateStreamsAsStereoAtTheMixRateWithItsLevelKept() throws {
        let folder = try Fixtures.temporaryFolder()
        let url = folder.appendingPathComponent("tone48k.wav")
        try Fixtures.writeTone(to: url, seconds: 3, frequency: 440, amplitude: 0.25, sampleRate: 48_000, channels: 1)
        let analysis = try TrackSource.analyse(url: url, outputRate: 44_100)
        #expect(abs(analysis.duration - 3) < 0.005)
        let source = try TrackSource(url: url, outputRate: 44_100)
        var samples: [Float] = []
        while case let block = try source.read(frames: 10_000), !block.isEmpty { samples += block }
        let buffer = AudioBuffer(sampleRate: 44_100, channels: 2, samples: samples)
        #expect(abs(buffer.frameCount - 132_300) <= 2)
        // A sine of amplitude 0.25 has an RMS of 0.25/√2: −15.05 dBFS.
        #expect(abs(SignalMeasure.rmsDBFS(buffer, from: 0.5, to: 2.5) - -15.05) < 0.1)
        // Both channels carry the mono signal.
        #expect(samples[20_000] == samples[20_001])
    }

    /// libsndfile decodes every format a catalog may hold; each round trip keeps length and level.
    @Test(arguments: [AudioFileWriter.Encoding.pcm16, .flac, .oggVorbis, .opus, .mp3])
    func everyCatalogFormatDecodes(encoding: AudioFileWriter.Encoding) throws {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("tone.\(encoding)")
        let rate = 48_000
        var samples = [Float](repeating: 0, count: rate * 3 * 2)
        for frame in 0..<(rate * 3) {
            let value = Float(0.25 * sin(2 * Double.pi * 440 * Double(frame) / Double(rate)))
            samples[2 * frame] = value
            samples[2 * frame + 1] = value
        }
        let writer = try AudioFileWriter(url: url, sampleRate: rate, channels: 2, encoding: encoding)
        try writer.write(samples)
        try writer.close()
        let analysis = try TrackSource.analyse(url: url, outputRate: 44_100)
        // Lossy codecs add a little padding; the length stays within 60 ms.
        #expect(abs(analysis.duration - 3) < 0.06, "\(encoding): \(analysis.duration) s")
        // A −15 dBFS-RMS 440 Hz tone in both channels reads about −12 LUFS.
        #expect(abs(analysis.loudness - -12.3) < 1, "\(encoding): \(analysis.loudness) LUFS")
    }

    @Test func resamplingKeepsPitch() throws {
        let rate = 22_050
        let input = AudioBuffer(
            sampleRate: rate, channels: 1,
            samples: (0..<(rate * 2)).map {
                Float(0.5 * sin(2 * Double.pi * 1000 * Double($0) / Double(rate)))
            })
        let output = try Resampler.resample(input, to: 44_100)
        #expect(abs(output.frameCount - 88_200) <= 2)
        // Count rising zero crossings in the middle second: a 1 kHz tone has 1000.
        let middle = Array(output.samples[22_050..<66_150])
        let crossings = zip(middle, middle.dropFirst()).filter { $0 < 0 && $1 >= 0 }.count
        #expect(abs(crossings - 1000) <= 1)
    }

    @Test func loudnessOfAFullScaleReferenceToneMatchesTheStandard() throws {
        // EBU Tech 3341: a 1 kHz sine at −20 dBFS in both channels reads −20 LUFS (±0.1).
        let rate = 48_000
        let amplitude = pow(10, -20.0 / 20)
        var samples = [Float](repeating: 0, count: rate * 10 * 2)
        for frame in 0..<(rate * 10) {
            let value = Float(amplitude * sin(2 * Double.pi * 1000 * Double(frame) / Double(rate)))
            samples[2 * frame] = value
            samples[2 * frame + 1] = value
        }
        let measured = try LoudnessMeter.measure(AudioBuffer(sampleRate: rate, channels: 2, samples: samples))
        #expect(abs(measured.loudness - -20) < 0.1)
        #expect(abs(measured.peak - amplitude) < 0.001)
    }

    @Test func aCorruptFileIsAClearErrorNamingIt() throws {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("t07.ogg")
        try Data("OggS but not really a vorbis stream".utf8).write(to: url)
        let error = try #require(throws: SoundFileError.self) { try AudioFileReader(url: url) }
        #expect(error.code == .unsupportedFormat)
        #expect(error.description.hasPrefix(url.path + ": not a readable audio file"))
        let missing = try #require(throws: SoundFileError.self) {
            try AudioFileReader(url: URL(fileURLWithPath: "/nonexistent/a.ogg"))
        }
        #expect(missing.description == "/nonexistent/a.ogg: audio file not found")
    }

    @Test func theShippedOggExcerptsDecode() throws {
        let catalog = try Catalog.load(from: Fixtures.catalogURL)
        let track = try #require(catalog.tracks.first { $0.audio != nil })
        let url = try #require(catalog.audioURL(for: track))
        let analysis = try TrackSource.analyse(url: url, outputRate: 44_100)
        #expect(abs(analysis.duration - track.duration) < 0.1)
        #expect(analysis.loudness > -40 && analysis.loudness < -3)
    }

    @Test func writtenWavFilesClipInsteadOfWrapping() throws {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("clip.wav")
        let writer = try AudioFileWriter(url: url, sampleRate: 8000, channels: 1)
        try writer.write([1.5, -1.5, 0.5])
        try writer.close()
        let back = try AudioFileReader(url: url).readAll()
        #expect(back.samples[0] > 0.99)
        #expect(back.samples[1] < -0.99)
        #expect(abs(back.samples[2] - 0.5) < 0.001)
    }
}

@Suite struct PeakLimiterTests {
    @Test func nothingPassesTheCeilingAndQuietAudioIsUntouched() {
        var limiter = PeakLimiter(ceiling: 0.89, sampleRate: 44_100)
        var input = [Float](repeating: 0, count: 44_100 * 2)
        for frame in 0..<44_100 {
            let loud = frame > 10_000 && frame < 12_000
            let value = Float(sin(Double(frame) * 0.05)) * (loud ? 2.0 : 0.3)
            input[2 * frame] = value
            input[2 * frame + 1] = -value
        }
        let output = limiter.process(input) + limiter.flush()
        let latency = limiter.latency
        #expect(output.count == input.count + latency * 2)
        let peak: Float = output.reduce(0) { max($0, abs($1)) }
        #expect(peak <= 0.89 + 1e-6)
        // Well before the loud part the signal passes unchanged, delayed by the latency.
        for frame in 1000..<5000 {
            #expect(abs(output[2 * (frame + latency)] - input[2 * frame]) < 1e-6)
        }
        // And it recovers after it: about 0.6 s (four release time constants) later.
        var after: Float = 0
        for frame in 40_000..<41_000 { after = max(after, abs(output[2 * (frame + latency)] - input[2 * frame])) }
        #expect(after < 0.01)
    }

    /// Material built to overshoot: a quarter-rate sine whose samples sit at ±0.85 while its waveform peaks at 1.2
    /// between them. A sample-peak limiter lets it through; a true-peak one holds −1 dBTP as libebur128 measures it.
    @Test func interSamplePeaksAreHeldAtTheCeiling() throws {
        let ceiling = Float(pow(10, -1.0 / 20))
        var input = [Float](repeating: 0, count: 44_100 * 2 * 2)
        for frame in 0..<(input.count / 2) {
            let wave = 1.2 * Float(sin(Double.pi / 2 * Double(frame) + Double.pi / 4))
            let noise = Float(sin(Double(frame) * 0.013)) * 0.02
            input[2 * frame] = wave + noise
            input[2 * frame + 1] = wave - noise
        }
        func truePeakDB(_ samples: [Float]) throws -> Double {
            let meter = try LoudnessMeter(sampleRate: 44_100, channels: 2, measures: .truePeak)
            try meter.add(samples)
            return 20 * log10(meter.truePeak)
        }
        #expect(input.map(abs).max() ?? 1 < ceiling)  // no sample over the ceiling...
        #expect(try truePeakDB(input) > 1.0)  // ...but the waveform is over full scale
        var limiter = PeakLimiter(ceiling: ceiling, sampleRate: 44_100)
        let output = limiter.process(input) + limiter.flush()
        #expect(try truePeakDB(output) <= -1.0)
        // It only turns the level down as far as the peaks need: the steady part sits close under the ceiling.
        #expect(try truePeakDB(Array(output[44_100..<88_200])) > -1.6)
    }

    /// The limiter works eight frames at a time where it can and frame by frame at a block's ragged end: fed in one
    /// block or in blocks of every odd size, loud and quiet, it writes the same samples.
    @Test func blockSizesDoNotChangeTheOutput() {
        var input = [Float](repeating: 0, count: 20_000 * 2)
        for frame in 0..<20_000 {
            let swell = Float(0.2 + 1.6 * sin(Double(frame) / 3000))
            input[2 * frame] = swell * Float(sin(Double(frame) * 0.31))
            input[2 * frame + 1] = swell * Float(cos(Double(frame) * 0.17))
        }
        var whole = PeakLimiter(ceiling: 0.8, sampleRate: 44_100)
        let expected = whole.process(input) + whole.flush()
        var pieces = PeakLimiter(ceiling: 0.8, sampleRate: 44_100)
        var output: [Float] = []
        var start = 0, size = 1
        while start < 20_000 {
            let end = min(start + size, 20_000)
            output += pieces.process(Array(input[(2 * start)..<(2 * end)]))
            start = end
            size = size * 3 % 1021 + 2
        }
        output += pieces.flush()
        #expect(output == expected)
        #expect((expected.map(abs).max() ?? 0) <= 0.8 + 1e-6)
    }
}
