import Foundation
import SegueCore
import SegueTestSupport
import Testing

@testable import SegueCommandLine
@testable import SegueSession

/// What the `segue` binary says about a bad input or an output it cannot write: the file, the field or the reason in
/// Segue's words, exit 1, and never Foundation's `Error Domain=...` dump.
@Suite struct InputErrorCommandLineTests {
    static let double = "a number from -1.7976931348623157e+308 to 1.7976931348623157e+308"

    func segue(_ arguments: [String]) throws -> CommandLine.Run { try CommandLine.segue(arguments) }

    /// The run failed with exactly one line on standard error, in Segue's words.
    func expectOneLine(_ run: CommandLine.Run, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == 1, "\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr == "segue: \(expected)\n", sourceLocation: sourceLocation)
        #expect(!run.stderr.contains("Error Domain"), sourceLocation: sourceLocation)
    }

    /// The sample catalog with `field` of its fourth track written as `number`.
    func catalog(_ field: String, _ number: String) throws -> URL {
        let text = try String(contentsOf: Fixtures.catalogURL, encoding: .utf8)
        let tracks = text.components(separatedBy: #""id": "t04","#)
        #expect(tracks.count == 2)
        let url = try Fixtures.temporaryFolder().appendingPathComponent("catalog.json")
        try Data((tracks[0] + #""id": "t04", "\#(field)": \#(number),"# + tracks[1]).utf8).write(to: url)
        return url
    }

    // MARK: Item 18: numbers out of range, with the file, the field path and the range

    @Test func aCatalogNumberOutOfRange() throws {
        let url = try catalog("popularity", "1e308")
        let run = try segue(["lineup", "--catalog", url.path, "--listener", "samples/listeners/ana.json"])
        expectOneLine(
            run,
            "\(url.path): invalid value at tracks[3].popularity: 1e308 is out of range "
                + "(allowed: a whole number from 0 to 100)")
    }

    @Test func aListenerNumberOutOfRange() throws {
        let entries = (0..<13).map {
            #"{"track_id": "t0\#($0 % 9 + 1)", "plays": \#($0 == 12 ? "1e30" : "1"), "skips": 0}"#
        }
        let url = try Fixtures.temporaryFolder().appendingPathComponent("l.json")
        try Data(
            (#"{"id": "l", "name": "L", "explicit": "allow", "history": ["# + entries.joined(separator: ",\n") + "]}")
                .utf8
        ).write(to: url)
        let run = try segue(["lineup", "--listener", url.path])
        expectOneLine(
            run,
            "\(url.path): invalid value at history[12].plays: 1e30 is out of range "
                + "(allowed: a whole number from 0 to 9223372036854775807)")
    }

    @Test func aCheckLineNumberOutOfRangeAndASyntaxError() throws {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("lines.jsonl")
        try Data(
            (#"{"id": "a", "text": "Up next.", "facts": {"year": 1e400}}"# + "\n" + #"{"id": "b" "text": "x"}"# + "\n")
                .utf8
        ).write(to: url)
        let run = try segue(["check", "--no-sound", "--jsonl", url.path])
        #expect(run.status == 0)
        let errors = [
            "\(url.path):1: invalid value at facts.year: 1e400 is out of range (allowed: \(Self.double))",
            "\(url.path):2: column 12: not valid JSON: expected ',' or '}' after an object member",
        ]
        #expect(run.stderr == errors.map { "segue: \($0)\n" }.joined())
        let answers = run.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
        #expect(answers.compactMap { $0["error"] as? String } == errors)
    }

    @Test func aStageFileAndAHistoryNumberOutOfRange() throws {
        let folder = try Fixtures.temporaryFolder()
        let plan = folder.appendingPathComponent("plan.json")
        let planned = try segue([
            "plan", "--listener", "samples/listeners/ana.json", "--count", "2", "--separation", "3", "--out", plan.path,
        ])
        #expect(planned.status == 0, "\(planned.stderr)")
        let text = try String(contentsOf: plan, encoding: .utf8)
        let range = try #require(text.range(of: #""seed" : 7"#))
        try Data(text.replacingCharacters(in: range, with: #""seed" : -1"#).utf8).write(to: plan)
        let script = folder.appendingPathComponent("script.json").path
        expectOneLine(
            try segue(["script", plan.path, "--out", script]),
            "\(plan.path): invalid value at plan.lineup.seed: -1 is out of range "
                + "(allowed: a whole number from 0 to 18446744073709551615)")
        let history = folder.appendingPathComponent("history.json")
        try Data(#"{"sessions": [{"listener": "ana", "seed": 1e30, "templates": []}]}"#.utf8).write(to: history)
        expectOneLine(
            try segue(["script", plan.path, "--out", script, "--history", history.path]),
            "\(plan.path): invalid value at plan.lineup.seed: -1 is out of range "
                + "(allowed: a whole number from 0 to 18446744073709551615)")
        try Data(text.utf8).write(to: plan)
        expectOneLine(
            try segue(["script", plan.path, "--out", script, "--history", history.path]),
            "\(history.path): invalid value at sessions[0].seed: 1e30 is out of range "
                + "(allowed: a whole number from 0 to 18446744073709551615)")
    }

    // MARK: Item 20: outputs and inputs that fail, in Segue's words with the path

    @Test func aSessionFolderThroughAFileSaysSo() throws {
        let file = try Fixtures.temporaryFolder().appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        let out = file.appendingPathComponent("session").path
        let run = try segue(["session", "--listener", "samples/listeners/ana.json", "--count", "2", "--out", out])
        expectOneLine(run, "\(out): cannot create the output folder (Not a directory)")
    }

    @Test func outputsWhereTheyCannotBeWrittenNameThePath() throws {
        let folder = try Fixtures.temporaryFolder()
        let plan = ["plan", "--listener", "samples/listeners/ana.json", "--count", "2", "--separation", "3"]
        let missing = folder.appendingPathComponent("missing/plan.json").path
        expectOneLine(
            try segue(plan + ["--out", missing]),
            "\(folder.appendingPathComponent("missing").path): no such folder to write plan.json in")
        expectOneLine(
            try segue(plan + ["--out", folder.path]),
            "\(folder.path): is not a regular file; Segue replaces only regular files")
        let file = folder.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        expectOneLine(
            try segue(["say", "Hello.", "--voices", file.path, "--out", folder.appendingPathComponent("a.wav").path]),
            "\(file.path): cannot be read as a voices folder (Not a directory)")
    }

    @Test func checkRefusesAFolderOrAFIFOAsItsInput() throws {
        let folder = try Fixtures.temporaryFolder()
        expectOneLine(
            try segue(["check", "--no-sound", "--jsonl", folder.path]),
            "\(folder.path): is not a regular file (a folder, pipe or device)")
        let fifo = folder.appendingPathComponent("lines.jsonl")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        expectOneLine(
            try segue(["check", "--no-sound", "--jsonl", fifo.path]),
            "\(fifo.path): is not a regular file (a folder, pipe or device)")
        expectOneLine(
            try segue(["check", "--no-sound", "--jsonl", folder.appendingPathComponent("none.jsonl").path]),
            "\(folder.appendingPathComponent("none.jsonl").path): no such file")
    }

    @Test func theLastResortNeverPrintsAnNSErrorDump() {
        struct Bug: Error {}
        let exists = CocoaError(
            .fileWriteFileExists,
            userInfo: [
                NSFilePathErrorKey: "/out/session.wav",
                NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EEXIST)),
            ])
        #expect(CommandFailure.message(for: exists) == "/out/session.wav: File exists")
        #expect(CommandFailure.message(for: POSIXError(.EROFS)) == "Read-only file system")
        let foreign = NSError(domain: "Elsewhere", code: 3, userInfo: [NSLocalizedDescriptionKey: "boom"])
        #expect(CommandFailure.message(for: foreign) == "Elsewhere error 3")
        let wrapped = DecodingError.dataCorrupted(
            .init(codingPath: [], debugDescription: "x", underlyingError: foreign))
        #expect(CommandFailure.message(for: wrapped) == "internal error (DecodingError)")
        #expect(CommandFailure.message(for: Bug()) == "internal error (Bug): Bug()")
    }
}
