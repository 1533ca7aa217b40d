import Foundation
import SegueAudio
import SegueCore
import SegueLibrary
import SegueTestSupport
import Testing

/// Analysis throughput on Ogg Vorbis, in × realtime per core (CPU time of the analysing thread): a benchmark, run on
/// request in a release build. Other test targets use `@testable import`, hence `-enable-testing`:
/// `SEGUE_ANALYSIS_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter AnalysisSpeedTests`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SEGUE_ANALYSIS_BENCH"] == "1"))
struct AnalysisSpeedTests {
    /// CPU seconds this thread has used.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    @Test func oggVorbisAnalysisRunsAtLeast200TimesRealtimePerCore() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let keys = SyntheticMusic.Key.all
        var files: [URL] = []
        for index in 0..<8 {
            // Half dance music at tempi from 90 to 146 BPM, half ambient pads; a minute each, 44.1 kHz stereo.
            var music =
                index % 2 == 0
                ? SyntheticMusic.dance(bpm: 90 + Double(index * 8), key: keys[index * 3], seconds: 60)
                : SyntheticMusic.ambient(key: keys[index * 3], seconds: 60)
            music.seed = UInt64(index + 1)
            let url = folder.appendingPathComponent("track\(index).ogg")
            try music.write(to: url, encoding: .oggVorbis)
            files.append(url)
        }
        var audioSeconds = 0.0
        let decodeStart = Self.threadCPUSeconds()
        for url in files {
            let reader = try AudioFileReader(url: url)
            while try !reader.read(frames: 32_768).isEmpty {}
        }
        let decodeSeconds = Self.threadCPUSeconds() - decodeStart
        let analyzer = AudioAnalyzer()
        let start = Self.threadCPUSeconds()
        for url in files { audioSeconds += try analyzer.analyse(url).duration }
        let seconds = Self.threadCPUSeconds() - start
        let speed = audioSeconds / seconds
        print(
            String(
                format: "Analysis of %.0f s of Ogg Vorbis: %.2f CPU s, %.0f× realtime per core (decoding alone %.0f×)",
                audioSeconds, seconds, speed, audioSeconds / decodeSeconds))
        #expect(speed >= 200)
    }
}
