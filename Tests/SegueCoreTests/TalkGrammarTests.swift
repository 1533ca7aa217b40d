import SegueCore
import SegueTestSupport
import Testing

@Suite struct TalkGrammarTests {
    @Test(arguments: [
        ("shunter closes the set.", "Shunter closes the set."),
        ("That was it. shunter is next! and more? yes.", "That was it. Shunter is next! And more? Yes."),
        ("¿qué tal? «bien».", "¿Qué tal? «Bien»."),
        ("Now, feat. bbno$ and Mr. brightside.", "Now, feat. bbno$ and Mr. brightside."),
        ("k.d. lang sings.", "K.d. lang sings."),
        ("3.5 stars. 2Pac next.", "3.5 stars. 2Pac next."),
        ("\"hello\" there.", "\"Hello\" there."),
    ])
    func sentencesStartWithACapitalWhateverTheSlotPutThere(text: String, expected: String) {
        #expect(TalkGrammar.capitalisingSentences(text) == expected)
    }

    @Test func listsJoinAsTheLanguageSaysThem() {
        let phrases = TalkPhrases()
        #expect(phrases.list([], locale: "en-US") == "")
        #expect(phrases.list(["A"], locale: "en-US") == "A")
        #expect(phrases.list(["A", "B"], locale: "en-US") == "A and B")
        #expect(phrases.list(["A", "B", "C"], locale: "en-GB") == "A, B and C")
        #expect(phrases.list(["Rosalía", "Bad Bunny"], locale: "es-ES") == "Rosalía y Bad Bunny")
        #expect(phrases.list(["Rosalía", "Iván Ferreiro"], locale: "es-ES") == "Rosalía e Iván Ferreiro")
        #expect(phrases.list(["Rosalía", "Hielo"], locale: "es-ES") == "Rosalía y Hielo")
    }

    @Test func genresAreSaidAsTheEditorsTableSaysThemElseAsSomeOfIt() {
        let phrases = TalkPhrases(genres: ["en-US": ["march": "a march"], "es": ["march": "una marcha"]])
        #expect(phrases.genrePhrase("March", locale: "en-US") == "a march")
        #expect(phrases.genrePhrase("march", locale: "es-MX") == "una marcha")
        #expect(phrases.genrePhrase("Techno", locale: "en-US") == "some techno")
        #expect(phrases.genrePhrase("R&B", locale: "en-US") == "some R&B")
        #expect(phrases.genrePhrase("jazz", locale: "es-ES") == "algo de jazz")
    }

    @Test func reasonsAreSaidInTheListenersWordsNeverAsCounts() {
        let phrases = TalkPhrases(reasons: [
            "en-US": [
                "on_repeat": "you've had {artist} on repeat", "favourite": "{artist} is a favourite of yours",
                "played_before": "you know {artist}", "liked_genre": "you're into {genre}",
                "new_artist_in_genre": "you like {genre}, and this is new",
            ]
        ])
        func say(_ reason: PickReason) -> String? { phrases.reason(reason, artist: "Maxstack", locale: "en-US") }
        #expect(say(.playedArtist(artist: "Maxstack", plays: 34)) == "you've had Maxstack on repeat")
        #expect(say(.playedArtist(artist: "Maxstack", plays: 7)) == "Maxstack is a favourite of yours")
        #expect(say(.playedArtist(artist: "Maxstack", plays: 1)) == "you know Maxstack")
        #expect(say(.likedGenre("Hip-Hop")) == "you're into hip-hop")
        #expect(say(.newArtist(likedGenre: "jazz")) == "you like jazz, and this is new")
        // No phrase for the key (or no genre for a phrase that needs one): no reason to voice.
        #expect(say(.lesserKnownArtist) == nil)
        #expect(say(.newArtist(likedGenre: nil)) == nil)
        #expect(TalkPhrases.ReasonKey(.playedArtist(artist: "X", plays: 20)) == .onRepeat)
        let spanish = TalkPhrases(reasons: ["es-ES": ["energy_up": "más energía"]])
        #expect(spanish.energyChange(up: true, locale: "es-ES") == "más energía")
        #expect(spanish.energyChange(up: false, locale: "en-US") == "things down a notch")
        #expect(TalkPhrases.ReasonKey(.playedArtist(artist: "X", plays: 19)) == .favourite)
    }
}

@Suite struct TalkPlannerTests {
    @Test func aLongIntroTakesTheLineElseTheSeamDoes() {
        let planner = TalkPlanner(durations: [180, 200, 200], intros: [nil, 14, 2], crossfade: 6)
        // Track 2 has a 14 s intro: a 4 s line goes over it.
        let overIntro = planner.options(forTrack: 1, seconds: 4, tieBreak: false)
        #expect(overIntro.first?.moment == .playing)
        #expect(overIntro.first?.note.contains("14.0 s intro") == true)
        // Track 3's 2 s intro is too short for the line: the seam comes first, the intro last.
        let seam = planner.options(forTrack: 2, seconds: 4, tieBreak: false)
        #expect(seam.map(\.moment) == [.transition, .before, .playing])
        #expect(
            planner.options(forTrack: 2, seconds: 4, tieBreak: true).map(\.moment) == [.before, .transition, .playing])
        // The first track has no seam.
        #expect(planner.options(forTrack: 0, seconds: 4, tieBreak: true).map(\.moment) == [.playing])
    }

    @Test func aLineOverAnIntroEndsBeforeTheIntroDoes() {
        let durations = [180.0, 200, 200], intros: [Double?] = [nil, 14, 9]
        let planner = TalkPlanner(durations: durations, intros: intros, crossfade: 6)
        for (track, seconds) in [(1, 4.0), (1, 7.5), (2, 2.5)] {
            let option = planner.options(forTrack: track, seconds: seconds, tieBreak: false).first
            #expect(option?.moment == .playing, "track \(track), \(seconds) s")
            let line = SessionTimelineTests.line("L", track: track, .trackStart)
            let timeline = SessionTimeline.plan(
                trackIDs: ["a", "b", "c"], trackDurations: durations, lines: [(line, seconds)], crossfade: 6)
            let voice = timeline.voices[0], slot = timeline.tracks[track]
            #expect(voice.start >= slot.start + slot.fadeIn, "the line starts once the track is in")
            #expect(
                voice.end <= slot.start + (intros[track] ?? 0),
                "\(voice.end) s, intro ends \(slot.start + (intros[track] ?? 0)) s")
        }
        // A line longer than the intro is not said over it.
        #expect(planner.options(forTrack: 2, seconds: 6, tieBreak: false).first?.moment != .playing)
    }

    @Test func anIntroThatIsNotATimeInItsTrackCountsAsUnknown() {
        let tracks = [-5.0, .nan, .infinity, 500, 12].enumerated().map { index, intro in
            var track = Fixtures.track("t\(index)", artist: "A\(index)")
            track.introLength = intro
            return track
        }
        let lineup = Lineup(
            listenerID: "l", seed: 1,
            picks: tracks.enumerated().map {
                LineupPick(position: $0.offset + 1, track: $0.element, reasons: [], score: 1, isNewArtist: false)
            }, skipped: [], warnings: [])
        let plan = SessionPlan(
            listener: Listener(id: "l", name: "L"), options: SessionOptions(), lineup: lineup,
            analyses: tracks.map { _ in TrackAnalysis(frames: 44_100 * 60, sampleRate: 44_100, loudness: -14, peak: 0.5)
            })
        #expect(TalkPlanner(plan: plan).intros == [nil, nil, nil, nil, 12])
    }

    @Test func aLineLongerThanTheRoomIsNotPlannedThere() {
        let planner = TalkPlanner(durations: [8, 8], intros: [nil, nil], crossfade: 2)
        // Two 8 s tracks with a 2 s crossfade: 5.5 s once the second is in, 6.5 s at the seam.
        #expect(planner.options(forTrack: 1, seconds: 7, tieBreak: false).isEmpty)
        #expect(planner.options(forTrack: 1, seconds: 6, tieBreak: false).map(\.moment) == [.transition, .before])
        #expect(
            planner.options(forTrack: 1, seconds: 5, tieBreak: false).map(\.moment) == [.transition, .before, .playing])
        #expect(TalkPlanner.estimatedSeconds("one two three four five six seven eight nine ten") > 3.5)
    }
}

@Suite struct TemplateTenseLintTests {
    func lint(_ body: String, kind: String = "segue", moment: String?) async throws -> [LintFinding] {
        let screen = try await SafetyScreen.make(transcriber: nil).checker
        let front = moment.map { "moment: \($0)\n" } ?? ""
        let text = "---\nid: t\nkind: \(kind)\nlocale: en-US\n\(front)author: ed\nstatus: draft\n---\n\(body)\n"
        return TemplateLinter(checker: screen).lint(text: text, path: "t.mustache").filter { $0.code == "L008" }
    }

    @Test func wordingThatSaysAnotherMomentIsFound() async throws {
        #expect(try await lint("Up next, {{artist}}.", moment: "playing").count == 1)
        #expect(try await lint("Up next, {{artist}}.", moment: nil).count == 1)  // no moment: said once it plays
        #expect(try await lint("Up next, {{artist}}.", moment: "before").isEmpty)
        #expect(try await lint("This is {{title}}.", moment: "before").count == 1)
        #expect(try await lint("That was {{previous_artist}}. Here's {{title}}.", moment: "transition").isEmpty)
        #expect(try await lint("Coming up: {{title}}.", kind: "outro", moment: nil).count == 1)
        let spanish = try CommentaryTemplate(
            text: "---\nid: e\nkind: segue\nlocale: es-ES\nmoment: playing\nauthor: ed\nstatus: draft\n---\n"
                + "A continuación, {{title}}.\n", path: "e.mustache")
        #expect(
            TemplateLinter(checker: try await SafetyScreen.make(transcriber: nil).checker).tense(spanish).count == 1)
    }

    @Test func theMomentIsPartOfTheRevisionOnlyWhenWritten() throws {
        let plain = try CommentaryTemplate(
            text: "---\nid: t\nkind: segue\nlocale: en-US\nauthor: ed\nstatus: draft\n---\nHi.\n", path: "t.mustache")
        var timed = plain
        timed.moment = .before
        #expect(plain.currentRevision != timed.currentRevision)
        #expect(try CommentaryTemplate(text: timed.fileText, path: "t.mustache").moment == .before)
        #expect(throws: TemplateError.self) {
            try CommentaryTemplate(
                text: "---\nid: t\nkind: segue\nlocale: en-US\nmoment: later\nauthor: ed\nstatus: draft\n---\nHi.\n",
                path: "t.mustache")
        }
    }

    @Test func thePhraseTablesAreLintedAsTemplateTextIs() async throws {
        let linter = TemplateLinter(checker: try await SafetyScreen.make(transcriber: nil).checker)
        #expect(linter.phrase("you've had {artist} on repeat", path: "reasons.tsv", line: 3).isEmpty)
        #expect(linter.phrase("you played {artist} 34 times", path: "reasons.tsv", line: 4).map(\.code) == ["L004"])
        let rude = linter.phrase("some damn {genre}", path: "genres.tsv", line: 5)
        #expect(rude.map(\.code) == ["L005"])
        #expect(rude.first?.description.hasPrefix("genres.tsv:5:1: L005") == true)
    }

    @Test func aPhraseThatIsNotCleanTalkNeverFillsASlot() async throws {
        let linter = TemplateLinter(checker: try await SafetyScreen.make(transcriber: nil).checker)
        let phrases = TalkPhrases(
            genres: ["en-US": ["march": "a march", "house": "some damn house"]],
            reasons: ["en-US": ["on_repeat": "you've had {artist} on repeat", "favourite": "{artist} went platinum"]])
        let (kept, refused) = phrases.screened(by: linter)
        #expect(kept.genres["en-US"] == ["march": "a march"])
        #expect(kept.reasons["en-US"] == ["on_repeat": "you've had {artist} on repeat"])
        #expect(refused.count == 2)
        #expect(refused.contains { $0.hasPrefix("reasons.tsv favourite") && $0.contains("L004") })
        #expect(kept.reason(.playedArtist(artist: "X", plays: 7), artist: "X", locale: "en-US") == nil)
    }
}
