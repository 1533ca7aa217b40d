import Foundation
import SegueAudio
import SegueCore
import SegueFiles

/// Renders `session.cue`: one CUE track per lineup track, indexed where it starts in the session's audio file.
public enum CueSheet {
    /// The cue sheet text for a session document whose audio is `fileName`, in `format`.
    public static func render(_ document: SessionDocument, fileName: String, format: OutputFormat = .wav16) -> String {
        var lines = [
            "REM COMMENT \"Segue session, seed \(document.seed)\"",
            "PERFORMER \"Segue\"",
            "TITLE \"\(quoted("Segue session for \(document.listenerName)"))\"",
            "FILE \"\(quoted(fileName))\" \(fileType(format))",
        ]
        for track in document.tracks {
            lines.append(String(format: "  TRACK %02d AUDIO", track.position))
            lines.append("    TITLE \"\(quoted(track.title))\"")
            lines.append("    PERFORMER \"\(quoted(track.artist))\"")
            lines.append("    INDEX 01 \(timestamp(track.start))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The CUE file type: `MP3` for MP3; `WAVE` for the rest, as players read FLAC and Ogg sheets (the CUE format
    /// names no other audio type).
    static func fileType(_ format: OutputFormat) -> String { format == .mp3 ? "MP3" : "WAVE" }

    /// `mm:ss:ff` with 75 frames a second, as CUE sheets count.
    static func timestamp(_ seconds: Double) -> String {
        let frames = Int((seconds * 75).rounded())
        return String(format: "%02d:%02d:%02d", frames / 4500, (frames / 75) % 60, frames % 75)
    }

    private static func quoted(_ text: String) -> String {
        String(SlotSanitizer.clean(text).replacingOccurrences(of: "\"", with: "'").prefix(80))
    }
}
