import ArgumentParser
import Foundation
import SegueCore
import SegueFiles

struct NormalizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize", abstract: "Print the speech-ready form of a line (years, feat., stylised names, ...)."
    )

    @Argument(help: "The text to normalise.")
    var text: String

    @Option(help: "The voice's language (number words are English-only).")
    var language = "en-US"

    @Option(help: "The pronunciation lexicon.")
    var pronunciations = SegueData.installed.prompts.appendingPathComponent("pronunciations.tsv").path

    func run() async throws {
        try await reportingErrors {
            let normalizer = try SpeechNormalizer.load(from: URL(fileURLWithPath: pronunciations))
            print(normalizer.normalize(text, language: language))
        }
    }
}
