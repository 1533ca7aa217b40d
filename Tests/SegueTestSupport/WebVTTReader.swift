import Foundation

/// A strict reader of the WebVTT Segue writes, for tests: the header, then blocks of an identifier, a timing line
/// and one or more text lines, separated by one blank line; it fails on anything else.
public enum WebVTTReader {
    public struct Cue: Equatable {
        public var identifier: String
        public var start: Double
        public var end: Double
        /// The text lines as written (escaped).
        public var lines: [String]

        /// The text lines as a viewer reads them, WebVTT's character references decoded.
        public var text: [String] {
            lines.map {
                $0.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                    .replacingOccurrences(of: "&amp;", with: "&")
            }
        }
    }

    public struct Malformed: Error, CustomStringConvertible {
        public var description: String
    }

    /// The cues of `text`.
    /// - Throws: `Malformed` naming the first line that breaks the structure.
    public static func cues(_ text: String) throws -> [Cue] {
        var lines = text.components(separatedBy: "\n")
        guard lines.first == "WEBVTT" else { throw Malformed(description: "no WEBVTT header") }
        guard lines.last == "" else { throw Malformed(description: "no line break at the end") }
        lines.removeLast()
        var cues: [Cue] = []
        var index = 1
        while index < lines.count {
            guard lines[index].isEmpty else { throw Malformed(description: "line \(index + 1): expected a blank line") }
            index += 1
            guard index + 1 < lines.count else {
                throw Malformed(description: "line \(index + 1): a cue without timing or text")
            }
            let identifier = lines[index]
            guard !identifier.isEmpty, !identifier.contains("-->") else {
                throw Malformed(description: "line \(index + 1): bad identifier '\(identifier)'")
            }
            let (start, end) = try timing(lines[index + 1], line: index + 2)
            index += 2
            var text: [String] = []
            while index < lines.count, !lines[index].isEmpty {
                let line = lines[index]
                guard !line.contains("-->"), !line.contains("<"), !line.contains(">"),
                    !line.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
                else { throw Malformed(description: "line \(index + 1): unsafe cue text '\(line)'") }
                // Every & starts a character reference.
                for ampersand in line.indices where line[ampersand] == "&" {
                    let rest = line[ampersand...]
                    guard rest.hasPrefix("&amp;") || rest.hasPrefix("&lt;") || rest.hasPrefix("&gt;") else {
                        throw Malformed(description: "line \(index + 1): a bare & in '\(line)'")
                    }
                }
                text.append(line)
                index += 1
            }
            guard !text.isEmpty else { throw Malformed(description: "cue \(identifier) has no text") }
            cues.append(Cue(identifier: identifier, start: start, end: end, lines: text))
        }
        return cues
    }

    /// `hh:mm:ss.ttt --> hh:mm:ss.ttt`.
    static func timing(_ line: String, line number: Int) throws -> (Double, Double) {
        let parts = line.components(separatedBy: " --> ")
        guard parts.count == 2, let start = seconds(parts[0]), let end = seconds(parts[1]) else {
            throw Malformed(description: "line \(number): bad timing '\(line)'")
        }
        return (start, end)
    }

    static func seconds(_ stamp: String) -> Double? {
        let fields = stamp.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].count == 2, fields[1].count == 2, fields[2].count == 6,
            let hours = Int(fields[0]), let minutes = Int(fields[1]), minutes < 60
        else { return nil }
        let secondParts = fields[2].split(separator: ".", omittingEmptySubsequences: false)
        guard secondParts.count == 2, secondParts[0].count == 2, secondParts[1].count == 3,
            let seconds = Int(secondParts[0]), seconds < 60, let milliseconds = Int(secondParts[1]),
            fields.allSatisfy({ $0.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") } })
        else { return nil }
        return Double(hours * 3600 + minutes * 60 + seconds) + Double(milliseconds) / 1000
    }
}
