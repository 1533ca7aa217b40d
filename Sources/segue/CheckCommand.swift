import ArgumentParser
import Foundation
import SegueCore
import SegueFiles
import SegueSpeech

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Screen lines with the safety checker.",
        discussion: """
            One line: segue check "TEXT" [--facts '{"artist": "Dick Dale", "year": 1962}'] prints its report.
            Many: segue check --jsonl FILE|- reads {"id", "text", "facts"} per line and writes
            {"id", "verdict", "text", "findings"} per line. Exit 0 when it ran.
            Layers: segue check --jsonl FILE --layers reads a labelled set ({"label": "safe"|"unsafe",
            "category"}) and prints what each layer beyond word lists catches, by category (ablation).
            """)

    @Argument(help: "The line to check.")
    var text: String?

    @Option(help: "The slot values that filled the line, as a JSON object.")
    var facts: String?

    @Option(help: "A JSON Lines file of {\"id\", \"text\", \"facts\"} to check, or - for standard input.")
    var jsonl: String?

    @Flag(help: "Print throughput to standard error (with --jsonl).")
    var stats = false

    @Flag(help: "Check text only, without the sound (phoneme) view.")
    var noSound = false

    @Flag(help: "With --jsonl of a labelled set: print a table of what each layer beyond word lists catches.")
    var layers = false

    func validate() throws {
        guard (text == nil) != (jsonl == nil) else { throw ValidationError("give either TEXT or --jsonl FILE") }
        guard !layers || jsonl != nil else { throw ValidationError("--layers needs --jsonl FILE") }
    }

    func run() async throws {
        try await reportingErrors {
            let screen = try await SafetyScreen.make(
                policy: try SafetyPolicy.shipped(), transcriber: noSound ? nil : ESpeakSynthesizer.shared)
            if let text {
                let values = try facts.map { try SafetyCheckItem.facts(json: Data($0.utf8), context: "--facts") } ?? [:]
                let report = try await screen.check(text, facts: values)
                print(String(decoding: try JSONFile.encode(report), as: UTF8.self))
                return
            }
            if layers, let jsonl {
                let url = URL(fileURLWithPath: jsonl)
                let items =
                    try jsonl == "-" ? Self.items(StandardStreams.readInput()) : SafetyCheckItem.load(jsonl: url)
                print(try await SafetyLayerAblation(items: items, screen: screen).markdown)
                return
            }
            try await checkLines(screen: screen)
        }
    }

    /// The labelled lines of standard input.
    private static func items(_ data: Data) throws -> [SafetyCheckItem] {
        try data.split(separator: UInt8(ascii: "\n")).enumerated().compactMap { index, line in
            line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") })
                ? nil : try SafetyCheckItem(json: Data(line), context: "-:\(index + 1)")
        }
    }

    private func checkLines(screen: SafetyScreen) async throws {
        let name = jsonl ?? "-"
        // A FIFO, a folder or an unreadable file is refused with its reason, never waited on or called missing.
        let data = name == "-" ? try StandardStreams.readInput() : try JSONFile.read(URL(fileURLWithPath: name))
        let bytes = [UInt8](data)
        var output: [UInt8] = []
        output.reserveCapacity(1 << 17)
        var count = 0
        var checking = Duration.zero
        let clock = ContinuousClock()
        let started = clock.now
        var lineStart = 0
        var lineNumber = 0
        while lineStart <= bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let line = lineStart..<lineEnd
            lineStart = lineEnd + 1
            lineNumber += 1
            guard !bytes[line].allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) else { continue }
            let result: SafetyCheckResult
            do {
                let item = try bytes.withUnsafeBytes { [lineNumber] in
                    try SafetyCheckItem(
                        json: UnsafeRawBufferPointer(rebasing: $0[line]), context: "\(name):\(lineNumber)")
                }
                let before = clock.now
                let report = try await screen.check(item.text, facts: item.facts)
                checking += clock.now - before
                // A line without an id answers with its line number, so answers line up with the input.
                result = SafetyCheckResult(id: item.id.isEmpty ? "\(lineNumber)" : item.id, report: report)
            } catch {
                result = SafetyCheckResult(error: "\(error)", id: "\(lineNumber)")
                FileHandle.standardError.write(Data("segue: \(error)\n".utf8))
            }
            result.appendJSON(to: &output)
            output.append(UInt8(ascii: "\n"))
            count += 1
            if output.count > 1 << 16 {
                try StandardStreams.write(output)
                output.removeAll(keepingCapacity: true)
            }
        }
        try StandardStreams.write(output)
        if stats {
            func seconds(_ duration: Duration) -> Double {
                duration.inSeconds
            }
            let total = seconds(clock.now - started), checker = seconds(checking)
            FileHandle.standardError.write(
                Data(
                    String(
                        format: "checked %d lines in %.3f s (%.0f lines/s); the checker alone: %.3f s (%.0f lines/s)\n",
                        count, total, Double(count) / max(total, 1e-9), checker, Double(count) / max(checker, 1e-9)
                    ).utf8))
        }
    }
}
