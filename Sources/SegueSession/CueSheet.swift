import Foundation
import SegueCore
import SegueFiles

/// Renders `session.cue`: one CUE track per lineup track, indexed where it starts in the WAV.
public enum CueSheet {
    /// The cue sheet text for a session document whose audio is `fileName`.
    public static func render(_ document: SessionDocument, fileName: String) -> String {
        var lines = [
            "REM COMMENT \"Segue session, seed \(document.seed)\"",
            "PERFORMER \"Segue\"",
            "TITLE \"\(quoted("Segue session for \(document.listenerName)"))\"",
            "FILE \"\(quoted(fileName))\" WAVE",
        ]
        for track in document.tracks {
            lines.append(String(format: "  TRACK %02d AUDIO", track.position))
            lines.append("    TITLE \"\(quoted(track.title))\"")
            lines.append("    PERFORMER \"\(quoted(track.artist))\"")
            lines.append("    INDEX 01 \(timestamp(track.start))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `mm:ss:ff` with 75 frames a second, as CUE sheets count.
    static func timestamp(_ seconds: Double) -> String {
        let frames = Int((seconds * 75).rounded())
        return String(format: "%02d:%02d:%02d", frames / 4500, (frames / 75) % 60, frames % 75)
    }

    private static func quoted(_ text: String) -> String {
        String(SlotSanitizer.clean(text).replacingOccurrences(of: "\"", with: "'").prefix(80))
    }
}
