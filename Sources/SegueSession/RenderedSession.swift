import Foundation
import SegueAudio
import SegueCore
import SegueFiles

/// The mix stage's value: the rendered audio (staged beside its place in the output folder) and everything that
/// describes it. `write(to:)` puts the audio (`session.wav`, `.flac`, `.ogg`, `.opus` or `.mp3` by the output format)
/// and its sidecars in place: `script.json`, `script.md`, `session.cue`,
/// `qa.json`, `captions.vtt`, `manifest.json` and `playlist.m3u8`.
public struct RenderedSession: Sendable {
    /// The session's audio file name in the output folder in the default format (16-bit WAV).
    public static let audioName = "session.wav"

    /// The audio file a render writes: `session` for the session, a name of its own for each stem (`music`, `voice`,
    /// `track-2`), so a stem never replaces a session's audio beside its script; with the format's extension
    /// (`session.flac`, `music.opus`).
    public static func audioName(for stems: MixStems, format: OutputFormat = .wav16) -> String {
        let stem =
            switch stems {
            case .full: "session"
            case .music: "music"
            case .voice: "voice"
            case .track(let index): "track-\(index + 1)"
            }
        return "\(stem).\(format.fileExtension)"
    }

    /// The audio file this render wrote (or writes) in its folder.
    public var audioFileName: String { Self.audioName(for: stems, format: format) }

    public var voiced: VoicedScript
    public var timeline: SessionTimeline
    public var mix: MixReport
    /// `script.json`: the timeline and the script.
    public var document: SessionDocument
    public var stems: MixStems
    /// `qa.json`: the render against the broadcast spec.
    public var quality: QualityReport
    /// The audio file's format.
    public var format: OutputFormat
    let audio: StagedFile

    init(
        voiced: VoicedScript, timeline: SessionTimeline, mix: MixReport, document: SessionDocument, stems: MixStems,
        quality: QualityReport, format: OutputFormat, audio: StagedFile
    ) {
        self.format = format
        self.quality = quality
        self.voiced = voiced
        self.timeline = timeline
        self.mix = mix
        self.document = document
        self.stems = stems
        self.audio = audio
    }

    /// The files `write(to:)` puts in a folder: the audio, and for a full session its sidecars.
    public var fileNames: [String] {
        stems == .full
            ? [
                "script.json", "script.md", "session.cue", "qa.json", "captions.vtt", "manifest.json", "playlist.m3u8",
                audioFileName,
            ] : [audioFileName]
    }

    /// `manifest.json`: every segment with its times, loudness, gain and clip hash, and the mix's figures.
    public var manifest: SessionManifest {
        SessionManifest(document: document, timeline: timeline, voiced: voiced, mix: mix, audio: audioFileName)
    }

    /// Publishes the session in `folder`, the one the mix staged its audio in: every file is written in full beside
    /// its place first, and only then are they renamed into place, the audio last. A failure before the renames (a
    /// full disk, a name taken by a folder) leaves the folder as it was.
    /// - Throws: `FileError` naming the file that cannot be written; `SessionError` for another folder.
    public func write(to folder: URL) throws {
        guard folder.standardizedFileURL.path == audio.target.deletingLastPathComponent().standardizedFileURL.path
        else {
            throw SessionError(
                .inconsistentPlan,
                message: "\(folder.path): the session was mixed for \(audio.target.deletingLastPathComponent().path)")
        }
        var staged: [StagedFile] = []
        if stems == .full {
            staged = [
                try StagedFile(try JSONFile.encode(document), at: folder.appendingPathComponent("script.json")),
                try StagedFile(
                    Data(ScriptMarkdown.render(document).utf8), at: folder.appendingPathComponent("script.md")),
                try StagedFile(
                    Data(CueSheet.render(document, fileName: audioFileName, format: format).utf8),
                    at: folder.appendingPathComponent("session.cue")),
                try StagedFile(try JSONFile.encode(quality), at: folder.appendingPathComponent("qa.json")),
                try StagedFile(
                    Data(Captions.render(voiced, timeline: timeline).utf8),
                    at: folder.appendingPathComponent("captions.vtt")),
                try StagedFile(try JSONFile.encode(manifest), at: folder.appendingPathComponent("manifest.json")),
                try StagedFile(
                    Data(Playlist.render(document).utf8), at: folder.appendingPathComponent("playlist.m3u8")),
            ]
        }
        for file in staged + [audio] { try file.commit() }
    }
}
