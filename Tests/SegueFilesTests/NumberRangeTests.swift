import Foundation
import SegueCore
import SegueTestSupport
import Testing

@testable import SegueFiles

/// Valid JSON with a number its field cannot take: the message names the file, the field path and what the field
/// allows, for every JSON input (catalog, listener, `check --jsonl` lines, stage files, voices).
@Suite struct NumberRangeTests {
    /// A catalog of `count` tracks whose track at `index` has `field: number` written as is.
    static func catalog(_ field: String, _ number: String, at index: Int, of count: Int = 5) -> String {
        let tracks = (0..<count).map { i in
            let duration = field == "duration_s" && i == index ? number : "30"
            let value = field != "duration_s" && i == index ? ", \"\(field)\": \(number)" : ""
            return #"{"id": "t\#(i)", "title": "x", "artist": "y", "duration_s": \#(duration)\#(value)}"#
        }
        return #"{"version": 1, "tracks": ["# + tracks.joined(separator: ",\n") + "]}"
    }

    /// A listener of `count` history entries whose entry at `index` has `field: number` written as is.
    static func listener(_ field: String, _ number: String, at index: Int, of count: Int = 15) -> String {
        let entries = (0..<count).map { i in
            let plays = field == "plays" && i == index ? number : "1"
            let skips = field == "skips" && i == index ? number : "0"
            return #"{"track_id": "t\#(i)", "plays": \#(plays), "skips": \#(skips)}"#
        }
        return #"{"id": "l", "name": "L", "explicit": "allow", "history": ["# + entries.joined(separator: ",\n") + "]}"
    }

    func write(_ text: String, name: String, function: String = #function) throws -> URL {
        let url = try Fixtures.temporaryFolder(function).appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    static let whole = "a whole number from -9223372036854775808 to 9223372036854775807"
    static let count = "a whole number from 0 to 9223372036854775807"
    static let double = "a number from -1.7976931348623157e+308 to 1.7976931348623157e+308"

    @Test(arguments: [
        ("popularity", "1e308", "tracks[3].popularity: 1e308 is out of range (allowed: a whole number from 0 to 100)"),
        (
            "popularity", "123456789012345678901234567890",
            "tracks[3].popularity: 123456789012345678901234567890 is out of range (allowed: a whole number from 0 to 100)"
        ),
        ("popularity", "-1e30", "tracks[3].popularity: -1e30 is out of range (allowed: a whole number from 0 to 100)"),
        (
            "popularity", "55.5",
            "tracks[3].popularity: 55.5 is not a whole number (allowed: a whole number from 0 to 100)"
        ),
        ("year", "1e19", "tracks[3].year: 1e19 is out of range (allowed: a whole number from 0 to 9999)"),
        (
            "duration_s", "1e400",
            "tracks[3].duration_s: 1e400 is out of range (allowed: a number of seconds greater than 0, at most 1.7976931348623157e+308)"
        ),
        ("bpm", "-1e999", "tracks[3].bpm: -1e999 is out of range (allowed: \(double))"),
        (
            "embedding", "[0.5, 1e39]",
            "tracks[3].embedding[1]: 1e39 is out of range (allowed: a number from -3.4028235e+38 to 3.4028235e+38)"
        ),
    ])
    func aCatalogNumberOutOfRangeNamesTheFileTheFieldAndTheRange(
        field: String, number: String, expected: String
    )
        throws
    {
        let url = try write(Self.catalog(field, number, at: 3), name: "catalog.json")
        let error = try #require(throws: CatalogError.self) { try Catalog.load(from: url) }
        #expect(error.code == .malformedJSON)
        #expect(error.description == "\(url.path): invalid value at \(expected)")
    }

    @Test(arguments: [
        ("plays", "1e30", "history[12].plays: 1e30 is out of range (allowed: \(count))"),
        (
            "plays", "99999999999999999999",
            "history[12].plays: 99999999999999999999 is out of range (allowed: \(count))"
        ),
        ("skips", "2.5", "history[12].skips: 2.5 is not a whole number (allowed: \(count))"),
        ("skips", "-1e400", "history[12].skips: -1e400 is out of range (allowed: \(count))"),
    ])
    func aListenerNumberOutOfRangeNamesTheFileTheFieldAndTheRange(
        field: String, number: String, expected: String
    )
        throws
    {
        let url = try write(Self.listener(field, number, at: 12), name: "l.json")
        let error = try #require(throws: CatalogError.self) { try Listener.load(from: url) }
        #expect(error.code == .malformedJSON)
        #expect(error.description == "\(url.path): invalid value at \(expected)")
    }

    @Test func aNumberThatFitsItsTypeButNotItsFieldIsNamedLikeOne() throws {
        let popularity = try write(Self.catalog("popularity", "1000", at: 3), name: "catalog.json")
        let error = try #require(throws: CatalogError.self) { try Catalog.load(from: popularity) }
        #expect(error.code == .invalidValue)
        #expect(
            error.description
                == "\(popularity.path): invalid value at tracks[3].popularity ('t3'): 1000 is out of range "
                + "(allowed: a whole number from 0 to 100)")
        let year = try write(Self.catalog("year", "9223372036854775807", at: 1), name: "catalog.json")
        let yearError = try #require(throws: CatalogError.self) { try Catalog.load(from: year) }
        #expect(
            yearError.message.hasPrefix("invalid value at tracks[1].year ('t1'): 9223372036854775807 is out of range"))
    }

    @Test func theDataEntryPointAnswersAsTheFileDoes() throws {
        let text = Self.catalog("popularity", "1e308", at: 3)
        let url = try write(text, name: "catalog.json")
        var warnings: [InputWarning] = []
        let fromData = try #require(throws: CatalogError.self) {
            try Catalog.load(json: Data(text.utf8), from: url, warnings: &warnings)
        }
        let fromFile = try #require(throws: CatalogError.self) { try Catalog.load(from: url) }
        #expect(fromData == fromFile)
        let good = try Catalog.load(
            json: try Data(contentsOf: Fixtures.catalogURL), from: Fixtures.catalogURL, warnings: &warnings)
        #expect(good == (try Catalog.load(from: Fixtures.catalogURL)))
    }

    @Test func aVoiceNumberOutOfRangeNamesTheFileAndTheRange() throws {
        let folder = try Fixtures.temporaryFolder()
        let url = folder.appendingPathComponent("v.json")
        let voice =
            #"{"name": "v", "espeak_voice": "en-us", "rate_wpm": RATE, "pitch": 50, "volume": 100, "language": "en-US"}"#
        try Data(voice.replacingOccurrences(of: "RATE", with: "1e20").utf8).write(to: url)
        let huge = try #require(throws: CatalogError.self) { try VoiceProfile.loadAll(from: folder) }
        #expect(
            huge.description
                == "\(url.path): invalid value at rate_wpm: 1e20 is out of range (allowed: a whole number from 80 to 450)"
        )
        try Data(voice.replacingOccurrences(of: "RATE", with: "1000").utf8).write(to: url)
        let fast = try #require(throws: CatalogError.self) { try VoiceProfile.loadAll(from: folder) }
        #expect(
            fast.description
                == "\(url.path): invalid value at rate_wpm: 1000 is out of range (allowed: a whole number from 80 to 450)"
        )
    }

    // MARK: check --jsonl lines

    @Test(arguments: [
        (
            #"{"id": "a", "text": "Hi.", "facts": {"year": 1e400}}"#,
            "invalid value at facts.year: 1e400 is out of range (allowed: \(double))"
        ),
        (#"{"id": -1e999, "text": "Hi."}"#, "invalid value at id: -1e999 is out of range (allowed: \(double))"),
        (
            #"{"text": "Hi.", "facts": {"a": [1, {"b": 1.8e308}]}}"#,
            "invalid value at facts.a[1].b: 1.8e308 is out of range (allowed: \(double))"
        ),
        (#"{"text": "Hi." "facts": {}}"#, "column 16: not valid JSON: expected ',' or '}' after an object member"),
        (
            #"{"text": "Hi.", "facts": {"year": 1962}"#,
            "column 40: not valid JSON: unexpected end of file: expected ',' or '}' after an object member"
        ),
    ])
    func aCheckLineSaysWhereItIsWrong(line: String, expected: String) throws {
        let error = try #require(throws: CatalogError.self) {
            try SafetyCheckItem(json: Data(line.utf8), context: "lines.jsonl:4")
        }
        #expect(error.description == "lines.jsonl:4: \(expected)")
    }

    @Test func aCheckLineWithInvalidUTF8GivesItsColumn() throws {
        let line: [UInt8] = Array(#"{"text": "Caf"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        let error = try #require(throws: CatalogError.self) {
            try SafetyCheckItem(json: Data(line), context: "lines.jsonl:2")
        }
        #expect(error.description == "lines.jsonl:2: column 14: not valid JSON: invalid UTF-8 in a string")
        let facts = try #require(throws: CatalogError.self) {
            try SafetyCheckItem.facts(json: Data(#"{"year": 1e309}"#.utf8), context: "--facts")
        }
        #expect(facts.description == "--facts: invalid value at year: 1e309 is out of range (allowed: \(Self.double))")
    }

    @Test func theScannerTracksTheFieldPathOfANumberOutOfRange() {
        let bytes = Array(#"[{"a": 1, "b": [1e308, 2, -1e309]}, 3]"#.utf8)
        let error = JSONSyntaxError.first(in: bytes, checkingNumbers: true)
        #expect(error?.field == "[0].b[2]")
        #expect(error?.offset == 26)
        #expect(JSONSyntaxError.first(in: bytes) == nil)
        #expect(JSONSyntaxError.first(in: Array("1e400".utf8), checkingNumbers: true)?.field == "the top level")
    }
}
