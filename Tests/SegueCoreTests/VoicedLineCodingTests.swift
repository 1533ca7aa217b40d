import Foundation
import SegueCore
import Testing

/// A voiced line keeps its word timings in JSON, and a line saved before there were any still reads.
@Suite struct VoicedLineCodingTests {
    let line = VoicedScript.Line(
        lineID: "L2", spokenText: "That was Bjork",
        clip: AudioBuffer(sampleRate: 44_100, channels: 2, samples: [0, 0.25, -0.5, 0.125]),
        words: [
            SpokenWord(start: 0, textOffset: 0, textLength: 4), SpokenWord(start: 0.214, textOffset: 5, textLength: 3),
            SpokenWord(start: 0.412, textOffset: 9, textLength: 5),
        ])

    @Test func wordsSurviveARoundTripUnderSnakeCaseKeys() throws {
        let data = try JSONEncoder().encode(line)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let words = try #require(object["words"] as? [[String: Any]])
        #expect(words.count == 3)
        #expect(Set(words[1].keys) == ["start_s", "text_offset", "text_length"])
        #expect(try JSONDecoder().decode(VoicedScript.Line.self, from: data) == line)
    }

    @Test func aLineSavedWithoutWordsReadsWithNone() throws {
        var object = try #require(
            try JSONSerialization.jsonObject(with: try JSONEncoder().encode(line)) as? [String: Any])
        object.removeValue(forKey: "words")
        let old = try JSONDecoder().decode(
            VoicedScript.Line.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(old.words.isEmpty)
        #expect(old.clip == line.clip && old.contentHash == line.contentHash && old.lineID == "L2")
    }
}
