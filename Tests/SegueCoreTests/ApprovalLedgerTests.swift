import Foundation
import SegueCore
import SegueTestSupport
import Testing

@Suite struct ApprovalLedgerTests {
    let template: CommentaryTemplate

    init() throws {
        template = try CommentaryTemplate(
            text: "---\nid: t1\nkind: segue\nlocale: en-US\nauthor: ed\nstatus: approved\n---\nNow {{title}}.\n",
            path: "prompts/t1.mustache")
    }

    /// A log of `entries`, each chained to the one before.
    func log(_ entries: [ApprovalEntry]) -> Data {
        var log = Data()
        for entry in entries {
            log.append(ApprovalLedger(log: log).sealed(entry))
            log.append(UInt8(ascii: "\n"))
        }
        return log
    }

    func entry(
        _ action: ApprovalEntry.Action, by: String, lint: String = "-", revision: String? = nil,
        template id: String = "t1"
    ) -> ApprovalEntry {
        ApprovalEntry(
            template: id, revision: revision ?? template.currentRevision, action: action, by: by, at: "t",
            lint: lint, author: "ed")
    }

    var submitAndApprove: [ApprovalEntry] { [entry(.submit, by: "ed"), entry(.approve, by: "chief", lint: "clean")] }

    func lines(_ data: Data) -> [Data] { data.split(separator: UInt8(ascii: "\n")).map { Data($0) } }
    func joined(_ lines: [Data]) -> Data { Data(lines.map { $0 + Data("\n".utf8) }.joined()) }

    @Test func anApprovalAfterASubmitByAnotherPersonWithACleanLintLetsTheTemplateSpeak() throws {
        let ledger = ApprovalLedger(log: log(submitAndApprove))
        #expect(ledger.problems.isEmpty)
        let approval = try ledger.approval(of: template).get()
        #expect(approval.approver == "chief" && approval.revision == template.currentRevision)
    }

    @Test func approvalsThatBreakTheWorkflowAreIgnoredAndReported() {
        let cases: [([ApprovalEntry], String)] = [
            ([entry(.approve, by: "chief", lint: "clean")], "no submit of revision"),
            ([entry(.submit, by: "ed"), entry(.approve, by: "ed", lint: "clean")], "by its own author"),
            ([entry(.submit, by: "ed"), entry(.approve, by: "chief")], "lint was not clean"),
            (
                [entry(.submit, by: "ed", revision: "sha256:old"), entry(.approve, by: "chief", lint: "clean")],
                "no submit of revision"
            ),
        ]
        for (entries, says) in cases {
            let ledger = ApprovalLedger(log: log(entries))
            #expect(throws: ApprovalLedger.Refusal.self) { try ledger.approval(of: template).get() }
            #expect(ledger.problems.map(\.message).contains { $0.contains(says) }, "\(ledger.problems)")
        }
    }

    @Test func anEditedLineBreaksTheChainAndNothingFromItOnIsTrusted() throws {
        var edited = lines(log([entry(.submit, by: "ed"), entry(.reject, by: "chief")] + submitAndApprove))
        // Someone rewrites the reject into an approval of the first submit.
        edited[1] = Data(
            String(decoding: edited[1], as: UTF8.self)
                .replacingOccurrences(of: "\"action\":\"reject\"", with: "\"action\":\"approve\"")
                .replacingOccurrences(of: "\"lint\":\"-\"", with: "\"lint\":\"clean\"").utf8)
        let ledger = ApprovalLedger(log: joined(edited))
        #expect(ledger.breakLine == 3)
        #expect(ledger.problems.first?.description.hasPrefix("line 3: the hash chain breaks here") == true)
        // Line 2 chains to line 1, but line 3 does not vouch for it: the forged approval never takes effect.
        #expect(ledger.count == 1)
        #expect(ledger.state(of: "t1") == .submitted(revision: template.currentRevision, author: "ed"))
        #expect(throws: ApprovalLedger.Refusal.self) { try ledger.approval(of: template).get() }
    }

    @Test func aDeletedOrInsertedLineIsFound() throws {
        let full = lines(log([entry(.submit, by: "ed"), entry(.reject, by: "chief")] + submitAndApprove))
        var deleted = full
        deleted.remove(at: 1)
        #expect(ApprovalLedger(log: joined(deleted)).breakLine == 2)
        var inserted = full
        inserted.insert(log([entry(.approve, by: "chief", lint: "clean")]), at: 2)
        #expect(ApprovalLedger(log: joined(inserted)).breakLine == 3)
        var headless = full
        headless.removeFirst()
        let ledger = ApprovalLedger(log: joined(headless))
        #expect(ledger.breakLine == 1 && ledger.problems[0].message.contains("the lines before it were deleted"))
        #expect(throws: ApprovalLedger.Refusal.self) { try ledger.approval(of: template).get() }
    }

    @Test func aLastLineWithoutItsNewlineIsReadAndALineFromBeforeTheChainIsNamed() throws {
        var log = log(submitAndApprove)
        log.removeLast()
        #expect(try ApprovalLedger(log: log).approval(of: template).get().approver == "chief")
        let unchained = Data(#"{"action":"approve","by":"s.park","template":"t1","revision":"fnv1a64:1"}"#.utf8)
        let ledger = ApprovalLedger(log: unchained)
        #expect(ledger.breakLine == 1 && ledger.problems[0].message.contains("migrate-log"))
    }

    @Test func aRetiredOrRejectedTemplateDoesNotSpeak() {
        for last in [entry(.retire, by: "chief"), entry(.reject, by: "chief")] {
            let ledger = ApprovalLedger(log: log(submitAndApprove + [last]))
            let library = TemplateLibrary(templates: [template], ledger: ledger)
            #expect(library.candidates(kind: .segue, locale: "en-US", mode: .production).isEmpty)
            #expect(
                library.candidates(kind: .segue, locale: "en-US", mode: .preview).count
                    == (last.action == .retire ? 0 : 1))
        }
    }
}
