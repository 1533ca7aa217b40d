import Foundation
import SegueCore
import SegueSession
import SegueSpeech
import SegueTestSupport
import Testing

/// A listening panel on the real templates and voice: every sample listener, five seeds, the script voiced and laid
/// out as the mixer lays it out, then judged the way a listener would hear it. The checks are written here from the
/// text and the timeline, not from the code that wrote the lines.
@Suite(.serialized) struct ListeningPanelTests {
    static let listeners = ["ana", "ben", "cleo", "lucia"]
    static let seeds: [UInt64] = [1, 2, 3, 4, 5]

    /// Words that put the track they introduce in the future, by language.
    static let futureWords = [
        "up next", "coming up", "next up", "coming next", "in a moment", "a continuación", "ahora viene",
        "lo próximo", "en un momento", "ya viene", "enseguida",
    ]

    /// Abbreviations after which a full stop does not end a sentence.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "st", "sgt", "mt", "jr", "vs", "feat", "ft", "no",
    ]

    /// Every problem a panel member would note in one session.
    func problems(in script: Script, timeline: SessionTimeline) -> [String] {
        var problems: [String] = []
        let picks = script.plan.lineup.picks
        let spoken = Dictionary(uniqueKeysWithValues: timeline.voices.map { ($0.lineID, $0) })
        var newArtists: [String: String] = [:]
        for line in script.lines where line.isSpoken {
            let text = line.text, lower = line.text.lowercased()
            // Tense against placement: the voice's real place in the session.
            if let voice = spoken[line.id], line.trackIndex > 0, line.kind != .outro {
                let track = timeline.tracks[line.trackIndex]
                let trackIn = track.start + track.fadeIn
                let future = Self.futureWords.contains { lower.contains($0) }
                if future && voice.end > trackIn + 0.01 {
                    problems.append(
                        "\(line.id) “\(text)” speaks of track \(line.trackIndex + 1) as still to come after it is in")
                }
                switch line.placement {
                case .beforeTrack where voice.end > trackIn + 0.01:
                    problems.append(
                        "\(line.id) is placed before its track but ends at \(voice.end) s, after \(trackIn) s")
                case .trackStart where voice.start < trackIn - 0.01:
                    problems.append("\(line.id) says its track is playing before it is in")
                case .transition where voice.start > trackIn + 0.01 || voice.end < track.start:
                    problems.append("\(line.id) is placed across the crossfade but misses it")
                default: break
                }
                let title = picks[line.trackIndex].track.title.lowercased()
                if line.placement == .beforeTrack,
                    lower.contains("this is \(title)") || lower.contains("esto es \(title)")
                {
                    problems.append("\(line.id) “\(text)” says “this is” before the track plays")
                }
            }
            // "New to you" once per artist, and only at their first track in the set.
            if line.kind == .discovery {
                let artist = picks[line.trackIndex].track.artist
                if let earlier = newArtists[artist.lowercased()] {
                    problems.append("\(line.id) introduces \(artist) as new again (first in \(earlier))")
                }
                newArtists[artist.lowercased()] = line.id
                if picks[..<line.trackIndex].contains(where: { $0.track.artist.lowercased() == artist.lowercased() }) {
                    problems.append("\(line.id) calls \(artist) new after the set already played them")
                }
            }
            // Sentences start with a capital letter.
            let words = text.split(separator: " ").map(String.init)
            for (index, word) in words.enumerated() {
                let startsSentence =
                    index == 0
                    || {
                        let before = words[index - 1]
                        guard let last = before.last, ".!?".contains(last) else { return false }
                        let bare = before.dropLast().lowercased().filter(\.isLetter)
                        return !(last == "." && (Self.abbreviations.contains(bare) || bare.count == 1))
                    }()
                if startsSentence, let letter = word.first(where: \.isLetter), letter.isLowercase,
                    word.first.map({ $0.isLetter || "¿¡\"“(".contains($0) }) == true
                {
                    problems.append("\(line.id) “\(text)”: a sentence starts in lower case (“\(word)”)")
                }
            }
            // English articles: "a" before a vowel sound, "an" before a consonant sound (common words only).
            if script.locale.hasPrefix("en") {
                for (index, word) in words.enumerated().dropLast() {
                    let article = word.lowercased(), next = words[index + 1].lowercased().filter(\.isLetter)
                    guard let first = next.first else { continue }
                    let silentH = ["hour", "honest", "honour", "honor", "heir"].contains { next.hasPrefix($0) }
                    let yoo = ["uni", "use", "usu", "one", "eu", "ur"].contains { next.hasPrefix($0) }
                    let vowelSound = ("aeiou".contains(first) && !yoo) || silentH
                    if article == "a" && vowelSound || article == "an" && !vowelSound && first.isLetter {
                        problems.append("\(line.id) “\(text)”: “\(word) \(words[index + 1])”")
                    }
                }
            }
        }
        // No kind three times running, no template twice.
        let kinds = script.lines.map(\.kind)
        for index in kinds.indices.dropFirst(2)
        where kinds[index] == kinds[index - 1] && kinds[index] == kinds[index - 2] {
            problems.append("three \(kinds[index].rawValue) lines running, ending at \(script.lines[index].id)")
        }
        let templates = script.lines.map(\.templateID)
        if Set(templates).count != templates.count { problems.append("a template twice: \(templates)") }
        // Each artist named at most twice.
        let artists = Set(picks.map(\.track.artist))
        for artist in artists {
            let pattern = "(?<![\\p{L}\\p{N}])" + NSRegularExpression.escapedPattern(for: artist) + "(?![\\p{L}\\p{N}])"
            guard let expression = try? NSRegularExpression(pattern: pattern, options: .caseInsensitive) else {
                problems.append("cannot search for \(artist)")
                continue
            }
            let named = script.lines.filter(\.isSpoken).reduce(0) { count, line in
                count
                    + expression.numberOfMatches(in: line.text, range: NSRange(line.text.startIndex..., in: line.text))
            }
            if named > 2 { problems.append("\(artist) is named \(named) times") }
        }
        // No clause said twice (a reason repeated word for word sounds like a loop).
        var clauses: Set<String> = []
        for line in script.lines where line.isSpoken {
            for clause in line.text.lowercased().split(whereSeparator: { ".,:;!?".contains($0) })
            where clause.split(separator: " ").count >= 4 {
                let words = clause.split(separator: " ").joined(separator: " ")
                if !clauses.insert(words).inserted { problems.append("\(line.id) says “\(words)” again") }
            }
        }
        return problems
    }

    @Test func everySampleListenerHearsADJWhoseWordsFitTheMoment() async throws {
        let engine = try await SegueEngine.load(
            EngineConfiguration(
                catalogURL: Fixtures.catalogURL, promptsURL: Fixtures.prompts, voicesURL: Fixtures.voices),
            synthesizer: ESpeakSynthesizer.shared)
        var all: [String] = []
        var spokenLines = 0, placements: [ScriptLine.Placement: Int] = [:]
        for name in Self.listeners {
            let listener = try Listener.load(from: Fixtures.listener(name))
            for seed in Self.seeds {
                let options = SessionOptions(lineup: LineupOptions(minutes: 10, artistSeparation: 3, seed: seed))
                let plan = try engine.plan(for: listener, options: options)
                let script = try await engine.script(plan)
                let voiced = try await engine.voice(script)
                let timeline = engine.timeline(for: voiced)
                all += problems(in: script, timeline: timeline).map { "\(name) seed \(seed): \($0)" }
                spokenLines += timeline.voices.count
                for line in script.lines where timeline.voices.contains(where: { $0.lineID == line.id }) {
                    placements[line.placement, default: 0] += 1
                }
            }
        }
        print(
            "panel: \(spokenLines) spoken lines; placements \(placements.map { "\($0.key.rawValue) \($0.value)" }.sorted())"
        )
        #expect(all.isEmpty, "\(all.joined(separator: "\n"))")
        // The panel heard the DJ, at more than one kind of moment.
        #expect(spokenLines >= Self.listeners.count * Self.seeds.count * 3)
        #expect(placements.count >= 3)
    }

    /// The panel's own checks catch the faults the issue reported, so a pass means something.
    @Test func thePanelCatchesTheReportedFaults() throws {
        let track = Fixtures.track("t1", artist: "Maxstack")
        let other = Fixtures.track("t0", artist: "Jim Redfarn")
        let lineup = Lineup(
            listenerID: "l", seed: 1,
            picks: [other, track].enumerated().map {
                LineupPick(position: $0.offset + 1, track: $0.element, reasons: [], score: 1, isNewArtist: true)
            }, skipped: [], warnings: [])
        let plan = SessionPlan(
            listener: Listener(id: "l", name: "L"), options: SessionOptions(), lineup: lineup,
            analyses: [TrackAnalysis(frames: 44_100 * 60, sampleRate: 44_100, loudness: -14, peak: 0.5)] + [
                TrackAnalysis(frames: 44_100 * 60, sampleRate: 44_100, loudness: -14, peak: 0.5)
            ])
        func line(
            _ id: String, _ kind: CommentaryTemplate.Kind, _ placement: ScriptLine.Placement, _ text: String
        )
            -> ScriptLine
        {
            ScriptLine(
                id: id, kind: kind, templateID: id, templateStatus: .approved, templateRevision: "r", trackIndex: 1,
                placement: placement, slots: [], originalText: text, text: text,
                safety: SafetyReport(verdict: .pass, text: text, findings: [], policyVersion: "p"))
        }
        let lines = [
            line("L1", .segue, .trackStart, "The Hobo, from Jim Redfarn. Up next, Maxstack."),
            line("L2", .discovery, .trackStart, "shunter closes the set with a orchestral pick."),
            line("L3", .discovery, .trackStart, "Here is someone new to you: Maxstack."),
            line("L4", .segue, .trackStart, "More Maxstack."),
        ]
        let script = Script(plan: plan, locale: "en-US", mode: .production, policyVersion: "p", lines: lines)
        let timeline = SessionTimeline.plan(
            trackIDs: ["t0", "t1"], trackDurations: [60, 60], lines: lines.map { ($0, 3.0) }, crossfade: 6)
        let found = problems(in: script, timeline: timeline).joined(separator: "\n")
        #expect(found.contains("still to come after it is in"))
        #expect(found.contains("lower case"))
        #expect(found.contains("“a orchestral”"))
        #expect(found.contains("as new again"))
        #expect(found.contains("Maxstack is named 3 times"))
        #expect(found.contains("three discovery") == false)
    }
}
