import Foundation
import SegueAudio
import SegueCore
import SegueLibrary
import SegueTestSupport
import Testing

/// Every file that is not good audio is a `LibraryError` naming it and the reason, from the tag reader and the
/// analyser alike; nothing crashes, and nothing waits on a pipe.
@Suite struct BadFileTests {
    /// Reads tags and analyses `url`, expecting each to fail with one of `codes`, naming the file.
    static func expectRefused(_ url: URL, tags: Set<LibraryError.Code>, analysis: Set<LibraryError.Code>) {
        for (what, codes) in [("tags", tags), ("analysis", analysis)] {
            do {
                if what == "tags" { _ = try TagReader.read(url) } else { _ = try AudioAnalyzer().analyse(url) }
                Issue.record("\(what) of \(url.lastPathComponent) did not fail")
            } catch {
                #expect(codes.contains(error.code), "\(what): \(error)")
                #expect(error.description.hasPrefix("\(url.path): "), "\(what): \(error)")
                #expect(error.message.count > 5)
            }
        }
    }

    /// A good 10-second file in `format`.
    static func goodFile(_ format: MusicFileFormat, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("good.\(format.fileExtension)")
        try SyntheticMusic.dance(bpm: 120, key: .init(tonic: 0, isMinor: false), seconds: 10)
            .write(to: url, encoding: format.encoding, tags: FileTags(title: "Good"))
        return url
    }

    @Test func aZeroLengthFile() throws {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("empty.mp3")
        try Data().write(to: url)
        Self.expectRefused(url, tags: [.emptyFile], analysis: [.emptyFile])
    }

    @Test(arguments: [MusicFileFormat.mp3, .flac, .oggVorbis, .wav, .m4a])
    func aFileThatIsNotAudio(format: MusicFileFormat) throws {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("notes.\(format.fileExtension)")
        try Data(String(repeating: "These are words, not music. ", count: 100).utf8).write(to: url)
        Self.expectRefused(
            url, tags: [.notAudio, .tagsUnreadable], analysis: format == .m4a ? [.undecodable] : [.notAudio])
    }

    @Test func aFileWithAnotherName() throws {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("cover.jpg")
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]).write(to: url)
        Self.expectRefused(url, tags: [.notAudio], analysis: [.notAudio])
    }

    @Test(arguments: [MusicFileFormat.flac, .mp3, .wav])
    func aTruncatedFile(format: MusicFileFormat) throws {
        let folder = try Fixtures.temporaryFolder()
        let good = try Self.goodFile(format, in: folder)
        let data = try Data(contentsOf: good)
        let url = folder.appendingPathComponent("cut.\(format.fileExtension)")
        try data.prefix(data.count / 2).write(to: url)
        do {
            _ = try AudioAnalyzer().analyse(url)
            Issue.record("analysis of a truncated \(format) did not fail")
        } catch {
            #expect(error.code == .truncated, "\(error)")
            #expect(error.description.hasPrefix("\(url.path): truncated"))
        }
    }

    @Test(arguments: [MusicFileFormat.flac, .oggVorbis, .opus, .mp3])
    func aFileCorruptedInTheMiddle(format: MusicFileFormat) throws {
        let folder = try Fixtures.temporaryFolder()
        var data = try Data(contentsOf: try Self.goodFile(format, in: folder))
        var random = UInt32(7)
        for index in (data.count / 3)..<(data.count * 2 / 3) {
            random = random &* 1_664_525 &+ 1_013_904_223
            data[index] = UInt8(truncatingIfNeeded: random >> 24)
        }
        let url = folder.appendingPathComponent("corrupt.\(format.fileExtension)")
        try data.write(to: url)
        do {
            _ = try AudioAnalyzer().analyse(url)
            Issue.record("analysis of a corrupt \(format) did not fail")
        } catch {
            #expect([.corrupt, .truncated].contains(error.code), "\(error)")
            #expect(error.description.hasPrefix(url.path))
        }
    }

    @Test func aMissingFile() throws {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("gone.flac")
        Self.expectRefused(url, tags: [.notFound], analysis: [.notFound])
    }

    @Test func aFolder() throws {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("album.flac")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        Self.expectRefused(url, tags: [.notARegularFile], analysis: [.notARegularFile])
    }

    /// A FIFO with no writer would block `open` forever; it is refused at once.
    @Test(.timeLimit(.minutes(1))) func aFIFOIsRefusedWithoutWaiting() throws {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("stream.mp3")
        try #require(mkfifo(url.path, 0o600) == 0)
        Self.expectRefused(url, tags: [.notARegularFile], analysis: [.notARegularFile])
    }

    /// A device is refused by its type alone, never opened.
    @Test func aDeviceIsRefused() {
        Self.expectRefused(URL(fileURLWithPath: "/dev/null"), tags: [.notARegularFile], analysis: [.notARegularFile])
    }
}
