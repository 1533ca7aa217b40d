import Foundation
import SegueCore
import SegueTestSupport
import Testing

@Suite struct CommentaryTests {
    func template(
        _ body: String, kind: String = "segue", status: String = "approved", id: String = "t1"
    ) throws -> CommentaryTemplate {
        var template = try CommentaryTemplate(
            text: "---\nid: \(id)\nkind: \(kind)\nlocale: en-US\nauthor: ed\nstatus: \(status)\n---\n\(body)\n",
            path: "prompts/\(id).mustache")
        if status == "approved" {
            template.approvedBy = "chief"
            template.revision = template.currentRevision
        }
        return template
    }

    @Test func fillsSlotsAndUsesTheFallbackWhenAnOptionalSlotIsEmpty() throws {
        let t = try template(
            "Here is {{title}}{{#album}}, from {{album}}{{/album}}{{^album}}, by {{artist}}{{/album}}.")
        #expect(
            t.render(["title": "Misirlou", "album": "Surfers' Choice", "artist": "Dick Dale"])
                == "Here is Misirlou, from Surfers' Choice.")
        #expect(t.render(["title": "Misirlou", "artist": "Dick Dale"]) == "Here is Misirlou, by Dick Dale.")
    }

    @Test(arguments: [
        ("orchestral", "Here is an orchestral pick."), ("house", "Here is a house pick."),
        ("unique", "Here is a unique pick."), ("hour-long", "Here is an hour-long pick."),
        ("MC", "Here is an MC pick."), ("UK garage", "Here is a UK garage pick."), ("80s", "Here is an 80s pick."),
        ("11th-hour", "Here is an 11th-hour pick."), ("one-off", "Here is a one-off pick."),
        ("uninspired", "Here is an uninspired pick."), ("electronic", "Here is an electronic pick."),
    ])
    func theArticleAgreesWithWhatASlotPutsAfterIt(genre: String, line: String) throws {
        #expect(try template("Here is a {{genre}} pick.").render(["genre": genre]) == line)
        #expect(try template("Here is an {{genre}} pick.").render(["genre": genre]) == line)
    }

    @Test func aCapitalAIsALetterUnlessASentenceStartsWithIt() throws {
        #expect(try template("Up next, {{title}}.").render(["title": "Plan A is off"]) == "Up next, Plan A is off.")
        #expect(
            try template("{{title}}. A {{genre}} one.").render(["title": "Hi", "genre": "ambient"])
                == "Hi. An ambient one.")
    }

    @Test func valuesAreNotHTMLEscaped() throws {
        let t = try template("Now {{artist}}.")
        #expect(t.render(["artist": "Simon & Garfunkel"]) == "Now Simon & Garfunkel.")
    }

    @Test(arguments: ["{{{artist}}}", "{{&artist}}", "{{>partial}}", "{{=<% %>=}}"])
    func unsafeTagsAreRejected(body: String) throws {
        let error = try #require(throws: TemplateError.self) { try template("Now \(body).") }
        #expect(error.path == "prompts/t1.mustache")
        #expect(error.message.contains("not allowed"))
    }

    @Test func unknownSlotsAndBadFrontMatterAreNamed() throws {
        let slot = try #require(throws: TemplateError.self) { try template("Now {{listener_address}}.") }
        #expect(slot.description.contains("unknown slot 'listener_address'"))
        let kind = try #require(throws: TemplateError.self) { try template("x", kind: "weather") }
        #expect(kind.description.contains("unknown kind 'weather'"))
        #expect(throws: TemplateError.self) { try CommentaryTemplate(text: "no front matter", path: "p.mustache") }
    }

    @Test func productionSpeaksApprovedTemplatesOnly() throws {
        let library = TemplateLibrary.approving([
            try template("A {{title}}.", id: "a"), try template("B {{title}}.", status: "draft", id: "b"),
            try template("C {{title}}.", status: "retired", id: "c"),
        ])
        #expect(library.candidates(kind: .segue, locale: "en-US", mode: .production).map(\.id) == ["a"])
        #expect(library.candidates(kind: .segue, locale: "en-GB", mode: .preview).map(\.id) == ["a", "b"])
    }

    @Test func anEditedTemplateVoidsItsApprovalAtRunTime() throws {
        let approved = try template("A {{title}}.", id: "a")
        let log = TemplateLibrary.approvalLog([approved])
        #expect(TemplateLibrary(templates: [approved], ledger: ApprovalLedger(log: log)).isApproved(approved))
        var edited = approved
        edited.body = "A {{title}}, now with a new claim."
        var moved = approved
        moved.kind = .outro
        for changed in [edited, moved] {
            let library = TemplateLibrary(templates: [changed], ledger: ApprovalLedger(log: log))
            #expect(library.candidates(kind: changed.kind, locale: "en-US", mode: .production).isEmpty)
            #expect(library.refused.first?.reason.contains("changed since approval") == true)
        }
    }

    @Test func aHandWrittenApprovalInTheHeaderIsNoApproval() throws {
        // The header says approved, by someone else, with the right revision: the log holds nothing.
        let forged = try template("Buy now at our store, {{title}}.", id: "ad")
        #expect(forged.status == .approved && forged.revision == forged.currentRevision)
        let library = TemplateLibrary(templates: [forged], ledger: ApprovalLedger())
        #expect(library.candidates(kind: .segue, locale: "en-US", mode: .production).isEmpty)
        #expect(library.refused.first?.reason == "the approval log holds no approval of it")
    }

    @Test func theShippedApprovedTemplatesCarryValidApprovals() throws {
        let library = try TemplateLibrary.load(from: Fixtures.prompts)
        #expect(library.refused.isEmpty, "\(library.refused.map(\.reason))")
    }

    @Test func theShippedPromptsLoad() throws {
        let library = try TemplateLibrary.load(from: Fixtures.prompts)
        let approved = library.templates.filter { $0.status == .approved }
        #expect(approved.count >= 12)
        #expect(Set(approved.map(\.kind)) == Set(CommentaryTemplate.Kind.allCases))
    }

    @Test(arguments: [
        ("<speak><prosody rate='x-fast'>Loud</prosody></speak>", "Loud"),
        ("Title [[h@'l@U]] Two", "Title Two"),
        ("Tab\u{0007}Bell\u{202E}Reversed\u{200B}Zero", "TabBellReversedZero"),
        ("  many    spaces\nand\tlines ", "many spaces and lines"),
        ("Ｆｕｌｌｗｉｄｔｈ", "Fullwidth"),
        ("{{artist}} braces", "artist braces"),
    ])
    func slotValuesAreCleanedOfMarkupAndControlCharacters(raw: String, clean: String) {
        #expect(SlotSanitizer.clean(raw) == clean)
    }

    @Test func longValuesAreCappedAtAWord() {
        let title = String(repeating: "word ", count: 2000)
        let clean = SlotSanitizer.clean(title)
        #expect(clean.count <= SlotSanitizer.maximumLength)
        #expect(clean.hasSuffix("word"))
    }
}

@Suite struct ScriptWriterTests {
    func writer(_ library: TemplateLibrary) async throws -> ScriptWriter {
        let screen = try await SafetyScreen.make(transcriber: nil)
        return ScriptWriter(library: library, screen: screen)
    }

    func lineup(_ tracks: [Track], newArtist: Set<String> = []) -> Lineup {
        Lineup(
            listenerID: "l", seed: 1,
            picks: tracks.enumerated().map { i, t in
                LineupPick(
                    position: i + 1, track: t, reasons: [.fitsTheMix], score: 1, isNewArtist: newArtist.contains(t.id))
            }, skipped: [], warnings: [])
    }

    /// A plan around a lineup: the script stage reads the listener's locale and the seed from it.
    func plan(_ lineup: Lineup, locale: String, seed: UInt64) -> SessionPlan {
        let analyses = lineup.picks.map { _ in
            TrackAnalysis(frames: 44_100 * 40, sampleRate: 44_100, loudness: -14, peak: 0.5)
        }
        return SessionPlan(
            listener: Listener(id: "l", name: "L", locale: locale, explicit: .allow),
            options: SessionOptions(lineup: LineupOptions(seed: seed)), lineup: lineup, analyses: analyses)
    }

    @Test func introFirstOutroLastAndALineEveryTwoToFourTracks() async throws {
        let library = try TemplateLibrary.load(from: Fixtures.prompts)
        let tracks = (0..<12).map { Fixtures.track("t\($0)", artist: "Artist \($0)") }
        let catalog = try Catalog(tracks: tracks, baseURL: Fixtures.samples)
        for seed in UInt64(1)...10 {
            let scriptWriter = try await writer(library)
            let script = try await scriptWriter.script(
                for: plan(lineup(tracks), locale: "en-US", seed: seed), catalog: catalog)
            #expect(script.lines.first?.kind == .intro)
            #expect(script.lines.first?.trackIndex == 0)
            #expect(script.lines.last?.kind == .outro)
            #expect(script.lines.last?.placement == .trackEnd)
            let middle = script.lines.dropFirst().dropLast().map(\.trackIndex)
            let starts = [0] + middle
            for (a, b) in zip(starts, starts.dropFirst()) { #expect((2...4).contains(b - a)) }
            #expect(Set(script.lines.map(\.templateID)).count == script.lines.count)
            #expect(script.lines.allSatisfy { $0.templateStatus == .approved })
        }
    }

    @Test func slotsAreFilledFromCatalogFactsOnlyAndHostileMetadataIsCleaned() async throws {
        let library = try TemplateLibrary.load(from: Fixtures.prompts)
        var hostile = Fixtures.track("h", artist: "<voice name='evil'>Mallory</voice>")
        hostile.title = "Real Title\u{0000}[[k'Il]]" + String(repeating: "x", count: 10_000)
        let tracks = [hostile, Fixtures.track("b", artist: "Bob"), Fixtures.track("c", artist: "Cy")]
        let catalog = try Catalog(tracks: tracks, baseURL: Fixtures.samples)
        let scriptWriter = try await writer(library)
        let script = try await scriptWriter.script(
            for: plan(lineup(tracks), locale: "en-US", seed: 3), catalog: catalog)
        for line in script.lines {
            #expect(!line.text.contains("<"))
            #expect(!line.text.contains("[["))
            #expect(!line.text.unicodeScalars.contains { $0.properties.generalCategory == .control })
            for fill in line.slots where fill.source.hasPrefix("catalog ") {
                // The ledger names the fact; the value must be that fact, cleaned.
                let parts = fill.source.dropFirst("catalog ".count).split(separator: ".")
                let track = try #require(tracks.first { $0.id == String(parts[0]) })
                let field = String(parts[1])
                let fact: String? =
                    switch field {
                    case "title": track.title
                    case "artist": track.artist
                    case "album": track.album
                    case "year": track.year.map(String.init)
                    case "genres[0]": track.genres.first
                    default: nil
                    }
                #expect(
                    fact.map { SlotSanitizer.clean($0) } == fill.value,
                    "\(fill.slot) = \(fill.value) is not \(fill.source)")
                if let start = fill.start, let end = fill.end {
                    let text = Array(line.text)
                    #expect(String(text[start..<end]) == fill.value)
                }
            }
        }
        #expect(script.lines.contains { $0.text.contains("Mallory") })
    }

    @Test func discoveryIsChosenForANewArtist() async throws {
        let library = try TemplateLibrary.load(from: Fixtures.prompts)
        let tracks = (0..<4).map { Fixtures.track("t\($0)", artist: "Artist \($0)") }
        let catalog = try Catalog(tracks: tracks, baseURL: Fixtures.samples)
        let scriptWriter = try await writer(library)
        // A line at the third track whatever the seed draws (the draws depend on how many templates there are).
        let script = try await scriptWriter.script(
            for: plan(lineup(tracks, newArtist: ["t2"]), locale: "en-US", seed: 2), catalog: catalog,
            talk: .init(minGap: 2, maxGap: 2))
        #expect(script.lines.map(\.kind) == [.intro, .discovery, .outro])
    }

    @Test func aLineThatFailsSafetyIsDroppedWithItsFindingKept() async throws {
        func approved(_ text: String, _ path: String) throws -> CommentaryTemplate {
            var template = try CommentaryTemplate(text: text, path: path)
            template.approvedBy = "chief"
            template.revision = template.currentRevision
            return template
        }
        let library = TemplateLibrary.approving([
            try approved(
                "---\nid: bad\nkind: intro\nlocale: en-US\nauthor: ed\nstatus: approved\n---\nDamn, here is {{title}}.",
                "bad.mustache"),
            try approved(
                "---\nid: out\nkind: outro\nlocale: en-US\nauthor: ed\nstatus: approved\n---\nBye from {{previous_artist}}.",
                "out.mustache"),
        ])
        let tracks = [Fixtures.track("a", artist: "Dick Dale")]
        let catalog = try Catalog(tracks: tracks, baseURL: Fixtures.samples)
        let scriptWriter = try await writer(library)
        let script = try await scriptWriter.script(
            for: plan(lineup(tracks), locale: "en-US", seed: 1), catalog: catalog)
        let intro = try #require(script.lines.first)
        #expect(!intro.isSpoken)
        #expect(intro.text.isEmpty)
        #expect(intro.originalText == "Damn, here is Song a.")
        #expect(intro.safety.findings.map(\.evidence) == ["Damn"])
        let outro = try #require(script.lines.last)
        #expect(outro.isSpoken)
        #expect(outro.text == "Bye from Dick Dale.")
    }

    @Test func talkFrequencyIsConfigurable() async throws {
        let library = try TemplateLibrary.load(from: Fixtures.prompts)
        // 17 tracks: the last has the outro only.
        let tracks = (0..<17).map { Fixtures.track("t\($0)", artist: "Artist \($0)") }
        let catalog = try Catalog(tracks: tracks, baseURL: Fixtures.samples)
        let scriptWriter = try await writer(library)
        let script = try await scriptWriter.script(
            for: plan(lineup(tracks), locale: "en-US", seed: 4), catalog: catalog,
            talk: .init(minGap: 5, maxGap: 5))
        #expect(script.lines.dropFirst().dropLast().map(\.trackIndex) == [5, 10, 15])
        // Never two in a row, whatever is asked.
        #expect(ScriptWriter.TalkOptions(minGap: 1, maxGap: 1).minGap == 2)
    }

    @Test func recentTemplatesAreRotatedOut() async throws {
        let library = try TemplateLibrary.load(from: Fixtures.prompts)
        let tracks = (0..<3).map { Fixtures.track("t\($0)", artist: "Artist \($0)") }
        let catalog = try Catalog(tracks: tracks, baseURL: Fixtures.samples)
        let scriptWriter = try await writer(library)
        let first = try await scriptWriter.script(for: plan(lineup(tracks), locale: "en-US", seed: 9), catalog: catalog)
        let heard = Set(first.lines.map(\.templateID))
        let second = try await scriptWriter.script(
            for: plan(lineup(tracks), locale: "en-US", seed: 9), catalog: catalog,
            talk: .init(recentTemplates: heard))
        #expect(Set(second.lines.map(\.templateID)).isDisjoint(with: heard))
    }

    @Test func theListenersNameIsSpokenOnlyWithConsent() async throws {
        let named = try CommentaryTemplate(
            text:
                "---\nid: n\nkind: intro\nlocale: en-US\nauthor: ed\nstatus: draft\n---\n{{#listener_name}}Hi {{listener_name}}.{{/listener_name}}{{^listener_name}}Hi there.{{/listener_name}} {{title}}.",
            path: "n.mustache")
        let library = TemplateLibrary(templates: [named], ledger: ApprovalLedger())
        let tracks = [Fixtures.track("a", artist: "Bob")]
        let catalog = try Catalog(tracks: tracks, baseURL: Fixtures.samples)
        let screen = try await SafetyScreen.make(transcriber: nil)
        let preview = ScriptWriter(library: library, mode: .preview, screen: screen)
        let withoutConsent = try await preview.script(
            for: plan(lineup(tracks), locale: "en-US", seed: 1), catalog: catalog)
        #expect(withoutConsent.lines.first?.text == "Hi there. Song a.")
        let withConsent = try await preview.script(
            for: plan(lineup(tracks), locale: "en-US", seed: 1), catalog: catalog,
            talk: .init(listenerName: "Sam"))
        #expect(withConsent.lines.first?.text == "Hi Sam. Song a.")
        #expect(
            withConsent.lines.first?.slots.first { $0.slot == "listener_name" }?.source == "listener.name (opted in)")
    }

    @Test func derivedSlotsAreRecomputedFromFacts() {
        var track = Fixtures.track("a", artist: "Bob", year: 1994)
        track.energy = 0.8
        var previous = Fixtures.track("b", artist: "Cy")
        previous.energy = 0.3
        let pick = LineupPick(
            position: 2, track: track, reasons: [.playedArtist(artist: "Bob", plays: 3)], score: 1, isNewArtist: false)
        let phrases = TalkPhrases(reasons: ["en-US": ["played_before": "you've heard {artist} a few times"]])
        let facts = ScriptWriter.facts(current: pick, previous: previous, listenerName: nil, phrases: phrases)
        #expect(facts["decade"]?.value == "1990s")
        #expect(facts["decade"]?.source == "derived: decade of catalog a.year")
        #expect(facts["energy_change"]?.value == "the energy up")
        #expect(facts["reason"]?.value == "you've heard Bob a few times")
        #expect(facts["reason"]?.source.contains("you played Bob 3 times") == true)
        #expect(facts["listener_name"] == nil)
    }

    @Test func namesInAScriptTheVoiceCannotReadUseTheAliasOrANamelessFallback() {
        var aliased = Fixtures.track("a", artist: "坂本龍一")
        aliased.artistAlias = "Ryuichi Sakamoto"
        let pick = LineupPick(position: 1, track: aliased, reasons: [.fitsTheMix], score: 1, isNewArtist: true)
        let facts = ScriptWriter.facts(
            current: pick, previous: nil, listenerName: nil,
            fallbacks: SafetyPolicy.standard.namelessFallbacks)
        #expect(facts["artist"]?.value == "Ryuichi Sakamoto")
        #expect(facts["artist"]?.source == "catalog a.artist_alias")
        let bare = LineupPick(
            position: 1, track: Fixtures.track("b", artist: "Кино"), reasons: [.fitsTheMix], score: 1, isNewArtist: true
        )
        let fallback = ScriptWriter.facts(
            current: bare, previous: nil, listenerName: nil,
            fallbacks: SafetyPolicy.standard.namelessFallbacks)
        #expect(fallback["artist"]?.value == "this artist")
        #expect(fallback["artist"]?.source.hasPrefix("fallback:") == true)
        let latin = ScriptWriter.facts(current: bare, previous: nil, listenerName: nil, latinOnly: false)
        #expect(latin["artist"]?.value == "Кино")
        #expect(ScriptWriter.isLatin("Sigur Rós, Ａｂｃ, Đặng") && !ScriptWriter.isLatin("Björk 東京"))
    }

    @Test func aListenersLocalePicksTheVoice() throws {
        #expect(try VoiceProfile.matching(locale: "es-ES", in: Fixtures.voices).name == "lucia")
        #expect(try VoiceProfile.matching(locale: "en-GB", in: Fixtures.voices).name == "skye")
        #expect(try VoiceProfile.matching(locale: "en-AU", in: Fixtures.voices).language.hasPrefix("en"))
    }
}

/// The DJ's memory within a session: what it said shapes what it says next.
@Suite struct TalkMemoryTests {
    func approved(_ id: String, _ kind: String, _ moment: String?, _ body: String) throws -> CommentaryTemplate {
        let front = moment.map { "moment: \($0)\n" } ?? ""
        return try CommentaryTemplate(
            text: "---\nid: \(id)\nkind: \(kind)\nlocale: en-US\n\(front)author: ed\nstatus: approved\n---\n\(body)\n",
            path: "\(id).mustache")
    }

    func library() throws -> TemplateLibrary {
        TemplateLibrary.approving([
            try approved("hello", "intro", nil, "Hello, here is {{title}}."),
            try approved("new-a", "discovery", "playing", "New to you: {{artist}}, with {{title}}."),
            try approved("new-b", "discovery", "before", "Coming up, someone new: {{artist}}."),
            try approved("seg-a", "segue", "playing", "Here is {{title}} by {{artist}}."),
            try approved("seg-b", "segue", "playing", "This is {{title}}."),
            try approved("seg-c", "segue", "transition", "That was {{previous_artist}}; now {{title}}."),
            try approved("seg-d", "segue", "before", "Coming up: {{title}}."),
            try approved("seg-e", "segue", "playing", "On now, {{title}}."),
            try approved("seg-f", "segue", "playing", "Still {{artist}}, with {{title}}."),
            try approved("seg-g", "segue", "transition", "From {{previous_title}} into {{title}}."),
            try approved("bye", "outro", nil, "Thanks for listening."),
        ])
    }

    func plan(_ tracks: [Track], newArtists: Set<String>, seed: UInt64) -> SessionPlan {
        let lineup = Lineup(
            listenerID: "l", seed: seed,
            picks: tracks.enumerated().map { i, t in
                LineupPick(
                    position: i + 1, track: t, reasons: [.fitsTheMix], score: 1,
                    isNewArtist: newArtists.contains(t.artist))
            }, skipped: [], warnings: [])
        return SessionPlan(
            listener: Listener(id: "l", name: "L", locale: "en-US", explicit: .allow),
            options: SessionOptions(lineup: LineupOptions(seed: seed), talkGap: 2...2), lineup: lineup,
            analyses: tracks.map { _ in TrackAnalysis(frames: 44_100 * 40, sampleRate: 44_100, loudness: -14, peak: 0.5)
            })
    }

    @Test func anArtistIsNewOnceNamedAtMostTwiceAndNoTemplateOrKindRepeats() async throws {
        // Nova plays at 2, 6 and 10 and is new to the listener; lines fall on every second track.
        let artists = ["A", "B", "Nova", "C", "D", "E", "Nova", "F", "G", "H", "Nova", "I"]
        let tracks = artists.enumerated().map { Fixtures.track("t\($0.offset)", artist: $0.element) }
        let catalog = try Catalog(tracks: tracks, baseURL: Fixtures.samples)
        let writer = ScriptWriter(library: try library(), screen: try await SafetyScreen.make(transcriber: nil))
        for seed in UInt64(1)...6 {
            let script = try await writer.script(
                for: plan(tracks, newArtists: ["Nova"], seed: seed), catalog: catalog,
                talk: .init(minGap: 2, maxGap: 2))
            let discoveries = script.lines.filter { $0.kind == .discovery }
            #expect(
                discoveries.map(\.trackIndex) == [2],
                "seed \(seed): \(script.lines.map { "\($0.trackIndex) \($0.kind) \($0.text)" })")
            let novaMentions = script.lines.map { $0.text.components(separatedBy: "Nova").count - 1 }.reduce(0, +)
            #expect(novaMentions <= 2, "seed \(seed): \(script.lines.map(\.text))")
            #expect(Set(script.lines.map(\.templateID)).count == script.lines.count)
            let kinds = script.lines.map(\.kind)
            for index in kinds.indices.dropFirst(2) {
                #expect(
                    !(kinds[index] == kinds[index - 1] && kinds[index] == kinds[index - 2]), "seed \(seed): \(kinds)")
            }
            // Every line is said at a moment its template was written for.
            for line in script.lines where line.kind != .intro && line.kind != .outro {
                let template = try #require(try library().templates.first { $0.id == line.templateID })
                #expect(ScriptLine.Placement(template.effectiveMoment) == line.placement)
                #expect(line.placementNote?.isEmpty == false)
            }
        }
    }

    @Test func anArtistIntroducedInARecentSessionIsNotNewAgain() async throws {
        let tracks = ["A", "B", "Nova", "C"].enumerated().map { Fixtures.track("t\($0.offset)", artist: $0.element) }
        let catalog = try Catalog(tracks: tracks, baseURL: Fixtures.samples)
        let writer = ScriptWriter(library: try library(), screen: try await SafetyScreen.make(transcriber: nil))
        let fresh = try await writer.script(
            for: plan(tracks, newArtists: ["Nova"], seed: 3), catalog: catalog, talk: .init(minGap: 2, maxGap: 2))
        #expect(fresh.lines.contains { $0.kind == .discovery })
        #expect(fresh.introducedArtists == ["Nova"])
        let again = try await writer.script(
            for: plan(tracks, newArtists: ["Nova"], seed: 3), catalog: catalog,
            talk: .init(minGap: 2, maxGap: 2, recentlyIntroduced: ["nova"]))
        #expect(!again.lines.contains { $0.kind == .discovery })
    }

    @Test func anUnspeakableTitleUsesItsCuratedAliasBeforeANamelessLine() async throws {
        var track = Fixtures.track("t1", artist: "Band")
        track.title = "Shit Happens"
        track.titleAlias = "S Happens"
        let tracks = [
            Fixtures.track("t0", artist: "A"), Fixtures.track("t2", artist: "B"), track,
            Fixtures.track("t3", artist: "C"),
        ]
        let catalog = try Catalog(tracks: tracks, baseURL: Fixtures.samples)
        let library = TemplateLibrary.approving([
            try approved("hello", "intro", nil, "Hello."),
            try approved("seg", "segue", "playing", "This is {{title}}."),
        ])
        let writer = ScriptWriter(library: library, screen: try await SafetyScreen.make(transcriber: nil))
        var plan = plan(tracks, newArtists: [], seed: 1)
        plan.listener.explicit = .block
        let script = try await writer.script(for: plan, catalog: catalog, talk: .init(minGap: 2, maxGap: 2))
        let line = try #require(script.lines.first { $0.trackIndex == 2 })
        #expect(line.text == "This is S Happens.")
        #expect(line.slots.first { $0.slot == "title" }?.source.contains("title_alias") == true)
        // A listener who allows explicit content hears the title as it is, the finding kept.
        plan.listener.explicit = .allow
        let allowed = try await writer.script(for: plan, catalog: catalog, talk: .init(minGap: 2, maxGap: 2))
        let spoken = try #require(allowed.lines.first { $0.trackIndex == 2 })
        #expect(spoken.text == "This is Shit Happens.")
        #expect(spoken.safety.findings.contains { $0.slot == "title" && $0.action == .allowed })
    }

    @Test func aListNamesOnlyArtistsWhoseNamesCanBeSpokenAsTheyAre() async throws {
        let artists = ["A", "<speak>Evil</speak>", "Robert'); DROP TABLE tracks;--", "坂本龍一", "Nova", "Bo", "Cy"]
        let tracks = artists.enumerated().map { Fixtures.track("t\($0.offset)", artist: $0.element) }
        let catalog = try Catalog(tracks: tracks, baseURL: Fixtures.samples)
        let library = TemplateLibrary.approving([
            try approved("soon", "intro", nil, "First {{title}}; still to come, {{upcoming_artists}}."),
            try approved("bye", "outro", nil, "Thanks for listening."),
        ])
        let writer = ScriptWriter(library: library, screen: try await SafetyScreen.make(transcriber: nil))
        let script = try await writer.script(
            for: plan(tracks, newArtists: [], seed: 1), catalog: catalog, talk: .init(minGap: 9, maxGap: 9))
        #expect(script.lines.first?.text == "First Song t0; still to come, Nova, Bo and Cy.")
    }

    @Test func aListenerOfOneArtistMayHearThemNamedMoreThanTwice() async throws {
        let artists = ["Nova", "A", "Nova", "B", "Nova", "C", "Nova", "D"]
        let tracks = artists.enumerated().map { Fixtures.track("t\($0.offset)", artist: $0.element) }
        let catalog = try Catalog(tracks: tracks, baseURL: Fixtures.samples)
        let library = TemplateLibrary.approving([
            try approved("hi", "intro", nil, "Here is {{title}} by {{artist}}."),
            try approved("s1", "segue", "playing", "Now {{artist}}, {{title}}."),
            try approved("s2", "segue", "transition", "Into {{artist}} and {{title}}."),
            try approved("s3", "segue", "before", "Next, {{artist}} with {{title}}."),
            try approved("r1", "reason", "playing", "For you: {{artist}}, {{title}}."),
            try approved("r2", "reason", "transition", "Over to {{artist}}: {{title}}."),
            try approved("r3", "reason", "before", "Soon, {{artist}} and {{title}}."),
            try approved("bye", "outro", nil, "Bye."),
        ])
        let writer = ScriptWriter(library: library, screen: try await SafetyScreen.make(transcriber: nil))
        func mentions(history: [String]) async throws -> Int {
            var plan = plan(tracks, newArtists: [], seed: 2)
            plan.listener.history = history.map { Listener.HistoryEntry(trackID: $0, plays: 5) }
            let script = try await writer.script(for: plan, catalog: catalog, talk: .init(minGap: 2, maxGap: 2))
            return script.lines.map { $0.text.components(separatedBy: "Nova").count - 1 }.reduce(0, +)
        }
        #expect(try await mentions(history: ["t0", "t1"]) == 2)
        #expect(try await mentions(history: ["t0", "t2"]) == 4)
    }
}
