import ArgumentParser
import SegueCommandLine
import SegueSession

/// Benchmarks and evaluations, kept out of the production `segue` binary.
@main
struct SegueBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segue-bench",
        abstract: "Segue's benchmarks (compared with peers by the scripts in Benchmarks/) and its lineup evaluation.",
        subcommands: [
            BenchCommand.Sequencing.self, BenchCatalogCommand.self, EmbedBenchCommand.self, EngineBenchCommand.self,
            EvalCommand.self, ImportBenchCommand.self,
        ])
}

/// Runs `body`, printing a failure as one clear line and exiting non-zero.
func reportingErrors(_ body: () async throws -> Void) async throws {
    try await CommandFailure.reporting(body)
}
