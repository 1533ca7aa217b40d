import Foundation
import SegueCore
import SegueSession
import SegueSpeech
import SegueTestSupport
import Testing

@Suite struct TemplateStudioTests {
    func folder(with templates: [String: String]) throws -> URL {
        let folder = try Fixtures.temporaryFolder()
        for (id, text) in templates { try Data(text.utf8).write(to: folder.appendingPathComponent("\(id).mustache")) }
        return folder
    }

    func text(_ id: String, _ body: String, status: String = "draft", author: String = "m.okafor") -> String {
        "---\nid: \(id)\nkind: segue\nlocale: en-US\nauthor: \(author)\nstatus: \(status)\n---\n\(body)\n"
    }

    @Test func submitThenApproveRecordsTheRevisionApproverAndTimeInAnAppendOnlyLog() async throws {
        let folder = try folder(with: ["s1": text("s1", "Now, {{title}} by {{artist}}.")])
        let studio = TemplateStudio(folder: folder)
        try studio.submit("s1", by: "m.okafor", at: "2026-11-29T10:00:00Z")
        try await studio.approve("s1", by: "s.park", at: "2026-11-29T11:00:00Z")
        let library = try TemplateLibrary.load(from: folder)
        let template = try #require(library.templates.first)
        #expect(template.hasValidApproval)
        #expect(template.approvedBy == "s.park" && template.approvedAt == "2026-11-29T11:00:00Z")
        #expect(library.candidates(kind: .segue, locale: "en-US", mode: .production).count == 1)
        let log = try String(contentsOf: studio.logURL, encoding: .utf8).split(separator: "\n")
        #expect(log.count == 2)
        #expect(log[0].contains(#""action":"submit""#) && log[1].contains(#""action":"approve""#))
        #expect(log[1].contains(template.currentRevision) && log[1].contains(#""lint":"clean""#))
    }

    @Test func theAuthorCannotApproveTheirOwnTemplate() async throws {
        let folder = try folder(with: ["s1": text("s1", "Now, {{title}}.")])
        let studio = TemplateStudio(folder: folder)
        await #expect(throws: StudioError.self) { try await studio.approve("s1", by: "m.okafor", at: "t") }
        #expect(try TemplateLibrary.load(from: folder).templates.first?.status == .draft)
    }

    @Test func editingAnApprovedBodyMakesItRefusedAtRunTime() async throws {
        let folder = try folder(with: ["s1": text("s1", "Now, {{title}}.")])
        let studio = TemplateStudio(folder: folder)
        try await studio.approve("s1", by: "s.park", at: "t")
        let url = folder.appendingPathComponent("s1.mustache")
        let edited = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "Now,", with: "Right now,")
        try Data(edited.utf8).write(to: url)
        let library = try TemplateLibrary.load(from: folder)
        #expect(library.candidates(kind: .segue, locale: "en-US", mode: .production).isEmpty)
        #expect(library.candidates(kind: .segue, locale: "en-US", mode: .preview).count == 1)
        #expect(library.refused.count == 1)
    }

    @Test func approvalNeedsACleanLint() async throws {
        let folder = try folder(with: ["s1": text("s1", "Their number one hit, {{title}}.")])
        let studio = TemplateStudio(folder: folder)
        let error = try await #require(throws: StudioError.self) {
            try await studio.approve("s1", by: "s.park", at: "t")
        }
        #expect(error.description.contains("L004"))
    }

    @Test func rejectSendsBackToDraftWithTheReason() async throws {
        let folder = try folder(with: ["s1": text("s1", "Now, {{title}}.")])
        let studio = TemplateStudio(folder: folder)
        try await studio.approve("s1", by: "s.park", at: "t1")
        try studio.reject("s1", by: "s.park", at: "t2", reason: "too flat")
        #expect(try TemplateLibrary.load(from: folder).templates.first?.status == .draft)
        #expect(try String(contentsOf: studio.logURL, encoding: .utf8).contains("too flat"))
    }

    @Test(arguments: [
        ("L001", "Now, {{title}.", "unclosed"),
        ("L001", "Now, {{{title}}}.", "not allowed"),
        ("L003", "From {{album}}: {{title}}.", "no {{^album}} fallback"),
        ("L004", "Their Grammy-winning {{title}}.", "claims and numbers"),
        ("L004", "The 1st of three: {{title}}.", "claims and numbers"),
        ("L005", "Damn, here is {{title}}.", "unsafe template text"),
        ("L006", "Here is {{title}}{{#year}} from {{year}}{{/year}}{{^year}} from{{/year}}.", "dangling"),
    ])
    func eachLintCodeFires(code: String, body: String, says: String) throws {
        let findings = TemplateLinter().lint(text: text("x", body), path: "prompts/x.mustache")
        let finding = try #require(findings.first { $0.code == code }, "\(findings)")
        #expect(finding.description.hasPrefix("prompts/x.mustache:\(finding.line):\(finding.column): \(code)"))
        #expect(finding.line >= 7)
        #expect(finding.message.contains(says))
    }

    @Test func theShippedTemplatesLintCleanWithRealSpeech() async throws {
        let studio = TemplateStudio(folder: Fixtures.prompts, speech: (ESpeakSynthesizer.shared, Fixtures.voices))
        let findings = try await studio.lint()
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func aTemplateTooLongToSayIsFlaggedByItsSynthesisedLength() async throws {
        let long =
            "Now, a long one: {{title}} by {{artist}}, which we have been looking forward to playing all evening, "
            + "and which we think you will enjoy as much as we do, so sit back and listen closely."
        let folder = try folder(with: ["long": text("long", long), "short": text("short", "Now, {{title}}.")])
        let studio = TemplateStudio(folder: folder, speech: (ESpeakSynthesizer.shared, Fixtures.voices))
        let findings = try await studio.lint()
        #expect(findings.map(\.code) == ["L002"], "\(findings)")
        #expect(findings.first?.path.hasSuffix("long.mustache") == true)
    }

    @Test func nearDuplicateTemplatesAreFlagged() throws {
        let a = try CommentaryTemplate(
            text: text("a", "That was {{previous_artist}}. Now, {{title}} by {{artist}}."), path: "a.mustache")
        let b = try CommentaryTemplate(
            text: text("b", "That was {{previous_artist}}. And now, {{title}} by {{artist}}."), path: "b.mustache")
        let c = try CommentaryTemplate(text: text("c", "Stay with us for {{title}}."), path: "c.mustache")
        let findings = TemplateLinter().nearDuplicates([a, b, c])
        #expect(findings.map(\.code) == ["L007"])
        #expect(findings.first?.path == "b.mustache")
        #expect(findings.first?.message.contains("the same words as a") == true)
    }
}

@Suite struct TemplateHistoryTests {
    @Test func rememberesTheLastSessionsPerListenerAndSurvivesAFile() throws {
        var history = TemplateHistory()
        for seed in UInt64(1)...5 { history.record(listener: "ana", seed: seed, templates: ["t\(seed)"]) }
        history.record(listener: "ben", seed: 1, templates: ["b1"])
        #expect(history.recentTemplates(for: "ana") == ["t3", "t4", "t5"])
        #expect(history.recentTemplates(for: "ben") == ["b1"])
        let url = try Fixtures.temporaryFolder().appendingPathComponent("history.json")
        #expect(try TemplateHistory.load(from: url) == TemplateHistory())
        try JSONFile.encode(history).write(to: url)
        #expect(try TemplateHistory.load(from: url) == history)
    }

    @Test func aBrokenDraftIsLeftOutWithAWarningButABrokenApprovedTemplateStopsTheLoad() throws {
        let folder = try Fixtures.temporaryFolder()
        for name in ["segue-up-next.mustache", "intro-welcome.mustache"] {
            try FileManager.default.copyItem(
                at: Fixtures.prompts.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        try Data("---\nid: half\nkind: segue\nstatus: draft\n---\nUp next {{#title}".utf8)
            .write(to: folder.appendingPathComponent("half.mustache"))
        var warnings: [InputWarning] = []
        let library = try TemplateLibrary.load(from: folder, warnings: &warnings)
        #expect(library.templates.map(\.id).sorted() == ["intro-welcome", "segue-up-next"])
        #expect(warnings.count == 1 && warnings[0].description.contains("half.mustache: left out, it does not parse"))
        // The strict load (and an approved file that breaks) stops with the file named.
        #expect(throws: TemplateError.self) { try TemplateLibrary.load(from: folder) }
        try Data("---\nid: half\nkind: segue\nstatus: approved\n---\nUp next {{#title}".utf8)
            .write(to: folder.appendingPathComponent("half.mustache"))
        var more: [InputWarning] = []
        let error = #expect(throws: TemplateError.self) { try TemplateLibrary.load(from: folder, warnings: &more) }
        #expect(error?.path.hasSuffix("half.mustache") == true)
    }
}
