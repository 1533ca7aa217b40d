import ArgumentParser
import Foundation
import SegueCore
import SegueFiles
import SegueSession
import SegueSpeech

struct TemplatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates", abstract: "List, lint and approve the commentary templates editors write.",
        subcommands: [
            List.self, Lint.self, Submit.self, Approve.self, Reject.self, Retire.self, Verify.self, MigrateLog.self,
        ])

    struct Folder: ParsableArguments {
        @Option(help: "Folder of commentary templates.")
        var prompts = SegueData.installed.prompts.path

        @Option(help: "Folder of voice profiles (to time each template's worst case).")
        var voices = SegueData.installed.voices.path

        /// The studio over these folders, linting with the shipped safety policy.
        func studio() throws -> TemplateStudio {
            TemplateStudio(
                folder: URL(fileURLWithPath: prompts),
                linter: TemplateLinter(checker: SafetyChecker(policy: try SafetyPolicy.shipped())),
                speech: (ESpeakSynthesizer.shared, URL(fileURLWithPath: voices)))
        }
    }

    struct Editor: ParsableArguments {
        @Option(help: "Who takes this step.")
        var by: String

        @Option(help: "When (ISO 8601); now when omitted.")
        var at: String?

        var time: String { at ?? ISO8601DateFormatter().string(from: Date()) }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every template with its kind, locale, status and approval.")
        @OptionGroup var folder: Folder

        func run() async throws {
            try await reportingErrors {
                var warnings: [InputWarning] = []
                let library = try TemplateLibrary.load(from: URL(fileURLWithPath: folder.prompts), warnings: &warnings)
                warn(warnings)
                let refused = Dictionary(library.refused.map { ($0.template.id, $0.reason) }) { first, _ in first }
                for template in library.templates {
                    var approval = refused[template.id].map { "REFUSED: \($0)" } ?? ""
                    if case .success(let granted) = library.ledger.approval(of: template) {
                        approval = "approved by \(granted.approver) \(granted.at)"
                    }
                    print(
                        "\(template.id)\t\(template.kind.rawValue)\t\(template.locale)\t\(template.status.rawValue)\t\(approval)"
                    )
                }
            }
        }
    }

    struct Lint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lint templates; exit 1 when any finding.")
        @OptionGroup var folder: Folder
        @Argument(help: "Template ids (all when none).") var ids: [String] = []

        func run() async throws {
            try await reportingErrors {
                let studio = try folder.studio()
                let findings = try await studio.lint(ids: ids)
                for finding in findings { print(finding) }
                if !findings.isEmpty { throw ExitCode(1) }
                print("lint clean")
            }
        }
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a draft to review.")
        @OptionGroup var folder: Folder
        @OptionGroup var editor: Editor
        @Argument var id: String

        func run() async throws {
            try await reportingErrors { try folder.studio().submit(id, by: editor.by, at: editor.time) }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve a template for production (not by its author).")
        @OptionGroup var folder: Folder
        @OptionGroup var editor: Editor
        @Argument var id: String

        func run() async throws {
            try await reportingErrors {
                let studio = try folder.studio()
                try await studio.approve(id, by: editor.by, at: editor.time)
            }
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a template back to draft, with the reason.")
        @OptionGroup var folder: Folder
        @OptionGroup var editor: Editor
        @Option(help: "Why.") var reason: String
        @Argument var id: String

        func run() async throws {
            try await reportingErrors { try folder.studio().reject(id, by: editor.by, at: editor.time, reason: reason) }
        }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a template out of production, with the reason.")
        @OptionGroup var folder: Folder
        @OptionGroup var editor: Editor
        @Option(help: "Why.") var reason: String
        @Argument var id: String

        func run() async throws {
            try await reportingErrors { try folder.studio().retire(id, by: editor.by, at: editor.time, reason: reason) }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the approval log's hash chain and steps; exit 1 when anything is wrong.")
        @OptionGroup var folder: Folder

        func run() async throws {
            try await reportingErrors {
                let studio = try folder.studio()
                let ledger = try studio.ledger()
                for problem in ledger.problems { print("\(studio.logURL.path): \(problem)") }
                if !ledger.problems.isEmpty { throw ExitCode(1) }
                print("\(studio.logURL.path): \(ledger.count) entries, chain intact")
            }
        }
    }

    struct MigrateLog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate-log",
            abstract: "Carry an approval log from before the hash chain over to a chained one, once.")
        @OptionGroup var folder: Folder
        @OptionGroup var editor: Editor

        func run() async throws {
            try await reportingErrors {
                for line in try await folder.studio().migrateUnchainedLog(by: editor.by, at: editor.time) {
                    print(line)
                }
            }
        }
    }
}
