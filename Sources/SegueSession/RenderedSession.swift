import Foundation
import SegueAudio
import SegueCore
import SegueFiles

/// The mix stage's value: the rendered audio (staged beside its place in the output folder) and everything that
/// describes it. `write(to:)` puts `session.wav`, `script.json`, `script.md` and `session.cue` in place.
public struct RenderedSession: Sendable {
    /// The audio file's name in the output folder.
    public static let audioName = "session.wav"

    public var voiced: VoicedScript
    public var timeline: SessionTimeline
    public var mix: MixReport
    /// `script.json`: the timeline and the script.
    public var document: SessionDocument
    public var stems: MixStems
    let audio: StagedFile

    init(
        voiced: VoicedScript, timeline: SessionTimeline, mix: MixReport, document: SessionDocument, stems: MixStems,
        audio: StagedFile
    ) {
        self.voiced = voiced
        self.timeline = timeline
        self.mix = mix
        self.document = document
        self.stems = stems
        self.audio = audio
    }

    /// The files `write(to:)` puts in a folder: the audio, and for a full session the script and cue sheet.
    public var fileNames: [String] {
        stems == .full ? [Self.audioName, "script.json", "script.md", "session.cue"] : [Self.audioName]
    }

    /// Moves the audio into `folder` and writes the sidecars beside it, each atomically.
    /// - Throws: `FileError` naming the file that cannot be written.
    public func write(to folder: URL) throws {
        let wav = folder.appendingPathComponent(Self.audioName)
        try audio.commit(to: wav)
        guard stems == .full else { return }
        try AtomicFile.write(try JSONFile.encode(document), to: folder.appendingPathComponent("script.json"))
        try AtomicFile.write(Data(ScriptMarkdown.render(document).utf8), to: folder.appendingPathComponent("script.md"))
        try AtomicFile.write(
            Data(CueSheet.render(document, fileName: Self.audioName).utf8),
            to: folder.appendingPathComponent("session.cue"))
    }
}
