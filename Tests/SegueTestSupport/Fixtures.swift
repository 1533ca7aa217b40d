import Foundation
import SegueAudio
import SegueCore
// Tests load prompts, voices and samples through the app's own loaders.
@_exported import SegueFiles

/// Paths into the repository and small fixtures shared by the test targets.
public enum Fixtures {
    /// The repository root.
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    public static var samples: URL { root.appendingPathComponent("samples") }
    public static var catalogURL: URL { samples.appendingPathComponent("catalog.json") }
    public static var prompts: URL { root.appendingPathComponent("prompts") }
    public static var voices: URL { root.appendingPathComponent("voices") }
    public static func listener(_ name: String) -> URL {
        samples.appendingPathComponent("listeners").appendingPathComponent("\(name).json")
    }

    /// A fresh empty folder in this test run's folder (`runFolder`), removed with it when the tests end.
    public static func temporaryFolder(_ name: String = #function) throws -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = runFolder.appendingPathComponent("\(safe)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// This test process's folder under the system temporary folder, `segue-tests-run-PID`: removed when the
    /// process exits, so a run leaves no rendered audio behind (a run writes gigabytes). Made on first use, when the
    /// folders of earlier runs whose process is gone (killed, crashed) are removed too.
    public static let runFolder: URL = {
        let temporary = FileManager.default.temporaryDirectory
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        for name in names where name.hasPrefix(runPrefix) {
            guard let pid = Int32(name.dropFirst(runPrefix.count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
        let url = temporary.appendingPathComponent(runPrefix + "\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Fixtures.runFolder) }
        return url
    }()

    private static let runPrefix = "segue-tests-run-"

    /// A track with sensible defaults.
    public static func track(
        _ id: String, artist: String, genres: [String] = ["electronic"], explicit: Bool = false, bpm: Double? = nil,
        popularity: Int? = 50, year: Int? = nil, duration: Double = 40, audio: String? = nil
    ) -> Track {
        Track(
            id: id, title: "Song \(id)", artist: artist, year: year, genres: genres, bpm: bpm, popularity: popularity,
            explicit: explicit, duration: duration, audio: audio)
    }

    /// Writes a stereo sine tone to a WAV file.
    public static func writeTone(
        to url: URL, seconds: Double, frequency: Double = 440, amplitude: Float = 0.25,
        sampleRate: Int = 44_100, channels: Int = 2
    ) throws {
        let frames = Int(seconds * Double(sampleRate))
        var samples = [Float](repeating: 0, count: frames * channels)
        for frame in 0..<frames {
            let value = amplitude * Float(sin(2 * Double.pi * frequency * Double(frame) / Double(sampleRate)))
            for channel in 0..<channels { samples[frame * channels + channel] = value }
        }
        let writer = try AudioFileWriter(url: url, sampleRate: sampleRate, channels: channels, encoding: .float32)
        try writer.write(samples)
        try writer.close()
    }
}
