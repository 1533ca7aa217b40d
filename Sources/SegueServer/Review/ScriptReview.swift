import Foundation
import SegueSession

/// A session's script as a reviewer reads it: every line with its safety verdict and findings, the facts its slots
/// were filled from (the fact ledger), and the flags reviewers put on it.
struct ScriptReview: Sendable, Codable {
    /// A safety finding on a line.
    struct Finding: Sendable, Codable, Equatable {
        var rule: String
        var category: String
        var evidence: String
    }

    /// A fact a slot was filled with, and where it came from.
    struct Fact: Sendable, Codable, Equatable {
        var slot: String
        var value: String
        var source: String
    }

    /// A script line.
    struct Line: Sendable, Codable {
        var id: String
        var templateID: String
        var text: String
        var originalText: String
        var verdict: String
        var findings: [Finding]
        var facts: [Fact]
        var flags: [LineFlag]
    }

    var session: String
    var listener: String
    var lines: [Line]

    init(session: StoredSession, document: SessionDocument, flags: [LineFlag]) {
        self.init(id: session.id, listener: session.listener, document: document, flags: flags)
    }

    /// The review of the script `id` (a session's or a script's made for review).
    init(id: String, listener: String, document: SessionDocument, flags: [LineFlag]) {
        session = id
        self.listener = listener
        lines = document.lines.map { entry in
            let line = entry.line
            return Line(
                id: line.id, templateID: line.templateID, text: line.text, originalText: line.originalText,
                verdict: line.safety.verdict.rawValue,
                findings: line.safety.findings.map {
                    Finding(rule: $0.rule, category: "\($0.category)", evidence: $0.evidence)
                },
                facts: line.slots.map { Fact(slot: $0.slot, value: $0.value, source: $0.source) },
                flags: flags.filter { $0.line == line.id })
        }
    }
}
