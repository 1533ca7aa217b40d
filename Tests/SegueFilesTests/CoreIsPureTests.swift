import Foundation
import SegueTestSupport
import Testing

/// SegueCore is values and logic: it reads and writes no files and carries no resources. Loading and saving live in
/// SegueFiles; this lint fails the build's tests when an I/O call appears in the core.
@Suite struct CoreIsPureTests {
    /// Calls that touch the file system (or a process's streams) in Foundation, the C library and Swift.
    static let forbidden = [
        "FileManager", "FileHandle", "Data(contentsOf", "String(contentsOf", "contentsOfFile", "write(to:",
        "write(toFile:", "Bundle.",
        "fopen(", "open(", "fwrite(", "fread(", "mkstemp", "unlink(", "rename(", "InputStream", "OutputStream",
        "readLine(", "DispatchIO", ".environment[", "getenv(", "import Glibc", "import Darwin", "import CSndFile",
    ]

    static var coreFiles: [URL] {
        let folder = Fixtures.root.appendingPathComponent("Sources/SegueCore")
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        return (walker?.allObjects as? [URL] ?? []).filter { !$0.hasDirectoryPath }
    }

    @Test func coreDoesNoFileIO() throws {
        let files = Self.coreFiles
        #expect(files.count > 30)
        var offences: [String] = []
        for file in files {
            #expect(file.pathExtension == "swift", "SegueCore carries a non-source file: \(file.path)")
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            for (number, line) in lines.enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                guard !code.hasPrefix("//") else { continue }
                for call in Self.forbidden where code.contains(call) {
                    offences.append("\(file.lastPathComponent):\(number + 1): \(call)")
                }
            }
        }
        #expect(offences.isEmpty, "file I/O in SegueCore: \(offences.joined(separator: "; "))")
    }
}
