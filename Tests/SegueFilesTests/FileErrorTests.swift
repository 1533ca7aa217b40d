import Foundation
import SegueCore
import SegueTestSupport
import Testing

@testable import SegueFiles

/// Foundation's and the system's file errors in Segue's words: the path, what could not be done and the reason in
/// plain words, never an `Error Domain=NSCocoaErrorDomain Code=516 ...` dump.
@Suite struct FileErrorTests {
    /// The error `body` throws.
    func thrown(_ body: () throws -> Void) -> (any Error)? {
        do { try body() } catch { return error }
        return nil
    }

    @Test func aFolderThroughAFileIsNotAFolder() throws {
        let folder = try Fixtures.temporaryFolder()
        let file = folder.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        let target = file.appendingPathComponent("sub").path
        let error = try #require(
            thrown { try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true) })
        let translated = FileError(from: error, path: target, message: "cannot create the output folder")
        #expect(translated.code == .notAFolder)
        #expect(translated.description == "\(target): cannot create the output folder (Not a directory)")
    }

    @Test func anExistingFileSaysItExists() throws {
        let folder = try Fixtures.temporaryFolder()
        let file = folder.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        let error = try #require(thrown { try FileManager.default.copyItem(at: file, to: file) })
        #expect(String(describing: error).contains("NSCocoaErrorDomain"))  // what Foundation would have printed
        let translated = FileError(from: error, path: file.path, message: "cannot be copied")
        #expect(translated.description == "\(file.path): cannot be copied (File exists)")
        #expect(translated.code == .writeFailed)
    }

    @Test func aMissingFolderIsNotFound() throws {
        let missing = try Fixtures.temporaryFolder().appendingPathComponent("nope").path
        let error = try #require(thrown { _ = try FileManager.default.contentsOfDirectory(atPath: missing) })
        let translated = FileError(from: error, path: missing, message: "cannot be listed")
        #expect(translated.code == .notFound)
        #expect(translated.description == "\(missing): cannot be listed (No such file or directory)")
    }

    @Test(arguments: [
        (CocoaError(.fileWriteFileExists) as any Error, "File exists"),
        (CocoaError(.fileWriteOutOfSpace), "No space left on device"),
        (CocoaError(.fileWriteVolumeReadOnly), "Read-only file system"),
        (CocoaError(.fileWriteNoPermission), "Permission denied"),
        (CocoaError(.fileReadNoSuchFile), "No such file or directory"),
        (CocoaError(.fileReadInapplicableStringEncoding), "not UTF-8 text"),
        (CocoaError(.fileWriteUnknown), "the system refused (Foundation error 512)"),
        (POSIXError(.EROFS), "Read-only file system"),
        (POSIXError(.ENOSPC), "No space left on device"),
        (NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES)), "Permission denied"),
        (NSError(domain: "SomeDomain", code: 7, userInfo: [NSLocalizedDescriptionKey: "boom"]), "SomeDomain error 7"),
    ])
    func everyReasonIsInPlainWords(error: any Error, reason: String) {
        #expect(FileError.reason(of: error) == reason)
        let translated = FileError(from: error, path: "/out/x.json", message: "cannot be written")
        #expect(translated.description == "/out/x.json: cannot be written (\(reason))")
        #expect(!translated.description.contains("Domain="))
    }

    @Test func onlyFoundationAndSystemErrorsCountAsSystemErrors() {
        struct Bug: Error {}
        #expect(FileError.isSystemError(CocoaError(.fileWriteFileExists)))
        #expect(FileError.isSystemError(POSIXError(.EACCES)))
        #expect(FileError.isSystemError(NSError(domain: "X", code: 1)))
        #expect(!FileError.isSystemError(Bug()))
        #expect(!FileError.isSystemError(FileError(.notFound, path: "x", message: "no such file")))
        let named = CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: "/out/session"])
        #expect(FileError.path(in: named) == "/out/session")
    }
}
