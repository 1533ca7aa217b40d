import Foundation
import SegueCore
import SegueTestSupport
import Synchronization
import Testing

@testable import SegueAudio

/// Every output format, read back from disk: its length, its loudness, its header, its precision, its bytes.
@Suite struct OutputFormatTests {
    /// One 8 s track, written once: low-passed noise under two tones, about −20 LUFS, nothing for the limiter.
    static let source = Result { () throws -> URL in
        let url = try Fixtures.temporaryFolder("formats-source").appendingPathComponent("a.wav")
        var state: UInt64 = 0x2545_F491
        var low: Float = 0
        var samples = [Float](repeating: 0, count: 44_100 * 8 * 2)
        for frame in 0..<(samples.count / 2) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            low = 0.9 * low + 0.1 * (Float(Int64(bitPattern: state >> 11) % 20_000) / 20_000 - 0.5)
            let time = Double(frame) / 44_100
            samples[2 * frame] = 0.3 * low + Float(0.05 * sin(2 * Double.pi * 220 * time))
            samples[2 * frame + 1] = 0.3 * low + Float(0.05 * sin(2 * Double.pi * 330 * time))
        }
        let writer = try AudioFileWriter(url: url, sampleRate: 44_100, channels: 2, encoding: .float32)
        try writer.write(samples)
        try writer.close()
        return url
    }

    /// The track as a one-track session in `format` at `rate` (44.1 kHz, or the format's own).
    static func render(
        _ format: OutputFormat, rate: Int? = nil, progress: (@Sendable (Double) -> Void)? = nil
    ) throws -> (url: URL, report: MixReport, timeline: SessionTimeline) {
        let source = try Self.source.get()
        var settings = MixSettings()
        settings.output = format
        settings.sampleRate = rate ?? format.requiredSampleRate ?? 44_100
        let mixer = SessionMixer(settings: settings)
        let timeline = SessionTimeline.plan(trackIDs: ["a"], trackDurations: [8], lines: [], crossfade: 4)
        let analysis = try TrackSource.analyse(url: source, outputRate: settings.sampleRate)
        let tracks = [
            MixTrack(
                slot: timeline.tracks[0], url: source, gainDB: mixer.matchingGain(forLoudness: analysis.loudness),
                profile: analysis.profile)
        ]
        let url = try Fixtures.temporaryFolder("formats-\(format)-\(settings.sampleRate)")
            .appendingPathComponent("session.\(format.fileExtension)")
        let report = try mixer.render(timeline: timeline, tracks: tracks, voices: [], to: url, progress: progress)
        return (url, report, timeline)
    }

    @Test(arguments: OutputFormat.allCases)
    func eachFormatReadsBackAtItsLengthAndLoudness(format: OutputFormat) throws {
        let (url, report, timeline) = try Self.render(format)
        let reader = try AudioFileReader(url: url)
        #expect(reader.channels == 2 && reader.sampleRate == report.sampleRate)
        let audio = try reader.readAll()
        // Lossless files hold every frame; the lossy codecs' padding is trimmed on reading to within a frame or so.
        let tolerance = format.isLossy ? 0.03 : 0.002
        #expect(abs(audio.duration - timeline.duration) <= tolerance, "\(format): \(audio.duration) s")
        let measured = try LoudnessMeter.measure(audio).loudness
        #expect(abs(measured - -14) <= 0.5, "\(format): \(measured) LUFS, correction \(report.correctionDB) dB")
        if !format.isLossy {
            // The report measured exactly what the file holds.
            #expect(abs(measured - report.loudness) <= 0.01, "\(format): \(measured) against \(report.loudness)")
        }
    }

    @Test func fortyEightKilohertzIsMixedAndWrittenAtThatRate() throws {
        let (url, report, timeline) = try Self.render(.flac, rate: 48_000)
        let audio = try AudioFileReader(url: url).readAll()
        #expect(audio.sampleRate == 48_000 && report.sampleRate == 48_000)
        #expect(abs(audio.duration - timeline.duration) <= 0.002)
        let measured = try LoudnessMeter.measure(audio).loudness
        #expect(abs(measured - -14) <= 0.5, "\(measured) LUFS")
    }

    /// A −100 dBFS tone is under half a 16-bit step (−96 dBFS) and rounds away; 24 bits keep it.
    @Test func twentyFourBitsKeepAToneThatSixteenBitsRoundAway() throws {
        let folder = try Fixtures.temporaryFolder("formats-quiet")
        let source = folder.appendingPathComponent("quiet.wav")
        try Fixtures.writeTone(to: source, seconds: 4, frequency: 440, amplitude: Float(pow(10, -100.0 / 20)))
        func rms(_ format: OutputFormat) throws -> Double {
            var settings = MixSettings()
            settings.output = format
            settings.correctsSessionLoudness = false
            let timeline = SessionTimeline.plan(trackIDs: ["q"], trackDurations: [4], lines: [], crossfade: 0)
            let url = folder.appendingPathComponent("quiet-\(format).\(format.fileExtension)")
            _ = try SessionMixer(settings: settings).render(
                timeline: timeline, tracks: [MixTrack(slot: timeline.tracks[0], url: source, gainDB: 0)], voices: [],
                to: url)
            return SignalMeasure.rmsDBFS(try AudioFileReader(url: url).readAll(), from: 1, to: 3)
        }
        // A sine's RMS is 3 dB under its peak.
        for format in [OutputFormat.wav24, .flac24] {
            let level = try rms(format)
            #expect(abs(level - -103) < 1, "\(format): \(level) dBFS")
        }
        for format in [OutputFormat.wav16] {
            let level = try rms(format)
            #expect(level < -150, "\(format): \(level) dBFS")
        }
    }

    /// What a session past 4 GB gets (without writing 4 GB): an RF64 header that libsndfile reads back sample for
    /// sample.
    @Test func anRF64FileReadsBackWhole() throws {
        let url = try Fixtures.temporaryFolder("formats-rf64").appendingPathComponent("large.wav")
        let samples = (0..<20_000).map { Float(($0 % 200) - 100) / 128 }
        let writer = try AudioFileWriter(url: url, sampleRate: 44_100, channels: 2, encoding: .pcm16, container: .rf64)
        try writer.write(samples)
        try writer.close()
        let header = try FileHandle(forReadingFrom: url).read(upToCount: 4) ?? Data()
        #expect(String(decoding: header, as: UTF8.self) == "RF64")
        let back = try AudioFileReader(url: url).readAll()
        #expect(back.frameCount == 10_000 && back.sampleRate == 44_100)
        #expect(back.samples == samples)
    }

    /// libsndfile draws a random Ogg serial number; Segue fixes it, so the same audio gives the same bytes, and the
    /// rewritten pages still pass libogg's checksum (every frame reads back).
    @Test(arguments: [AudioFileWriter.Encoding.oggVorbis, .opus])
    func oggFilesAreByteIdentical(encoding: AudioFileWriter.Encoding) throws {
        let folder = try Fixtures.temporaryFolder("formats-ogg-\(encoding)")
        let samples = (0..<(48_000 * 2)).map { Float(0.3 * sin(Double($0) * 0.031)) }
        func write(_ name: String) throws -> Data {
            let url = folder.appendingPathComponent(name)
            let writer = try AudioFileWriter(url: url, sampleRate: 48_000, channels: 2, encoding: encoding)
            try writer.write(samples)
            try writer.close()
            #expect(try AudioFileReader(url: url).readAll().frameCount == 48_000)
            return try Data(contentsOf: url)
        }
        let first = try write("a.ogg"), second = try write("b.ogg")
        #expect(first == second)
        #expect(first.count > 1000)
    }

    @Test func opusIsRefusedAtFortyFourPointOneKilohertz() throws {
        #expect {
            _ = try Self.render(.opus, rate: 44_100)
        } throws: { error in
            guard let error = error as? SoundFileError else { return false }
            return error.path.hasSuffix("session.opus") && error.message.contains("48000 Hz")
        }
    }

    @Test func theProgressClimbsToOneAtMostTenTimesASecondAndTheWaveIsRIFF() throws {
        let reports = Mutex<[Double]>([])
        let started = ContinuousClock.now
        let (url, _, _) = try Self.render(.wav16, progress: { value in reports.withLock { $0.append(value) } })
        let seconds = Double((ContinuousClock.now - started).components.seconds) + 1
        let values = reports.withLock { $0 }
        #expect(values.first == 0 && values.last == 1)
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "\(values)")
        #expect(values.allSatisfy { (0...1).contains($0) })
        // The first and the last report, and at most ten a second in between.
        #expect(Double(values.count) <= 10 * seconds + 2, "\(values.count) reports in \(seconds) s")
        // Written as RF64 with auto-downgrade: a session under 4 GB is a plain RIFF WAV.
        let header = try FileHandle(forReadingFrom: url).read(upToCount: 12) ?? Data()
        #expect(String(decoding: header.prefix(4), as: UTF8.self) == "RIFF")
        #expect(String(decoding: header.suffix(4), as: UTF8.self) == "WAVE")
    }
}
