import Foundation
import SegueCore

/// Renders `captions.vtt`: the script's text of every spoken line as WebVTT, timed on the session from espeak-ng's
/// word events.
///
/// A line is one cue when it fits two caption lines of `lineLength` characters; a longer line is cut into cues at
/// sentence ends (and within a sentence too long for one cue, between words), each timed from the word it starts
/// with. A cue starts where its first word is spoken (the clip's place on the timeline plus the word's offset in the
/// clip) and ends where the next cue of its line starts, the last at the end of the clip. The text is what the
/// listener reads, the script's line, not the speech-ready form the voice read.
public enum Captions {
    /// One caption: an identifier (the line's id, then `.2`, `.3` for its further cues), a time span on the
    /// session, and up to two lines of text.
    public struct Cue: Sendable, Equatable {
        public var identifier: String
        public var lineID: String
        public var start: Double
        public var end: Double
        public var lines: [String]
    }

    /// The most characters in a caption line.
    public static let lineLength = 42
    /// The most lines in a cue.
    public static let linesPerCue = 2

    /// The WebVTT file of a voiced session on its timeline.
    public static func render(_ voiced: VoicedScript, timeline: SessionTimeline) -> String {
        render(cues(voiced, timeline: timeline))
    }

    /// WebVTT text for `cues`: the header, then each cue's identifier, timing and text, with `&`, `<` and `>`
    /// escaped.
    public static func render(_ cues: [Cue]) -> String {
        var out = "WEBVTT\n"
        for cue in cues {
            out += "\n\(cue.identifier)\n\(timestamp(cue.start)) --> \(timestamp(cue.end))\n"
            for line in cue.lines { out += escaped(line) + "\n" }
        }
        return out
    }

    /// Every spoken line's cues, in the order they play.
    public static func cues(_ voiced: VoicedScript, timeline: SessionTimeline) -> [Cue] {
        let texts = Dictionary(voiced.script.lines.map { ($0.id, $0.text) }, uniquingKeysWith: { first, _ in first })
        let speech = Dictionary(voiced.lines.map { ($0.lineID, $0) }, uniquingKeysWith: { first, _ in first })
        let slots = timeline.voices.sorted { ($0.start, $0.lineID) < ($1.start, $1.lineID) }
        var cues: [Cue] = []
        var identifiers: Set<String> = []
        for (index, slot) in slots.enumerated() {
            guard let text = texts[slot.lineID], let spoken = speech[slot.lineID] else { continue }
            // Never past the next line's start, should a clip ever run into it.
            let end = index + 1 < slots.count ? min(slot.end, slots[index + 1].start) : slot.end
            // Line ids are unique; made safe for WebVTT, two could meet.
            var name = identifier(slot.lineID)
            if identifiers.contains(name) { name += "-\(index + 1)" }
            let line = lineCues(text: text, spoken: spoken, start: slot.start, end: end, identifier: name)
            identifiers.formUnion(line.map(\.identifier))
            cues += line.map {
                Cue(identifier: $0.identifier, lineID: slot.lineID, start: $0.start, end: $0.end, lines: $0.lines)
            }
        }
        return cues
    }

    // MARK: - One line

    /// The cues of one line whose clip plays from `start` to `end` on the session.
    static func lineCues(
        text: String, spoken: VoicedScript.Line, start: Double, end: Double, identifier: String
    ) -> [(identifier: String, start: Double, end: Double, lines: [String])] {
        let tokens = self.tokens(of: text)
        guard !tokens.isEmpty, end > start else { return [] }
        // A cue starts a little before the clip ends at the latest, so it is seen.
        let latest = max(0, end - start - 0.1)
        var parts: [(start: Double, words: [String])] = []
        for chunk in chunks(of: tokens) {
            let offset = min(max(time(ofToken: chunk.lowerBound, tokens: tokens, spoken: spoken), 0), latest)
            let words = tokens[chunk].map(\.text)
            // A part that would start no later than the one before (word times out of step with the text) joins it,
            // even when together they take more than two caption lines.
            if let last = parts.last, start + offset <= last.start + 0.001 {
                parts[parts.count - 1].words += words
            } else {
                parts.append((start + offset, words))
            }
        }
        return parts.indices.map { index in
            (
                index == 0 ? identifier : "\(identifier).\(index + 1)", parts[index].start,
                index + 1 < parts.count ? parts[index + 1].start : end, wrap(parts[index].words)
            )
        }
    }

    /// A word of the displayed text: itself, and which sentence of the text it is in.
    struct Token {
        var text: String
        var sentence: Int
    }

    /// The displayed text's words, control characters and line breaks read as spaces; a word longer than a
    /// caption line is cut into pieces that fit.
    static func tokens(of text: String) -> [Token] {
        let flat = String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    switch scalar.properties.generalCategory {
                    case .control, .lineSeparator, .paragraphSeparator, .format: " "
                    default: scalar
                    }
                }))
        var tokens: [Token] = []
        var sentence = 0
        for word in flat.split(whereSeparator: \.isWhitespace) {
            var rest = Substring(word)
            while !rest.isEmpty {
                tokens.append(Token(text: String(rest.prefix(lineLength)), sentence: sentence))
                rest = rest.dropFirst(lineLength)
            }
            if endsSentence(word) { sentence += 1 }
        }
        return tokens
    }

    /// Whether a word ends a sentence: a full stop, question or exclamation mark, or ellipsis, before any closing
    /// quotes or brackets.
    static func endsSentence<Text: StringProtocol>(_ word: Text) -> Bool {
        let closing: Set<Character> = ["\"", "'", "”", "’", ")", "]", "»"]
        guard let last = word.reversed().first(where: { !closing.contains($0) }) else { return false }
        return [".", "!", "?", "…"].contains(last)
    }

    /// The display's words grouped into cues: whole sentences while they fit one cue, a sentence too long for one
    /// cut between words into cues of its own.
    static func chunks(of tokens: [Token]) -> [Range<Int>] {
        var chunks: [Range<Int>] = []
        var current = 0..<0
        func fits(_ range: Range<Int>) -> Bool { wrap(tokens[range].map(\.text)).count <= linesPerCue }
        var index = 0
        while index < tokens.count {
            let sentence = tokens[index].sentence
            let sentenceEnd = tokens[index...].firstIndex { $0.sentence != sentence } ?? tokens.count
            if fits(current.lowerBound..<sentenceEnd) {
                current = current.lowerBound..<sentenceEnd
            } else if fits(index..<sentenceEnd) {
                if !current.isEmpty { chunks.append(current) }
                current = index..<sentenceEnd
            } else {
                // Cut between words; its last part is not joined by the next sentence, so a cue starts with a
                // sentence or within a long one, never part way into one.
                if !current.isEmpty { chunks.append(current) }
                current = index..<index
                for word in index..<sentenceEnd {
                    if !fits(current.lowerBound..<word + 1) {
                        chunks.append(current)
                        current = word..<word
                    }
                    current = current.lowerBound..<word + 1
                }
                chunks.append(current)
                current = sentenceEnd..<sentenceEnd
            }
            index = sentenceEnd
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    /// Words laid out in caption lines of at most `lineLength` characters (each word fits one, see `tokens`).
    static func wrap(_ words: [String]) -> [String] {
        var lines: [String] = []
        for word in words {
            if let last = lines.last, last.count + 1 + word.count <= lineLength {
                lines[lines.count - 1] += " " + word
            } else {
                lines.append(word)
            }
        }
        return lines
    }

    // MARK: - Times

    /// Seconds into the clip where the display's token `index` is spoken.
    ///
    /// The voice read the speech-ready text, whose words differ from the display's ("1999" is four words), so
    /// display and speech are matched sentence by sentence when both have as many sentences, and by proportion
    /// within a sentence; else by proportion over the line. A clip without word times is read at an even pace.
    static func time(ofToken index: Int, tokens: [Token], spoken: VoicedScript.Line) -> Double {
        let words = spoken.words
        guard !words.isEmpty else { return spoken.clip.duration * Double(index) / Double(tokens.count) }
        let spokenSentences = sentences(of: spoken)
        let displayCount = (tokens.last?.sentence ?? 0) + 1
        if spokenSentences.count == displayCount {
            let sentence = tokens[index].sentence
            let first = tokens.firstIndex { $0.sentence == sentence } ?? index
            let count = tokens.filter { $0.sentence == sentence }.count
            let range = spokenSentences[sentence]
            let word = range.lowerBound + (index - first) * range.count / max(count, 1)
            return words[min(word, range.upperBound - 1)].start
        }
        return words[min(index * words.count / tokens.count, words.count - 1)].start
    }

    /// The spoken words grouped into sentences: a word starts one when the text from the word before up to it
    /// ends a sentence, by the rule the display's words follow (`endsSentence`).
    static func sentences(of spoken: VoicedScript.Line) -> [Range<Int>] {
        let scalars = Array(spoken.spokenText.unicodeScalars)
        var sentences: [Range<Int>] = []
        var start = 0
        for index in spoken.words.indices.dropFirst() {
            let from = min(max(spoken.words[index - 1].textOffset, 0), scalars.count)
            let to = min(max(spoken.words[index].textOffset, from), scalars.count)
            let between = String(String.UnicodeScalarView(scalars[from..<to]))
            if endsSentence(between.trimmingCharacters(in: .whitespacesAndNewlines)) {
                sentences.append(start..<index)
                start = index
            }
        }
        sentences.append(start..<spoken.words.count)
        return sentences
    }

    // MARK: - WebVTT text

    /// `hh:mm:ss.ttt`, to the millisecond.
    static func timestamp(_ seconds: Double) -> String {
        let milliseconds = Int((max(seconds, 0) * 1000).rounded())
        return String(
            format: "%02d:%02d:%02d.%03d", milliseconds / 3_600_000, milliseconds / 60_000 % 60,
            milliseconds / 1000 % 60, milliseconds % 1000)
    }

    /// Cue text with WebVTT's markup characters escaped.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// A cue identifier from a line id: letters, digits, `-`, `_` and `.` only, so no line break or `-->` can
    /// end it early.
    static func identifier(_ lineID: String) -> String {
        let kept = lineID.unicodeScalars.filter {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                || "-_.".unicodeScalars.contains($0)
        }
        return kept.isEmpty ? "line" : String(String.UnicodeScalarView(kept))
    }
}
