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
        let report = checker.check(
            "Here is Dick Dale with Misirlou.", facts: ["artist": "Dick Dale", "title": "Misirlou"])
        #expect(report.verdict == .pass)
        let finding = report.findings.first
        #expect(finding?.action == .allowed)
        #expect(finding?.slot == "artist")
        #expect(finding?.tier == .mild)
        #expect(finding?.evidence == "Dick")
    }

    @Test func theSameMildWordOutsideANameIsBlocked() {
        #expect(checker.check("What a dick move.", facts: ["artist": "Dick Dale"]).verdict == .block)
    }

    @Test func aStrongWordInANameFallsBackToANamelessLine() {
        let report = checker.check(
            "Here is Fuck Buttons with Sweet Love.", facts: ["artist": "Fuck Buttons", "title": "Sweet Love"])
        #expect(report.verdict == .rewrite)
        #expect(report.text == "Here is this artist with Sweet Love.")
        #expect(report.findings.contains { $0.slot == "artist" && $0.action == .rewritten })
    }

    @Test func slursAreNeverSpokenEvenInsideNames() {
        let slur = checker.check("Now Faggot Brigade.", facts: ["artist": "Faggot Brigade"])
        #expect(slur.verdict == .block)
        #expect(slur.findings.first?.tier == .slur)
        #expect(slur.findings.first?.category == .hate)
    }

    @Test(arguments: [
        "What the f*ck.", "This is sh1t.", "Absolute fuuuuuck.", "f u c k this.", "s.h.i.t happens here.",
        "Ｆｕｃｋ that.", "f\u{200B}uck that.", "fυck (Greek upsilon).", "This is bullsh!t.", "a$$hole energy.",
    ])
    func obfuscationsAreSeenThrough(line: String) {
        let report = checker.check(line)
        #expect(report.verdict == .block, "\(line): \(report.findings)")
    }

    @Test func slotHygieneCleansFactsAndSaysWhat() {
        let title = "Night Drive <break time='9s'/> [[n'aIt]] www.spam.example.com"
        let report = checker.check("Here is \(title).", facts: ["title": title])
        #expect(report.verdict == .rewrite)
        #expect(report.text == "Here is Night Drive.")
        let rules = Set(report.findings.map(\.rule))
        #expect(rules.contains("hygiene:markup"))
        #expect(rules.contains("hygiene:phonemes"))
        #expect(rules.contains("hygiene:url") || rules.contains("hygiene:domain"))
    }

    @Test func numbersAndClaimsMustTraceToFacts() {
        #expect(checker.check("From 1962, Misirlou.", facts: ["year": "1962", "title": "Misirlou"]).verdict == .pass)
        #expect(checker.check("From 1985, Misirlou.", facts: ["year": "1962", "title": "Misirlou"]).verdict == .block)
        #expect(checker.check("Their Grammy-winning single, Misirlou.", facts: ["title": "Misirlou"]).verdict == .block)
        #expect(checker.check("Here is Number One Crush.", facts: ["title": "Number One Crush"]).verdict == .pass)
        #expect(checker.check("A sixties sound from the 60s.", facts: ["year": "1964"]).verdict == .pass)
    }

    @Test func personalDataAndSpamAreBlocked() {
        #expect(checker.check("Write to me at dj@example.com tonight.").verdict == .block)
        #expect(checker.check("Call 555-0199 for requests.").verdict == .block)
        #expect(checker.check("Follow @segue_radio for more.").verdict == .block)
        #expect(checker.check("Sam, we know you live at 12 Oak Road.").verdict == .block)
        #expect(checker.check("This one is for you, Sam.", facts: ["listener_name": "Sam"]).verdict == .pass)
    }

    @Test func encouragementOfHarmAndDrugsIsBlockedButFigurativeTalkIsNot() {
        #expect(checker.check("Grab some pills and dance all night.").verdict == .block)
        #expect(checker.check("Go hurt someone tonight.").verdict == .block)
        #expect(checker.check("The drummer murders that fill, a song to die for.").verdict == .pass)
        #expect(
            checker.check("Here is Cocaine by J.J. Cale.", facts: ["title": "Cocaine", "artist": "J.J. Cale"]).verdict
                == .pass)
    }

    @Test func markupIsFlagged() {
        let report = checker.check("Now <break time='3s'/> this.")
        #expect(report.verdict == .block)
        #expect(report.findings.contains { $0.category == .markup })
    }

    /// Found by `make fuzz`: a fact value with NUL characters crashed Foundation's replace.
    @Test func factValuesWithNULCharactersAreCleanedNotCrashedOn() {
        let value = "\u{1A}\u{0}.\u{0}"
        let report = checker.check("Here is " + value + ".", facts: ["title": value])
        #expect(report.verdict != .pass)
        #expect(!report.text.unicodeScalars.contains { $0.value < 32 })
    }

    @Test func findingsCarrySpansAndThePolicyVersion() {
        let report = checker.check("Oh damn.")
        #expect(report.policyVersion == SafetyPolicy.standard.version)
        let finding = report.findings.first
        #expect(finding?.start == 3)
        #expect(finding?.end == 7)
        #expect(finding?.rule == "lexicon:damn*")
    }
}
