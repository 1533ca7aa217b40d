import Foundation
import SegueCore

/// What each layer beyond word lists catches on a labelled set (`segue check --jsonl FILE --layers`): the set
/// checked with the word lists alone, with each layer alone on top of them, and with every layer (ablation).
public struct SafetyLayerAblation: Sendable {
    /// One configuration's counts: lines flagged (not spoken as they are) by group (an unsafe category, or `safe`).
    public struct Column: Sendable {
        public var name: String
        public var layers: SafetyChecker.Layers
        public var flagged: [String: Int]
    }

    /// Lines by group.
    public var totals: [String: Int]
    public var columns: [Column]

    /// Checks `items` (each with a `label`, and a `category` when unsafe) under every configuration.
    public init(items: [SafetyCheckItem], screen: SafetyScreen) async throws {
        let configurations: [(String, SafetyChecker.Layers)] =
            [("word lists", [])] + SafetyChecker.Layers.named.map { ("+" + $0.name, $0.layer) } + [("all", .all)]
        var totals: [String: Int] = [:]
        for item in items { totals[Self.group(of: item), default: 0] += 1 }
        var columns: [Column] = []
        for (name, layers) in configurations {
            var screen = screen
            screen.checker.layers = layers
            var flagged: [String: Int] = [:]
            for item in items where try await screen.check(item.text, facts: item.facts).verdict != .pass {
                flagged[Self.group(of: item), default: 0] += 1
            }
            columns.append(Column(name: name, layers: layers, flagged: flagged))
        }
        self.totals = totals
        self.columns = columns
    }

    /// `safe`, or the unsafe line's category.
    public static func group(of item: SafetyCheckItem) -> String {
        item.label == "unsafe" ? (item.category ?? "unsafe") : "safe"
    }

    /// Unsafe lines caught (recall) in `column`.
    public func recall(_ column: Column) -> Double {
        let unsafe = totals.filter { $0.key != "safe" }
        let caught = unsafe.keys.reduce(0) { $0 + (column.flagged[$1] ?? 0) }
        return Double(caught) / Double(max(unsafe.values.reduce(0, +), 1))
    }

    /// Safe lines flagged (false positives) in `column`.
    public func falsePositiveRate(_ column: Column) -> Double {
        Double(column.flagged["safe"] ?? 0) / Double(max(totals["safe"] ?? 0, 1))
    }

    /// The counts as a Markdown table: a row per unsafe category, then all unsafe lines and the safe ones flagged.
    public var markdown: String {
        func percent(_ value: Double) -> String { String(format: "%.1f %%", 100 * value) }
        var rows = [
            "| category | lines | " + columns.map(\.name).joined(separator: " | ") + " |",
            "|---|---|" + String(repeating: "---|", count: columns.count),
        ]
        for group in totals.keys.filter({ $0 != "safe" }).sorted() {
            let cells = columns.map { "\($0.flagged[group] ?? 0)" }
            rows.append("| \(group) | \(totals[group] ?? 0) | " + cells.joined(separator: " | ") + " |")
        }
        let unsafe = totals.filter { $0.key != "safe" }.values.reduce(0, +)
        rows.append(
            "| recall (all unsafe) | \(unsafe) | " + columns.map { percent(recall($0)) }.joined(separator: " | ") + " |"
        )
        rows.append(
            "| safe flagged | \(totals["safe"] ?? 0) | "
                + columns.map { "\($0.flagged["safe"] ?? 0) (\(percent(falsePositiveRate($0))))" }
                .joined(separator: " | ") + " |")
        return rows.joined(separator: "\n")
    }
}
