import Foundation
import SegueCore
import SegueTestSupport
import Testing

@testable import SegueFiles

/// Bad input files: syntax errors with their line and column, wrong types with their field path, and unknown fields
/// as warnings that name the closest known field.
@Suite struct InputErrorsTests {
    func write(_ text: String, name: String = "catalog.json", function: String = #function) throws -> URL {
        let url = try Fixtures.temporaryFolder(function).appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    func loadError(_ text: String, function: String = #function) throws -> CatalogError {
        let url = try write(text, function: function)
        return try #require(throws: CatalogError.self) { try Catalog.load(from: url) }
    }

    // MARK: Syntax errors

    @Test func aSyntaxErrorNamesItsLineAndColumn() throws {
        let text = """
            {
              "version": 1,
              "tracks": [
                {"id": "a", "title": "x" "artist": "y", "duration_s": 3}
              ]
            }
            """
        let url = try write(text)
        let error = try #require(throws: CatalogError.self) { try Catalog.load(from: url) }
        #expect(error.code == .malformedJSON)
        #expect(error.path == url.path)
        #expect(error.description == "\(url.path): 4:30: not valid JSON: expected ',' or '}' after an object member")
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let error = try loadError(#"{"tracks": [{"id": "a", "title": "Café" "x": 1}]}"#)
        #expect(error.message == "1:41: not valid JSON: expected ',' or '}' after an object member")
    }

    @Test func aTruncatedFileSaysSoAtItsEnd() throws {
        let cut = try loadError("{\n  \"tracks\": [\n    {\"id\": \"a\", \"title\": \"x\"")
        #expect(
            cut.message == "3:29: not valid JSON: unexpected end of file: expected ',' or '}' after an object member")
        let inString = try loadError(#"{"tracks": [{"id": "a", "title": "Unfinish"#)
        #expect(inString.message == "1:43: not valid JSON: unexpected end of file inside a string")
        let empty = try loadError("  \n")
        #expect(empty.message == "2:1: not valid JSON: the file holds no JSON value")
    }

    @Test func noFoundationTextReachesTheMessage() throws {
        let inputs = [
            #"{"tracks": [{"id": "a",, }]}"#, "{tracks: []}", #"{"tracks": [1, 2"#, #"{"tracks": tru}"#,
            #"{"tracks": []} trailing"#, #"{"tracks": [{"id": "\q"}]}"#, "[{\"id\": \"a\u{01}\"}]", "[01]", "[-]",
            #"{"tracks": NaN}"#, String(repeating: "[", count: 10_000),
            #"[{"id": "a", "title": "x", "artist": "y", "duration_s": 3, "year": 1999.5}]"#,
        ]
        for input in inputs {
            let error = try loadError(input)
            #expect(error.code == .malformedJSON)
            #expect(!error.message.contains("given data"), "\(error)")
            #expect(!error.message.contains("couldn’t be read") && !error.message.contains("couldn't be read"))
        }
    }

    @Test func aNumberThatDoesNotFitIsNotCalledASyntaxError() throws {
        let error = try loadError(#"[{"id": "a", "title": "x", "artist": "y", "duration_s": 3, "year": 1999.5}]"#)
        #expect(
            error.message
                == "invalid value at [0].year: 1999.5 is not a whole number (allowed: a whole number from 0 to 9999)")
    }

    @Test func aWrongTypeStillNamesTheFieldPath() throws {
        let error = try loadError(
            #"{"tracks": [{"id": "a", "title": "x", "artist": "y", "duration_s": 3},"#
                + #" {"id": "b", "title": "x", "artist": "y", "duration_s": 3, "bpm": "fast"}]}"#)
        #expect(error.message.hasPrefix("wrong type at tracks[1].bpm: expected Double"))
    }

    @Test func aBadListenerValueNamesTheFieldNotJSONSyntax() throws {
        let url = try write(#"{"id": "x", "name": "X", "explicit": "maybe"}"#, name: "x.json")
        let error = try #require(throws: CatalogError.self) { try Listener.load(from: url) }
        #expect(error.message.hasPrefix("invalid value at explicit: "))
    }

    @Test(
        arguments: [
            ("[1,]", nil), ("{\"a\": [1, 2,], }", nil), ("\u{FEFF}{}", nil), (" {\"a\": \"\\ud83c\\udfb5 é\"} ", nil),
            ("-0.5e+3", nil), ("[true, false, null]", nil),
            ("", JSONSyntaxError(offset: 0, message: "the file holds no JSON value")),
            ("[1 2]", JSONSyntaxError(offset: 3, message: "expected ',' or ']' after an array element")),
            ("[1}", JSONSyntaxError(offset: 2, message: "expected ',' or ']' after an array element")),
            ("[,]", JSONSyntaxError(offset: 1, message: "expected a value")),
            ("{\"a\" 1}", JSONSyntaxError(offset: 5, message: "expected ':' after a field name")),
            ("{'a': 1}", JSONSyntaxError(offset: 1, message: "expected a field name in double quotes")),
            ("[012]", JSONSyntaxError(offset: 1, message: "a number may not start with a leading zero")),
            ("[1.]", JSONSyntaxError(offset: 3, message: "expected a digit after the decimal point")),
            ("[1e+]", JSONSyntaxError(offset: 4, message: "expected a digit in the exponent")),
            ("[nul]", JSONSyntaxError(offset: 1, message: "expected a value (true, false and null are lowercase)")),
            ("[True]", JSONSyntaxError(offset: 1, message: "expected a value")),
            (
                "[\"\\ud800\"]",
                JSONSyntaxError(offset: 2, message: "\\ud800 is a high surrogate without a low surrogate after it")
            ),
            ("[\"\\u00g0\"]", JSONSyntaxError(offset: 2, message: "expected four hex digits after \\u")),
            ("{} {}", JSONSyntaxError(offset: 3, message: "unexpected text after the end of the JSON value")),
        ] as [(String, JSONSyntaxError?)])
    func theScannerFindsTheFirstOffendingByte(input: String, expected: JSONSyntaxError?) {
        #expect(JSONSyntaxError.first(in: Array(input.utf8)) == expected)
    }

    @Test func theScannerRejectsRawControlCharactersAndBadUTF8InStrings() {
        #expect(JSONSyntaxError.first(in: Array("[\"a\tb\"]".utf8))?.offset == 3)
        let badContinuation: [UInt8] = [0x5B, 0x22, 0x61, 0xC3, 0x28, 0x22, 0x5D]
        #expect(JSONSyntaxError.first(in: badContinuation)?.message == "invalid UTF-8 in a string")
        let encodedSurrogate: [UInt8] = [0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D]
        #expect(JSONSyntaxError.first(in: encodedSurrogate)?.offset == 2)
        #expect(JSONSyntaxError.first(in: [0x5B, 0x22, 0xF0, 0x9F, 0x8E, 0xB5, 0x22, 0x5D]) == nil)
        let deep = JSONSyntaxError.first(in: Array(String(repeating: "[", count: 100_000).utf8))
        #expect(deep == JSONSyntaxError(offset: 512, message: "nested more than 512 levels deep"))
    }

    // MARK: Unknown fields

    static let trackFields = #""id": "a", "title": "x", "artist": "y", "duration_s": 30"#

    func loadWarnings(catalog text: String, function: String = #function) throws -> (URL, [InputWarning]) {
        let url = try write(text, function: function)
        var warnings: [InputWarning] = []
        _ = try Catalog.load(from: url, warnings: &warnings)
        return (url, warnings)
    }

    @Test func unknownTrackFieldsAreWarnedWithTheClosestKnownName() throws {
        let fields = Self.trackFields
        let (url, warnings) = try loadWarnings(
            catalog: #"{"verison": 1, "tracks": [{\#(fields), "tempo": 120}, {"#
                + #""id": "b", "title": "x", "artist": "y", "duration_s": 3, "artistAlias": "z", "mbid": "q"}]}"#)
        #expect(
            warnings.map(\.description) == [
                "\(url.path): verison: unknown field (did you mean 'version'?)",
                "\(url.path): tracks[0].tempo: unknown field (did you mean 'bpm'?)",
                "\(url.path): tracks[1].artistAlias: unknown field (did you mean 'artist_alias'?)",
                "\(url.path): tracks[1].mbid: unknown field",
            ])
        let tempo = InputWarning(path: url.path, field: "tracks[0].tempo", message: "unknown field", suggestion: "bpm")
        #expect(warnings[1] == tempo)
    }

    @Test func aBareArrayCatalogNamesTracksByIndex() throws {
        let (_, warnings) = try loadWarnings(
            catalog: #"[{\#(Self.trackFields)}, {"id": "b", "title": "x", "artist": "y", "duration_s": 3, "#
                + #""yaer": 1999}]"#)
        #expect(warnings.map(\.field) == ["[1].yaer"])
        #expect(warnings.first?.suggestion == "year")
    }

    @Test func aNameRepeatedInEveryTrackIsOneWarningWithACount() throws {
        let tracks = (0..<50).map { #"{"id": "t\#($0)", "title": "x", "artist": "y", "duration_s": 3, "tempo": 90}"# }
        let (url, warnings) = try loadWarnings(catalog: "[" + tracks.joined(separator: ",") + "]")
        let expected = "\(url.path): [0].tempo: unknown field, in 50 tracks (did you mean 'bpm'?)"
        #expect(warnings.map(\.description) == [expected])
    }

    @Test func unknownListenerFieldsAreWarned() throws {
        let url = try write(
            #"{"id": "x", "name": "X", "nmae": "Y", "explicit": "block", "history": ["#
                + #"{"track_id": "a", "plays": 1, "skips": 0, "skipped": 2},"#
                + #" {"track_id": "b", "plays": 1, "skips": 0, "lastPlayed": "2026"}]}"#,
            name: "x.json")
        var warnings: [InputWarning] = []
        let listener = try Listener.load(from: url, warnings: &warnings)
        #expect(listener.history.count == 2)
        #expect(
            warnings.map(\.description) == [
                "\(url.path): nmae: unknown field (did you mean 'name'?)",
                "\(url.path): history[0].skipped: unknown field (did you mean 'skips'?)",
                "\(url.path): history[1].lastPlayed: unknown field (did you mean 'last_played'?)",
            ])
        #expect(try Listener.load(from: url) == listener)
    }

    @Test func filesWithOnlyKnownFieldsGiveNoWarnings() throws {
        var warnings: [InputWarning] = []
        _ = try Catalog.load(from: Fixtures.catalogURL, warnings: &warnings)
        let listeners = try FileManager.default.contentsOfDirectory(
            at: Fixtures.samples.appendingPathComponent("listeners"), includingPropertiesForKeys: nil)
        #expect(!listeners.isEmpty)
        for url in listeners { _ = try Listener.load(from: url, warnings: &warnings) }
        let every =
            #"{"version": 1, "tracks": [{"id": "a", "title": "x", "artist": "y", "album": "z", "year": 1999, "#
            + #""genres": ["pop"], "bpm": 120, "key": "8A", "energy": 0.5, "popularity": 10, "explicit": false, "#
            + #""duration_s": 3, "audio": "a.ogg", "language": "en", "artist_alias": "y", "title_alias": "x", "#
            + #""embedding": [0.5]}]}"#
        _ = try Catalog.load(from: try write(every), warnings: &warnings)
        #expect(warnings == [])
    }

    @Test func hostileKeysGiveABoundedSanitizedWarning() throws {
        let long = String(repeating: "k", count: 10_000)
        let (url, warnings) = try loadWarnings(
            catalog: #"[{\#(Self.trackFields), "\u001b[2J\u0007bpm\r\n": 1, "\#(long)": 2, "\u202Eevil": 3}]"#)
        #expect(warnings.count == 3)
        for warning in warnings {
            let controls = warning.description.unicodeScalars.filter {
                $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
            }
            #expect(controls.isEmpty, "\(warning)")
            #expect(warning.description.count < url.path.count + 120, "\(warning)")
        }
        #expect(warnings.contains { $0.field == #"[0].\u{1B}[2J\u{7}bpm\u{D}\u{A}"# })
        let shortened = "[0]." + String(repeating: "k", count: 40) + "…"
        #expect(warnings.contains { $0.field == shortened && $0.suggestion == nil })
        #expect(warnings.contains { $0.field == #"[0].\u{202E}evil"# })
    }

    @Test func manyDifferentUnknownNamesAreCapped() throws {
        let extra = (0..<30).map { #""extra\#($0)": 1"# }.joined(separator: ", ")
        let (url, warnings) = try loadWarnings(catalog: #"[{\#(Self.trackFields), \#(extra)}]"#)
        #expect(warnings.count == 21)
        #expect(warnings.last?.description == "\(url.path): and 10 more unknown field names")
    }

    @Test func knownNamesComeFromCodingKeysAndSynonymsPointAtThem() {
        #expect(KnownFields.track.names.contains("duration_s") && KnownFields.track.names.contains("artist_alias"))
        #expect(KnownFields.historyEntry.names == ["track_id", "plays", "skips", "liked", "last_played"])
        for fields in [KnownFields.track, .listener, .historyEntry] {
            #expect(fields.synonyms.values.allSatisfy(fields.contains))
        }
        #expect(KnownFields.listener.suggestion(for: "NAME") == "name")
        #expect(KnownFields.listener.suggestion(for: "colour") == nil)
        #expect(KnownFields.editDistance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars)) == 3)
        #expect(KnownFields.editDistance([], Array("abc".unicodeScalars)) == 3)
    }
}
