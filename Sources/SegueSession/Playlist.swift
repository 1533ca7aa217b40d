import Foundation
import SegueCore

/// Renders `playlist.m3u8`: the session's tracks in order as an extended M3U (UTF-8), each with its length and
/// "Artist - Title", and its audio file as the catalog names it (as in `script.json`).
public enum Playlist {
    /// The playlist text for a session document.
    public static func render(_ document: SessionDocument) -> String {
        var lines = ["#EXTM3U"]
        // A track without a file has nothing to play; its #EXTINF would otherwise describe the next one's file.
        for track in document.tracks where !track.audio.isEmpty {
            let seconds = Int((track.end - track.start).rounded())
            lines.append("#EXTINF:\(seconds),\(oneLine(track.artist)) - \(oneLine(track.title))")
            lines.append(path(track.audio))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Metadata on one line: control characters and line breaks (which would end the entry) read as spaces, runs
    /// of spaces as one.
    static func oneLine(_ text: String) -> String {
        let flat = text.unicodeScalars.map { scalar -> String in
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: " "
            default: String(scalar)
            }
        }
        return flat.joined().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// A path as an M3U entry: control characters percent-encoded (a line break would start another entry), and a
    /// path starting with `#` led by `./` so it is not read as a comment or a directive.
    static func path(_ path: String) -> String {
        var out = ""
        for scalar in path.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator:
                for byte in String(scalar).utf8 { out += String(format: "%%%02X", byte) }
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out.hasPrefix("#") ? "./" + out : out
    }
}
