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
        #expect(library.isApproved(template))
        #expect(template.approvedBy == "s.park" && template.approvedAt == "2026-11-29T11:00:00Z")
        #expect(library.candidates(kind: .segue, locale: "en-US", mode: .production).count == 1)
        let log = try String(contentsOf: studio.logURL, encoding: .utf8).split(separator: "\n")
        #expect(log.count == 2)
        #expect(log[0].contains(#""action":"submit""#) && log[1].contains(#""action":"approve""#))
        #expect(log[1].contains(template.currentRevision) && log[1].contains(#""lint":"clean""#))
        #expect(log[1].contains(#""prev":"\#(ApprovalLedger.hash(Data(log[0].utf8)))""#))
    }

    @Test func approvingWithoutASubmitIsRefused() async throws {
        let folder = try folder(with: ["s1": text("s1", "Now, {{title}}.")])
        let studio = TemplateStudio(folder: folder)
        let error = try await #require(throws: StudioError.self) {
            try await studio.approve("s1", by: "s.park", at: "t")
        }
        #expect(error.description.contains("only a submitted revision can be approved"))
        #expect(!FileManager.default.fileExists(atPath: studio.logURL.path))
        // A submit of an older text does not cover the current one.
        try studio.submit("s1", by: "m.okafor", at: "t1")
        let url = folder.appendingPathComponent("s1.mustache")
        try Data(text("s1", "Now, {{title}}, tonight.", status: "in_review").utf8).write(to: url)
        let changed = try await #require(throws: StudioError.self) {
            try await studio.approve("s1", by: "s.park", at: "t2")
        }
        #expect(changed.description.contains("changed since it was submitted"))
    }

    @Test func aHandWrittenApprovalOrAPastedRevisionDoesNotSpeak() async throws {
        // A new file whose header claims approval, with the right revision, by someone else.
        var forged = try CommentaryTemplate(text: text("ad", "Buy now, {{title}}."), path: "ad.mustache")
        forged.status = .approved
        forged.approvedBy = "s.park"
        forged.revision = forged.currentRevision
        let folder = try folder(with: ["ad": forged.fileText, "s1": text("s1", "Now, {{title}}.")])
        let studio = TemplateStudio(folder: folder)
        try studio.submit("s1", by: "m.okafor", at: "t1")
        try await studio.approve("s1", by: "s.park", at: "t2")
        // An approved template edited, with its new revision pasted into the header.
        let url = folder.appendingPathComponent("s1.mustache")
        var edited = try CommentaryTemplate(text: String(contentsOf: url, encoding: .utf8), path: url.path)
        edited.body = "Now, {{title}}, brought to you by our sponsor."
        edited.revision = edited.currentRevision
        try Data(edited.fileText.utf8).write(to: url)
        let library = try TemplateLibrary.load(from: folder)
        #expect(library.candidates(kind: .segue, locale: "en-US", mode: .production).isEmpty)
        let reasons = Dictionary(uniqueKeysWithValues: library.refused.map { ($0.template.id, $0.reason) })
        #expect(reasons["ad"] == "the approval log holds no approval of it")
        #expect(reasons["s1"]?.contains("changed since approval") == true)
    }

    @Test func aTamperedLogIsReportedAndTakesNoMoreSteps() async throws {
        let folder = try folder(with: ["s1": text("s1", "Now, {{title}}."), "s2": text("s2", "And {{title}}.")])
        let studio = TemplateStudio(folder: folder)
        try studio.submit("s1", by: "m.okafor", at: "t1")
        try await studio.approve("s1", by: "s.park", at: "t2")
        try studio.submit("s2", by: "m.okafor", at: "t3")
        try studio.reject("s2", by: "s.park", at: "t4", reason: "flat")
        // Delete the reject's predecessor (the submit of s2): the chain breaks at the reject.
        var lines = try String(contentsOf: studio.logURL, encoding: .utf8).split(separator: "\n")
        lines.remove(at: 2)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: studio.logURL)
        var warnings: [InputWarning] = []
        let library = try TemplateLibrary.load(from: folder, warnings: &warnings)
        #expect(warnings.map(\.description).contains { $0.contains("approvals.jsonl: line 3: the hash chain breaks") })
        // The approve at line 2 is not vouched for by line 3, so s1 no longer speaks either.
        #expect(library.candidates(kind: .segue, locale: "en-US", mode: .production).isEmpty)
        let error = #expect(throws: StudioError.self) { try studio.submit("s2", by: "m.okafor", at: "t5") }
        #expect(error?.description.contains("Restore the log") == true)
    }

    @Test func aLastLineWithoutItsNewlineIsClosedBeforeTheNextEntry() async throws {
        let folder = try folder(with: ["s1": text("s1", "Now, {{title}}.")])
        let studio = TemplateStudio(folder: folder)
        try studio.submit("s1", by: "m.okafor", at: "t1")
        var log = try Data(contentsOf: studio.logURL)
        log.removeLast()
        try log.write(to: studio.logURL)
        try await studio.approve("s1", by: "s.park", at: "t2")
        let text = try String(contentsOf: studio.logURL, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 2 && text.hasSuffix("\n"))
        let ledger = try studio.ledger()
        #expect(ledger.problems.isEmpty && ledger.count == 2)
    }

    @Test func anUnchainedLogIsCarriedOverOnlyForApprovalsThatStillHold() async throws {
        let folder = try folder(with: [
            "kept": text("kept", "Now, {{title}}.", status: "approved"),
            "edited": text("edited", "And {{title}}, edited after approval.", status: "approved"),
            "own": text("own", "Here is {{title}}.", status: "approved"),
        ])
        func legacy(_ id: String, _ body: String, by: String) -> String {
            #"{"action":"approve","at":"2026-11-29T04:45:00Z","by":"\#(by)","lint":"clean","#
                + #""revision":"\#(TemplateStudio.unchainedRevision(body))","template":"\#(id)"}"#
        }
        let old = [
            legacy("kept", "Now, {{title}}.", by: "s.park"), legacy("edited", "And {{title}}.", by: "s.park"),
            legacy("own", "Here is {{title}}.", by: "m.okafor"),
        ].joined(separator: "\n")
        let studio = TemplateStudio(folder: folder)
        try Data(old.utf8).write(to: studio.logURL)
        #expect(try studio.ledger().breakLine == 1)
        let report = try await studio.migrateUnchainedLog(by: "engineering", at: "2026-12-03T00:00:00Z")
        #expect(report.count == 3)
        let library = try TemplateLibrary.load(from: folder)
        #expect(library.ledger.problems.isEmpty)
        #expect(library.candidates(kind: .segue, locale: "en-US", mode: .production).map(\.id) == ["kept"])
        #expect(library.templates.first { $0.id == "edited" }?.status == .draft)
        let kept = try String(
            contentsOf: folder.appendingPathComponent(TemplateStudio.unchainedLogName), encoding: .utf8)
        #expect(kept == old)
        await #expect(throws: StudioError.self) { try await studio.migrateUnchainedLog(by: "engineering", at: "t") }
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
        try studio.submit("s1", by: "m.okafor", at: "t0")
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
        try studio.submit("s1", by: "m.okafor", at: "t0")
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
        #expect(history.recentTalk(for: "ana").templates == ["t3", "t4", "t5"])
        #expect(history.recentTalk(for: "ben").templates == ["b1"])
        // Artists introduced as new are remembered the same way; a history written before they were kept reads too.
        history.record(listener: "ben", seed: 2, templates: ["b2"], introduced: ["Nova"])
        #expect(history.recentTalk(for: "ben").introducedArtists == ["Nova"])
        #expect(history.recentTalk(for: "ana").introducedArtists.isEmpty)
        let older = try JSONDecoder().decode(
            TemplateHistory.self,
            from: Data(#"{"sessions":[{"listener":"cy","seed":1,"templates":["x"]}]}"#.utf8))
        #expect(older.recentTalk(for: "cy") == RecentTalk(templates: ["x"]))
        let url = try Fixtures.temporaryFolder().appendingPathComponent("history.json")
        #expect(try TemplateHistory.load(from: url) == TemplateHistory())
        try JSONFile.encode(history).write(to: url)
        #expect(try TemplateHistory.load(from: url) == history)
    }

    /// The sessions also keep when they were and what they played, for a fresh lineup next time: two weeks of them,
    /// while the talk still rotates against the last three.
    @Test func remembersTwoWeeksOfTracksForFreshness() throws {
        var history = TemplateHistory()
        history.record(listener: "ana", seed: 1, templates: ["old"])  // written before dates and tracks were kept
        for day in 1...20 {
            history.record(
                listener: "ana", seed: UInt64(day), templates: ["t\(day)"], date: "2026-11-\(10 + day)",
                tracks: ["a\(day)", "b\(day)"])
        }
        history.record(listener: "ben", seed: 1, templates: ["b"], date: "2026-12-01", tracks: ["x"])
        let recent = history.recentSessions(for: "ana").sessions
        #expect(recent.count == TemplateHistory.kept)
        #expect(recent.first == RecentSessions.Session(date: "2026-11-17", trackIDs: ["a7", "b7"]))
        #expect(recent.last == RecentSessions.Session(date: "2026-11-30", trackIDs: ["a20", "b20"]))
        #expect(history.recentTalk(for: "ana").templates == ["t18", "t19", "t20"])
        #expect(history.recentSessions(for: "ben").sessions.map(\.trackIDs) == [["x"]])
        let url = try Fixtures.temporaryFolder().appendingPathComponent("history.json")
        try JSONFile.encode(history).write(to: url)
        #expect(try TemplateHistory.load(from: url).recentSessions(for: "ana").sessions == recent)
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
        // Once the log approves 'half', its file breaking stops production: a reviewer signed that line off.
        let half = try CommentaryTemplate(
            text: "---\nid: half\nkind: segue\nlocale: en-US\nauthor: ed\nstatus: approved\n---\nUp next {{title}}.",
            path: "half.mustache")
        try TemplateLibrary.approvalLog([half]).write(to: folder.appendingPathComponent(TemplateLibrary.logName))
        try Data("---\nid: half\nkind: segue\nstatus: approved\n---\nUp next {{#title}".utf8)
            .write(to: folder.appendingPathComponent("half.mustache"))
        var more: [InputWarning] = []
        let error = #expect(throws: TemplateError.self) { try TemplateLibrary.load(from: folder, warnings: &more) }
        #expect(error?.path.hasSuffix("half.mustache") == true)
    }
}

@Suite struct TemplateInputTests {
    @Test func aPipeNamedLikeATemplateIsRefusedNotWaitedOn() throws {
        let folder = try Fixtures.temporaryFolder()
        try FileManager.default.copyItem(
            at: Fixtures.prompts.appendingPathComponent("segue-up-next.mustache"),
            to: folder.appendingPathComponent("segue-up-next.mustache"))
        #expect(mkfifo(folder.appendingPathComponent("stuck.mustache").path, 0o600) == 0)
        var warnings: [InputWarning] = []
        let library = try TemplateLibrary.load(from: folder, warnings: &warnings)
        #expect(library.templates.map(\.id) == ["segue-up-next"])
        #expect(
            warnings.contains {
                $0.description.contains("stuck.mustache: left out") && $0.description.contains("not a regular file")
            })
    }
}
