import SegueCore
import Testing

@Suite struct SafetyCheckerTests {
    let checker = SafetyChecker()

    @Test(arguments: [
        "Next up, Scunthorpe Social Club.",
        "That bassline is a killer.",
        "Here is Cockney Rebel with a classic.",
        "Shell shock, from the album Hello.",
        "A little Dickens on a Sunday.",
        "This one slays.",
        "Spice up the evening.",
    ])
    func ordinaryLinesPass(line: String) {
        let report = checker.check(line)
        #expect(report.verdict == .pass, "\(report.findings)")
        #expect(report.text == line)
    }

    @Test(arguments: [
        "What the fuck is this track.",
        "This is SHIT.",
        "Motherfucking great.",
        "Go kill yourself.",
        "A bitch of a song.",
    ])
    func profanityAndHarmAreBlocked(line: String) {
        let report = checker.check(line)
        #expect(report.verdict == .block)
        #expect(report.text.isEmpty)
        #expect(!report.findings.isEmpty)
    }

    @Test func mildWordsInsideACatalogNameAreSpoken() {
        let report = checker.check("Here is Dick Dale with Misirlou.", names: ["Dick Dale", "Misirlou"])
        #expect(report.verdict == .pass)
        let finding = report.findings.first
        #expect(finding?.allowedAsName == true)
        #expect(finding?.tier == .mild)
        #expect(finding?.evidence == "Dick")
    }

    @Test func theSameMildWordOutsideANameIsBlocked() {
        #expect(checker.check("What a dick move.", names: ["Dick Dale"]).verdict == .block)
    }

    @Test func strongWordsAndSlursAreBlockedEvenInsideNames() {
        #expect(checker.check("Here is Fuck Buttons.", names: ["Fuck Buttons"]).verdict == .block)
        let slur = checker.check("Now Faggot Brigade.", names: ["Faggot Brigade"])
        #expect(slur.verdict == .block)
        #expect(slur.findings.first?.tier == .slur)
        #expect(slur.findings.first?.category == .hate)
    }

    @Test func markupIsFlagged() {
        let report = checker.check("Now <break time='3s'/> this.")
        #expect(report.verdict == .block)
        #expect(report.findings.contains { $0.category == .markup })
    }

    @Test func findingsCarrySpansAndThePolicyVersion() {
        let report = checker.check("Oh damn.")
        #expect(report.policyVersion == SafetyLexicon.standard.version)
        let finding = report.findings.first
        #expect(finding?.start == 3)
        #expect(finding?.end == 7)
        #expect(finding?.rule == "lexicon:damn*")
    }
}
