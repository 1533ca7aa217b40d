import Foundation
import SegueCore
import SegueTestSupport
import Synchronization
import Testing

@Suite struct AtomicFileTests {
    @Test func writesReplaceWholeAndLeaveNoTemporaryFiles() throws {
        let folder = try Fixtures.temporaryFolder()
        let url = folder.appendingPathComponent("out.json")
        try AtomicFile.write(Data("first".utf8), to: url)
        try AtomicFile.write(Data("second".utf8), to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.json"])
        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(mode == 0o644)
    }

    @Test func aFailingWriterLeavesTheOldFileAndNoTemporaryFile() throws {
        struct Interrupted: Error {}
        let folder = try Fixtures.temporaryFolder()
        let url = folder.appendingPathComponent("session.wav")
        try AtomicFile.write(Data("old".utf8), to: url)
        #expect(throws: Interrupted.self) {
            try AtomicFile.write(to: url) { temporary in
                try Data("half".utf8).write(to: temporary)
                throw Interrupted()
            }
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["session.wav"])
    }

    @Test func concurrentWritersEachGetTheirOwnTemporaryFile() throws {
        let folder = try Fixtures.temporaryFolder()
        let url = folder.appendingPathComponent("shared.txt")
        // Eight writers at once, each staging its own file.
        let staged = Mutex<[URL]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            if let url = try? AtomicFile.stage(beside: url) { staged.withLock { $0.append(url) } }
        }
        let names = staged.withLock { $0 }.map(\.lastPathComponent)
        #expect(Set(names).count == 8)
        #expect(names.allSatisfy { $0.hasPrefix(".shared.txt.tmp-") })
        for file in staged.withLock({ $0 }) { unlink(file.path) }
    }

    @Test func neverReplacesADeviceOrAFolderOnlyRegularFiles() throws {
        let folder = try Fixtures.temporaryFolder()
        let fifo = folder.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let error = #expect(throws: FileError.self) { try AtomicFile.write(Data("x".utf8), to: fifo) }
        #expect(error?.code == .notARegularFile)
        #expect(error?.description.contains(fifo.path) == true)
        var info = stat()
        #expect(lstat(fifo.path, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        // A character device node made here (the null device's numbers): refused, and still a device afterwards.
        let device = folder.appendingPathComponent("null")
        #expect(mknod(device.path, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0)  // major 1, minor 3
        let refused = #expect(throws: FileError.self) { try AtomicFile.write(Data("x".utf8), to: device) }
        #expect(refused?.code == .notARegularFile)
        #expect(lstat(device.path, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
        // A symbolic link is refused too, not followed: the file it points at is left as it was.
        let target = folder.appendingPathComponent("target.txt"), link = folder.appendingPathComponent("link.txt")
        try Data("kept".utf8).write(to: target)
        #expect(symlink(target.path, link.path) == 0)
        #expect(throws: FileError.self) { try AtomicFile.write(Data("x".utf8), to: link) }
        #expect(try String(contentsOf: target, encoding: .utf8) == "kept")
        let missing = folder.appendingPathComponent("no/such/folder/out.txt")
        #expect(throws: FileError.self) { try AtomicFile.write(Data("x".utf8), to: missing) }
    }

    @Test func temporaryFilesOfEndedProcessesAreRemovedAndLiveOnesKept() throws {
        let folder = try Fixtures.temporaryFolder()
        // A pid that is not running: a child that has been reaped.
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let names = [
            ".session.wav.tmp-\(ended.processIdentifier)-a1b2c3",  // staged audio of a killed render
            ".session.wav.tmp-\(ended.processIdentifier)-a1b2c3.mix-\(ended.processIdentifier).wav",  // its scratch
            ".script.json.tmp-\(getpid())-d4e5f6",  // this process is writing it
            ".hidden-note", "session.wav",
        ]
        for name in names { try Data("x".utf8).write(to: folder.appendingPathComponent(name)) }
        let removed = AtomicFile.removeStale(in: folder)
        #expect(Set(removed) == Set(names.prefix(2)))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == [".hidden-note", ".script.json.tmp-\(getpid())-d4e5f6", "session.wav"])
        #expect(
            try AtomicFile.stage(beside: folder.appendingPathComponent("x")).lastPathComponent.hasPrefix(
                ".x.tmp-\(getpid())-"))
    }
}
