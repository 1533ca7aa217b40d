import Foundation
import SegueCore
import SegueSession
import SegueTestSupport
import Testing

/// `script.md`, `session.cue` and `script.json` of a fixed session, against golden files in Fixtures/golden
/// (`RECORD_SNAPSHOTS=1 swift test --filter ScriptRenderersTests` writes them anew; review the diff).
@Suite struct ScriptRenderersTests {
    static let golden = Fixtures.root.appendingPathComponent("Tests/SegueSessionTests/Fixtures/golden")

    /// A two-track session with hostile catalog text, a rewritten line, a blocked line and a skipped track.
    static func document() throws -> SessionDocument {
        let a = Fixtures.track("t1", artist: "Dick Dale", year: 1962, duration: 120, audio: "a.ogg")
        var b = Fixtures.track("t2", artist: "The <b>Pipes</b> | Co", year: 2020, duration: 90, audio: "b.ogg")
        b.title = "Line\nBreak \"Quoted\""
        let lineup = Lineup(
            listenerID: "ana", seed: 7,
            picks: [
                LineupPick(
                    position: 1, track: a, reasons: [.playedArtist(artist: "Dick Dale", plays: 12)], score: 1.5,
                    isNewArtist: false),
                LineupPick(
                    position: 2, track: b,
                    reasons: [
                        .newArtist(likedGenre: "electronic"),
                        .keepsTheFlow(
                            fromBPM: 120, toBPM: 124, tempo: .same,
                            fromKey: "8A", toKey: "9A"),
                    ],
                    score: 0.75, isNewArtist: true),
            ], skipped: [SkippedTrack(trackID: "t3", title: "Gone", reason: "samples/gone.ogg: audio file not found")],
            warnings: ["the catalog is small"])
        let analyses = [
            TrackAnalysis(frames: 120 * 44_100, sampleRate: 44_100, loudness: -16.5, peak: 0.9),
            TrackAnalysis(frames: 90 * 44_100, sampleRate: 44_100, loudness: -11.25, peak: 0.99),
        ]
        let plan = SessionPlan(
            listener: Listener(id: "ana", name: "Ana", explicit: .block),
            options: SessionOptions(lineup: LineupOptions(count: 2, seed: 7)), lineup: lineup,
            analyses: analyses)
        func line(
            _ id: String, _ kind: CommentaryTemplate.Kind, track: Int, _ placement: ScriptLine.Placement,
            original: String, text: String, verdict: SafetyReport.Verdict, findings: [SafetyFinding] = []
        )
            -> ScriptLine
        {
            ScriptLine(
                id: id, kind: kind, templateID: "\(kind.rawValue)-x", templateStatus: .approved,
                templateRevision: "abc123", trackIndex: track, placement: placement,
                slots: [SlotFill(slot: "artist", value: "Dick Dale", source: "catalog t1.artist", start: 9, end: 18)],
                originalText: original, text: text,
                safety: SafetyReport(verdict: verdict, text: text, findings: findings, policyVersion: "policy-1"))
        }
        let mild = SafetyFinding(
            rule: "lexicon:dick", category: .profanity, tier: .mild, evidence: "Dick", start: 9,
            end: 13, slot: "artist", action: .allowed)
        let script = Script(
            plan: plan, locale: "en-US", mode: .production, policyVersion: "policy-1",
            lines: [
                line(
                    "L1", .intro, track: 0, .trackStart, original: "Here is Dick Dale, from 1962.",
                    text: "Here is Dick Dale, from 1962.", verdict: .pass, findings: [mild]),
                line(
                    "L2", .discovery, track: 1, .trackStart, original: "New: The <b>Pipes</b>", text: "New: The Pipes",
                    verdict: .rewrite),
                line("L3", .outro, track: 1, .trackEnd, original: "blocked words", text: "", verdict: .block),
            ])
        return SessionDocument(draft: script, voice: "river", gains: [2.5, -2.75], warnings: [])
    }

    func expectMatchesGolden(_ text: String, _ name: String) throws {
        let url = Self.golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(name) differs from its golden file (RECORD_SNAPSHOTS=1 re-records)")
    }

    @Test func theReviewScriptMatchesItsGoldenFile() throws {
        let markdown = ScriptMarkdown.render(try Self.document())
        try expectMatchesGolden(markdown, "draft-script.md")
        // What a reviewer must see, whatever the layout: every reason, each verdict, nothing raw from the catalog.
        #expect(markdown.contains("you played Dick Dale 12 times"))
        #expect(markdown.contains("keeps the flow: 120 → 124 BPM, 8A → 9A"))
        #expect(markdown.contains("(blocked: not spoken, the music plays on)"))
        #expect(markdown.contains("rewritten from"))
        #expect(!markdown.contains("<b>"))
        #expect(markdown.contains("## Skipped tracks") && markdown.contains("samples/gone.ogg"))
    }

    @Test func theCueSheetMatchesItsGoldenFile() throws {
        let cue = CueSheet.render(try Self.document(), fileName: "session.wav")
        try expectMatchesGolden(cue, "session.cue")
        #expect(cue.contains("INDEX 01 00:00:00"))
        #expect(cue.contains("INDEX 01 01:54:00"))  // 120 s − the 6 s crossfade
        #expect(!cue.contains("\nBreak"))
    }

    @Test func theDocumentMatchesItsGoldenFileAndReadsBack() throws {
        let document = try Self.document()
        let data = try JSONFile.encode(document)
        try expectMatchesGolden(String(decoding: data, as: UTF8.self), "draft-script.json")
        #expect(try JSONDecoder().decode(SessionDocument.self, from: data) == document)
        #expect(document.tracks.map(\.gainDB) == [2.5, -2.75])
        #expect(document.loudness == nil && document.lines.allSatisfy { $0.start == nil })
    }
}
