import Foundation
import SegueCore
import SegueFiles

#if canImport(Glibc)
import Glibc
#endif

/// Fuzz target for slot hygiene, the skeleton folding and the JSON line reader: any bytes in, no crash, no
/// hang, the cleaned value keeps its promises, and the hand-written reader answers as JSONSerialization does.
/// Every input also goes to `JSONInputFuzz` (the catalog, listener and check-line loaders).
/// Build and run with `make fuzz` (libFuzzer, `-sanitize=fuzzer`).
enum SlotHygieneFuzz {
    static let checker = SafetyChecker(policy: .standard)
    /// Slot hygiene sees at most the first 4096 bytes, libFuzzer's default input size before the corpus held the
    /// sample catalog (10 kB): the checker's cost grows with the text, and a whole catalog as one slot value would
    /// slow every run of the JSON input loaders without reaching anything new in the checker.
    static let maximumInput = 4096

    /// An item read, or the message of the error reading it gave.
    enum Outcome: Equatable {
        case item(SafetyCheckItem)
        case error(String)
    }

    static func read(_ parse: () throws -> SafetyCheckItem) -> Outcome {
        do { return .item(try parse()) } catch { return .error("\(error)") }
    }

    /// Runs one input; a broken promise stops the process so libFuzzer records the input.
    static func run(_ bytes: UnsafeRawBufferPointer) {
        let text = String(decoding: bytes, as: UTF8.self)
        let (value, _) = SlotSanitizer.sanitize(text)
        precondition(value.count <= SlotSanitizer.maximumLength, "cleaned value longer than the cap")
        precondition(!value.contains("<") && !value.contains("[[") && !value.contains("{{"), "markup survived hygiene")
        precondition(
            !value.unicodeScalars.contains { $0.properties.generalCategory == .control }, "control character survived")
        _ = SafetyText.skeleton(of: text)
        _ = SafetyText.words(in: text)
        let half = text.index(text.startIndex, offsetBy: text.count / 2)
        let report = checker.check("Here is " + text + ".", facts: ["title": String(text[half...])])
        precondition(report.verdict == .block || !report.text.contains("[["), "phoneme brackets in a spoken line")
        // The hand-written JSON reader of `segue check --jsonl` agrees with JSONSerialization, item or error.
        let data = Data(bytes)
        precondition(
            read { try SafetyCheckItem(json: bytes, context: "fuzz") }
                == read { try SafetyCheckItem(serializing: data, context: "fuzz") }, "the JSON line reader disagrees")
    }
}

#if FUZZING
/// libFuzzer's driver (built with `-sanitize=fuzzer`); SwiftPM links this executable's own entry point,
/// so it hands control to the driver instead of relying on libFuzzer's `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@main
struct SlotHygieneFuzzer {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(
            runFuzzerDriver(&argc, &argv) { data, size in
                let bytes = UnsafeRawBufferPointer(start: data, count: size)
                SlotHygieneFuzz.run(UnsafeRawBufferPointer(rebasing: bytes.prefix(SlotHygieneFuzz.maximumInput)))
                JSONInputFuzz.run(bytes)
                return 0
            })
    }
}
#else
/// Without libFuzzer: replays the files given on the command line (a corpus or a crash input).
@main
struct SlotHygieneReplay {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            guard let file = fopen(path, "rb") else { continue }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while case let count = fread(&buffer, 1, buffer.count, file), count > 0 { bytes += buffer[0..<count] }
            fclose(file)
            bytes.withUnsafeBytes { bytes in
                SlotHygieneFuzz.run(UnsafeRawBufferPointer(rebasing: bytes.prefix(SlotHygieneFuzz.maximumInput)))
                JSONInputFuzz.run(bytes)
            }
        }
        print("replayed \(CommandLine.arguments.count - 1) inputs")
    }
}
#endif
