import Foundation
import SegueTestSupport
import Testing

@testable import SegueCore

/// `segue check --jsonl`'s hand-written JSON paths give what Foundation's would, byte for byte.
@Suite struct SafetyCheckLineTests {
    static let fixtureLines: [String] = ["labelled", "heldout"].flatMap { name in
        let url = Fixtures.root.appendingPathComponent("Tests/SegueSessionTests/Fixtures/safety/\(name).jsonl")
        return ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Lines in every shape the reader meets: escapes, odd numbers, other types, broken JSON.
    static let oddLines: [String] = [
        #"{"id": "a", "text": "Tab\there, \"quoted\", back\\slash, \/ slash, \u00e9 \ud83c\udfb5 \u0000 end"}"#,
        #"{"text": "no id", "facts": {"year": 1962, "count": -5, "zero": 0, "title": "T\u0007"}}"#,
        #"  {"facts": {"artist": "Dick Dale"}, "text": "Here is Dick Dale.", "id": "reordered"}  "#,
        "{\"id\":\"raw\",\"text\":\"Caf\u{E9} \u{1F3B5} \u{FEFF}bom\",\"facts\":{\"title\":\"\u{FEFF}x\"}}",
        #"{"id": "esc-bom", "text": "a\ufeffb"}"#,
        #"{"id": 7, "text": "numeric id"}"#,
        #"{"id": 3.5, "text": "float id"}"#,
        #"{"id": true, "text": "bool id"}"#,
        #"{"id": null, "text": "null id"}"#,
        #"{"id": "f", "text": "float facts", "facts": {"year": 1999.0, "big": 2.5e3, "neg": -0, "lead": 12}}"#,
        #"{"id": "t", "text": "other facts", "facts": {"a": true, "b": null, "c": [1], "d": {"x": 1}}}"#,
        #"{"id": "big", "text": "big number", "facts": {"n": 1234567890123456789}}"#,
        #"{"id": "dup", "text": "one", "text": "two"}"#,
        #"{"id": "label", "text": "labelled", "label": "safe", "category": "none", "note": "extra"}"#,
        #"{"id": "label2", "text": "labelled", "label": 1}"#,
        #"{"id": "surrogate", "text": "lone \ud800 high"}"#,
        #"{"id": "surrogate2", "text": "lone \udc00 low"}"#,
        #"{"id": "bad-escape", "text": "\x"}"#,
        "{\"id\": \"control\", \"text\": \"raw\u{7}bell\"}",
        #"{"id": "x"}"#,
        #"{"id": "bad", "text": 3}"#,
        #"{"text": "ok", "facts": [1]}"#,
        #"{"text": "trailing"} x"#,
        #"{"text": "unclosed""#,
        "[1, 2]",
        "not json",
        "{}",
        #"{"text": "", "facts": {}}"#,
        #"{"text":"compact","facts":{"title":"A","year":2001}}"#,
    ]

    /// An item, or the message of the error reading it gave.
    struct Outcome: Equatable {
        var item: SafetyCheckItem?
        var error: String?
    }

    func parse(_ bytes: [UInt8], fast: Bool) -> Outcome {
        do {
            let data = Data(bytes)
            return Outcome(
                item: fast
                    ? try SafetyCheckItem(json: data, context: "t:1")
                    : try SafetyCheckItem(serializing: data, context: "t:1"))
        } catch {
            return Outcome(error: "\(error)")
        }
    }

    @Test(arguments: fixtureLines + oddLines)
    func theHandReaderAgreesWithJSONSerialization(line: String) {
        #expect(parse(Array(line.utf8), fast: true) == parse(Array(line.utf8), fast: false), "\(line)")
    }

    @Test func invalidUTF8IsLeftToJSONSerialization() {
        let bytes: [UInt8] = Array(#"{"text": "a"#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
        #expect(parse(bytes, fast: true) == parse(bytes, fast: false))
    }

    @Test func resultsAreWrittenAsJSONEncoderWritesThem() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let checker = SafetyChecker()
        var every = ""
        for value in 0..<128 { every.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
        every += "\u{2028}\u{FEFF}é😂/"
        var results = [SafetyCheckResult(error: "t:1: not a JSON object"), SafetyCheckResult(error: every)]
        for line in Self.fixtureLines {
            let item = try SafetyCheckItem(json: Data(line.utf8), context: "t")
            results.append(SafetyCheckResult(id: item.id, report: checker.check(item.text, facts: item.facts)))
        }
        results.append(SafetyCheckResult(id: every, report: checker.check("Here is " + every, facts: ["title": every])))
        for result in results {
            var bytes: [UInt8] = []
            result.appendJSON(to: &bytes)
            #expect(bytes == Array(try encoder.encode(result)))
        }
    }

    @Test func theTrieFindsWhatStringComparisonFinds() {
        let words = ["fuck", "fu", "shit", "sh", "ass", "coño", "pill", "x"]
        let stems = ["fuck", "pill", "sh", "enculé", "b"]
        let trie = WordTrie(
            words.enumerated().map { ($0, $1, false) } + stems.enumerated().map { (100 + $0, $1, true) })
        for word in [
            "fuck", "fucking", "fu", "f", "shit", "sh", "s", "pills", "pill", "ass", "asses", "b", "bee", "x", "",
            "zzz",
        ] {
            var found: [Int] = []
            #expect(trie.matches(of: word, into: &found))
            let expected =
                stems.enumerated().filter { word.hasPrefix($1) }.map { 100 + $0.offset }
                + words.enumerated().filter { $1 == word }.map(\.offset)
            #expect(found.sorted() == expected.sorted(), "\(word)")
        }
        var none: [Int] = []
        #expect(!trie.matches(of: "coño", into: &none) && none.isEmpty)
    }
}
