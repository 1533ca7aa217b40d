import Foundation
import SegueCore
import SegueSpeech
import SegueTestSupport
import Testing

/// The safety checker on the project's labelled sets, with espeak-ng's sound view, as in production.
///
/// `labelled.jsonl` is the development set the policy was tuned on; `heldout.jsonl` was written
/// independently and never used for tuning, so its numbers are the honest estimate. `heldout-2.jsonl` is a second,
/// larger held-out set written from a different source (radio links, streaming blurbs, music press and social-media
/// comments, by a writer who never saw the policy or the other sets).
@Suite(.serialized) struct SafetyEvaluationTests {
    struct Score {
        var recall: Double
        var falsePositiveRate: Double
        var table: String
    }

    func evaluate(_ name: String) async throws -> Score {
        let url = Fixtures.root.appendingPathComponent("Tests/SegueSessionTests/Fixtures/safety/\(name).jsonl")
        let items = try SafetyCheckItem.load(jsonl: url)
        let screen = try await SafetyScreen.make(transcriber: ESpeakSynthesizer.shared)
        var total: [String: Int] = [:], flagged: [String: Int] = [:]
        for item in items {
            let report = try await screen.check(item.text, facts: item.facts)
            let group = item.label == "unsafe" ? (item.category ?? "unsafe") : "safe"
            total[group, default: 0] += 1
            if report.verdict != .pass { flagged[group, default: 0] += 1 }
        }
        let unsafeGroups = total.keys.filter { $0 != "safe" }.sorted()
        let unsafeTotal = unsafeGroups.reduce(0) { $0 + (total[$1] ?? 0) }
        let unsafeCaught = unsafeGroups.reduce(0) { $0 + (flagged[$1] ?? 0) }
        var rows = ["| \(name) | caught | recall |", "|---|---|---|"]
        for group in unsafeGroups {
            let caught = flagged[group] ?? 0, all = total[group] ?? 0
            rows.append(
                "| \(group) | \(caught)/\(all) | \(String(format: "%.1f %%", 100 * Double(caught) / Double(all))) |")
        }
        let safe = total["safe"] ?? 0, falsePositives = flagged["safe"] ?? 0
        rows.append(
            "| all unsafe | \(unsafeCaught)/\(unsafeTotal) | \(String(format: "%.1f %%", 100 * Double(unsafeCaught) / Double(unsafeTotal))) |"
        )
        rows.append(
            "| safe flagged (false positives) | \(falsePositives)/\(safe) | \(String(format: "%.1f %%", 100 * Double(falsePositives) / Double(safe))) |"
        )
        let table = rows.joined(separator: "\n")
        print(table)
        return Score(
            recall: Double(unsafeCaught) / Double(unsafeTotal),
            falsePositiveRate: Double(falsePositives) / Double(safe), table: table)
    }

    @Test func developmentSetMeetsTheTargets() async throws {
        let score = try await evaluate("labelled")
        #expect(score.recall >= 0.99, "\(score.table)")
        #expect(score.falsePositiveRate <= 0.01, "\(score.table)")
    }

    /// Each layer beyond word lists, alone on top of them, catches development lines the word lists miss or (the
    /// spelled-out numbers, a grounding layer) lets safe lines through that they flag, and makes neither worse; all
    /// of them together meet the targets (`segue check --layers` prints this table).
    @Test func eachLayerAddsRecallOnTheDevelopmentSet() async throws {
        let url = Fixtures.root.appendingPathComponent("Tests/SegueSessionTests/Fixtures/safety/labelled.jsonl")
        let screen = try await SafetyScreen.make(transcriber: ESpeakSynthesizer.shared)
        let ablation = try await SafetyLayerAblation(items: try SafetyCheckItem.load(jsonl: url), screen: screen)
        print(ablation.markdown)
        let base = try #require(ablation.columns.first { $0.layers.isEmpty })
        for column in ablation.columns where !column.layers.isEmpty {
            let (recall, falsePositives) = (ablation.recall(column), ablation.falsePositiveRate(column))
            let (baseRecall, baseFalsePositives) = (ablation.recall(base), ablation.falsePositiveRate(base))
            #expect(recall >= baseRecall && falsePositives <= baseFalsePositives, "\(column.name)")
            #expect(recall > baseRecall || falsePositives < baseFalsePositives, "\(column.name) adds nothing")
        }
        let all = try #require(ablation.columns.first { $0.layers == .all })
        #expect(ablation.recall(all) >= 0.99 && ablation.falsePositiveRate(all) <= 0.01, "\(ablation.markdown)")
    }

    /// A regression guard, not the target: the held-out numbers are reported in the issue notes.
    @Test func heldOutSetDoesNotRegress() async throws {
        let score = try await evaluate("heldout")
        #expect(score.recall >= 0.65, "\(score.table)")
        #expect(score.falsePositiveRate <= 0.03, "\(score.table)")
    }

    /// A regression guard on the second held-out set; its numbers are reported in the issue notes.
    @Test func secondHeldOutSetDoesNotRegress() async throws {
        let score = try await evaluate("heldout-2")
        #expect(score.recall >= 0.5, "\(score.table)")
        #expect(score.falsePositiveRate <= 0.045, "\(score.table)")
    }
}
