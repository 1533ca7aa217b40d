import Foundation
import SegueAudio
import SegueCore
import SegueLibrary
import SegueTestSupport
import Testing

@Suite struct AudioAnalyzerTests {
    static let eMinor = SyntheticMusic.Key(tonic: 4, isMinor: true)

    /// Dance music at 124 BPM in E minor (9A), with silence around it, written in `format` and analysed from the file.
    @Test(arguments: [MusicFileFormat.wav, .flac, .oggVorbis, .opus, .mp3])
    func everyFieldIsMeasuredFromEveryDecodableFormat(format: MusicFileFormat) throws {
        var music = SyntheticMusic.dance(bpm: 124, key: Self.eMinor, seconds: 12)
        (music.leadingSilence, music.trailingSilence) = (1, 1.5)
        let url = try Fixtures.temporaryFolder().appendingPathComponent("dance.\(format.fileExtension)")
        try music.write(to: url, encoding: format.encoding)
        let features = try AudioAnalyzer().analyse(url)
        // Lossy codecs pad a few milliseconds.
        #expect(abs(features.duration - 14.5) < 0.06, "\(format): \(features.duration) s")
        let bpm = try #require(features.bpm, "\(format): no tempo")
        #expect(abs(bpm - 124) / 124 < 0.02, "\(format): \(bpm) BPM")
        #expect(features.key == Self.eMinor.camelot, "\(format): \(String(describing: features.key))")
        #expect(features.keyConfidence > 0.6)
        #expect(abs(features.leadingSilence - 1) < 0.05, "\(format): leading \(features.leadingSilence) s")
        #expect(abs(features.trailingSilence - 1.5) < 0.05, "\(format): trailing \(features.trailingSilence) s")
        // The music starts at full level, so the intro is the leading silence.
        #expect(abs(features.introLength - 1) < 0.5, "\(format): intro \(features.introLength) s")
        #expect((-14 ... -6).contains(features.loudness), "\(format): \(features.loudness) LUFS")
        #expect(features.truePeak > -2 && features.truePeak < 1.5, "\(format): \(features.truePeak) dBTP")
        #expect(features.energy > 0.7, "\(format): energy \(features.energy)")
        #expect(features.fingerprint.values.count > 50)
    }

    @Test(arguments: [85.0, 100, 120, 128, 140, 150])
    func tempoIsWithinTwoPercentWithoutOctaveErrors(bpm: Double) throws {
        let features = try AudioAnalyzer().analyse(
            SyntheticMusic.dance(bpm: bpm, key: .init(tonic: Int(bpm) % 12, isMinor: false), seconds: 12).render())
        let measured = try #require(features.bpm)
        // A tempo off by an octave (half or double) is off by 50 % or 100 %: a failure like any other.
        #expect(abs(measured - bpm) / bpm < 0.02, "\(bpm) BPM read as \(measured)")
    }

    @Test func musicWithoutABeatHasNoTempo() throws {
        let features = try AudioAnalyzer().analyse(SyntheticMusic.ambient(key: Self.eMinor).render())
        #expect(features.bpm == nil)
        #expect(features.key == Self.eMinor.camelot)
    }

    /// EBU Tech 3341: a 1 kHz sine at −20 dBFS in both channels reads −20 LUFS; its true peak is −20 dBTP and a
    /// steady tone has no loudness range.
    @Test func loudnessOfAKnownLevelSineIsWithinHalfALU() throws {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("sine.wav")
        try Fixtures.writeTone(to: url, seconds: 10, frequency: 1000, amplitude: 0.1)
        let features = try AudioAnalyzer().analyse(url)
        #expect(abs(features.loudness - -20) < 0.5, "\(features.loudness) LUFS")
        #expect(abs(features.truePeak - -20) < 0.5, "\(features.truePeak) dBTP")
        #expect(features.loudnessRange < 1)
        #expect(features.bpm == nil)
    }

    @Test func silenceBeforeAndAfterIsWithin50Milliseconds() throws {
        var music = SyntheticMusic(seconds: 6)
        (music.key, music.timbre, music.leadingSilence, music.trailingSilence) = (Self.eMinor, .organ, 1.25, 2)
        let features = try AudioAnalyzer().analyse(music.render())
        #expect(abs(features.leadingSilence - 1.25) < 0.05, "leading \(features.leadingSilence) s")
        #expect(abs(features.trailingSilence - 2) < 0.05, "trailing \(features.trailingSilence) s")
    }

    /// Six seconds at −20 dB, after half a second of silence, then the whole band: the intro ends at 6.5 s.
    @Test func aQuietIntroIsMeasuredWithinHalfASecond() throws {
        var music = SyntheticMusic.dance(bpm: 120, key: Self.eMinor, seconds: 16)
        (music.leadingSilence, music.quietIntro) = (0.5, 6)
        let features = try AudioAnalyzer().analyse(music.render())
        #expect(abs(features.introLength - 6.5) < 0.5, "intro \(features.introLength) s")
        #expect(abs(features.leadingSilence - 0.5) < 0.05)
    }

    @Test func quietAmbientMusicHasLowEnergyAndDenseLoudDanceMusicHigh() throws {
        var ambient = SyntheticMusic.ambient(key: Self.eMinor)
        ambient.peak = 0.15
        let calm = try AudioAnalyzer().analyse(ambient.render())
        let dance = try AudioAnalyzer().analyse(SyntheticMusic.dance(bpm: 128, key: Self.eMinor).render())
        #expect(abs(calm.loudness - -24) < 3, "ambient at \(calm.loudness) LUFS")
        #expect(abs(calm.energy - 0.2) < 0.07, "ambient energy \(calm.energy)")
        #expect(abs(dance.energy - 0.8) < 0.07, "dance energy \(dance.energy)")
    }

    @Test func featuresRoundTripThroughJSON() throws {
        let features = try AudioAnalyzer().analyse(SyntheticMusic.dance(bpm: 126, key: Self.eMinor).render())
        let data = try JSONEncoder().encode(features)
        #expect(try JSONDecoder().decode(AudioFeatures.self, from: data) == features)
        let json = try #require(String(data: data, encoding: .utf8))
        #expect(json.contains(#""key":"9A""#))
    }

    @Test func silentAudioIsAnErrorNamingTheFile() throws {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("silence.wav")
        try SyntheticMusic(seconds: 3).write(to: url, encoding: .pcm16)
        let error = try #require(throws: LibraryError.self) { try AudioAnalyzer().analyse(url) }
        #expect(error.code == .silent)
        #expect(error.description.hasPrefix(url.path))
    }

    /// libsndfile has no AAC decoder: an M4A file's tags are read, and its analysis is a clear error to skip on.
    @Test func m4aAudioIsReportedAsUndecodable() throws {
        let url = try TagReaderTests.taggedFile(.m4a)
        #expect(try TagReader.read(url).albumArtist == "Nova Reyes")
        let error = try #require(throws: LibraryError.self) { try AudioAnalyzer().analyse(url) }
        #expect(error.code == .undecodable)
        #expect(error.description == "\(url.path): M4A audio cannot be decoded yet (no AAC decoder)")
    }
}

extension MusicFileFormat {
    var fileExtension: String { self == .oggVorbis ? "ogg" : rawValue }
}

/// The analyser interpolates only where the true peak can be; it must find what libebur128, oversampling everything,
/// finds.
@Suite struct TruePeakTests {
    static func signals() -> [(String, AudioBuffer)] {
        let rate = 44_100
        // A quarter-rate sine sampled 45° off its crests: every sample at 0.354, the wave at 0.5 (+3 dB between).
        let between = (0..<(rate * 2)).flatMap { index -> [Float] in
            let value = Float(0.5 * sin(Double.pi / 2 * Double(index) + Double.pi / 4))
            return [value, value]
        }
        var clipped = SyntheticMusic.dance(bpm: 128, key: .init(tonic: 5, isMinor: true), seconds: 6).render()
        clipped.samples = clipped.samples.map { max(-1, min(1, $0 * 1.8)) }
        var noise = SyntheticMusic(seconds: 4)
        noise.noise = 0.3
        return [
            ("a sine peaking between samples", AudioBuffer(sampleRate: rate, channels: 2, samples: between)),
            ("hard-clipped dance music", clipped),
            ("dance music", SyntheticMusic.dance(bpm: 100, key: .init(tonic: 1, isMinor: false), seconds: 6).render()),
            ("white noise", noise.render()),
        ]
    }

    @Test func theTruePeakMatchesLibebur128() throws {
        for (name, buffer) in Self.signals() {
            let meter = try LoudnessMeter(sampleRate: buffer.sampleRate, channels: buffer.channels, measures: .truePeak)
            try meter.add(buffer.samples)
            let reference = 20 * log10(meter.truePeak)
            let measured = try AudioAnalyzer().analyse(buffer).truePeak
            #expect(abs(measured - reference) < 0.05, "\(name): \(measured) dBTP, libebur128 \(reference)")
        }
    }
}
