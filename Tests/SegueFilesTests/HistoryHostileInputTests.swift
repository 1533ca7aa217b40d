import Foundation
import SegueCore
import SegueTestSupport
import Testing

/// Broken and hostile history files: each gives an error naming the file and the position, or the entry is
/// skipped and counted with its position. Nothing crashes, hangs or prints a control character.
@Suite struct HistoryHostileInputTests {
    static let path = "Streaming_History_Audio_2024.json"

    static func entry(
        ts: String = "\"2024-01-05T14:03:12Z\"", ms: String = "200000", track: String = "\"Night Drive\"",
        artist: String = "\"Nova Reyes\""
    ) -> String {
        "{\"ts\": \(ts), \"ms_played\": \(ms), \"master_metadata_track_name\": \(track), "
            + "\"master_metadata_album_artist_name\": \(artist), \"reason_end\": \"trackdone\", \"skipped\": false}"
    }

    static func spotify(_ text: String) throws -> PlayEventBatch {
        try SpotifyStreamingHistory.read(Data(text.utf8), path: path)
    }

    static func spotifyError(_ text: String) -> HistoryFileError? {
        spotifyError(Data(text.utf8))
    }

    static func spotifyError(_ data: Data) -> HistoryFileError? {
        do {
            _ = try SpotifyStreamingHistory.read(data, path: path)
            return nil
        } catch let error as HistoryFileError {
            return error
        } catch {
            Issue.record("not a HistoryFileError: \(error)")
            return nil
        }
    }

    // MARK: - Errors for the file

    @Test func aTruncatedFileNamesWhereItEnds() throws {
        let text = "[\n" + Self.entry() + ",\n{\"ts\": \"2024-01-05T14:05:00Z\", \"ms_played\": 1"
        let error = try #require(Self.spotifyError(text))
        #expect(error.code == .malformed)
        #expect(error.line == 3)
        #expect(error.entry == 1)
        #expect(
            error.description.hasPrefix("\(Self.path): line 3, column 46: [1]: not valid JSON: unexpected end of file"))
    }

    @Test func aMissingCommaNamesTheLineAndColumn() throws {
        let text = "[\n" + Self.entry() + ",\n" + Self.entry() + "\n" + Self.entry() + "\n]"
        let error = try #require(Self.spotifyError(text))
        #expect(error.code == .malformed)
        #expect(error.line == 4)
        #expect(error.column == 1)
        #expect(error.message.contains("expected ',' or ']'"))
    }

    @Test(arguments: ["", "   \n", "{\"ts\": 1}", "\"a string\"", "42", "[1, 2] [3]", "[{\"ts\": TRUE}]", "[\u{0}]"])
    func notAnArrayOfEntriesIsAnError(text: String) throws {
        let error = try #require(Self.spotifyError(text))
        #expect(error.path == Self.path)
        #expect(error.line != nil)
        #expect(error.code == .malformed || error.code == .unexpectedShape)
    }

    @Test func anotherKindOfFileSaysNoEntryCouldBeRead() throws {
        let listenBrainz =
            "[{\"listened_at\": 1677657490, \"track_metadata\": {\"artist_name\": \"A\", \"track_name\": \"B\"}}]"
        let error = try #require(Self.spotifyError(listenBrainz))
        #expect(error.code == .noReadableEntries)
        #expect(error.entry == 0)
        #expect(error.field == "ts")
        #expect(error.description.contains("is this a Spotify streaming history?"))
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let depth = 100_000
        let text =
            "[{\"ts\": \"2024-01-05T14:03:12Z\", \"extra\": " + String(repeating: "[", count: depth)
            + String(repeating: "]", count: depth) + "}]"
        let error = try #require(Self.spotifyError(text))
        #expect(error.code == .malformed)
        #expect(error.message.contains("nested more than 512 levels deep"))
    }

    @Test func anUnclosedStringNamesWhereItOpens() throws {
        let error = try #require(Self.spotifyError("[{\"ts\": 1},\n {\"ts\": \"2024-01-05T14:03:12Z}]"))
        #expect(error.code == .malformed)
        #expect(error.line == 2)
        #expect(error.column == 9)
        #expect(error.message == "not valid JSON: a string is not closed (no '\"' before the end of the file)")
    }

    // MARK: - Entries skipped and counted

    @Test func entriesWithWrongTypesAreSkippedWithTheirField() throws {
        let text =
            "[\n"
            + [
                Self.entry(),
                Self.entry(ms: "\"lots\""),
                Self.entry(ts: "\"yesterday\""),
                Self.entry(track: "42"),
                Self.entry(ms: "1e400"),
                Self.entry(ms: "-5"),
                "17",
                Self.entry(ts: "null"),
                Self.entry(),
            ].joined(separator: ",\n") + "\n]"
        let batch = try Self.spotify(text)
        #expect(batch.events.count == 2)
        #expect(batch.rejectedCount == 7)
        #expect(
            batch.rejections.map(\.description) == [
                "\(Self.path): line 3, column 1: [1].ms_played: expected a number, found a string",
                "\(Self.path): line 4, column 1: [2].ts: not an ISO 8601 time such as 2023-01-05T14:03:12Z",
                "\(Self.path): line 5, column 1: [3].master_metadata_track_name: expected a string, found a number",
                "\(Self.path): line 6, column 1: [4].ms_played: 1e400 is out of range",
                "\(Self.path): line 7, column 1: [5].ms_played: -5 is not a duration in milliseconds",
                "\(Self.path): line 8, column 1: [6]: expected an object, found a number",
                "\(Self.path): line 9, column 1: [7].ts: missing: every play has a time",
            ])
    }

    @Test func longNamesAreSkipped() throws {
        let long = String(repeating: "a", count: 10_000)
        let batch = try Self.spotify("[" + Self.entry() + "," + Self.entry(track: "\"\(long)\"") + "]")
        #expect(batch.events.count == 1)
        #expect(batch.rejections.first?.field == "master_metadata_track_name")
        #expect(batch.rejections.first?.reason == "10000 bytes long; a name may have at most 2048")
        #expect(batch.rejections.first?.column == 1 + Self.entry().count + 2)  // after "[" and the first entry's ","
    }

    @Test func controlCharactersAreNeverKept() throws {
        let text = "[" + Self.entry(track: "\"Night\\u001b[2JDrive\\n\"", artist: "\"Nova\u{7}Reyes\"") + "]"
        let batch = try Self.spotify(text)
        let event = try #require(batch.events.first)
        #expect(event.title == "Night [2JDrive")
        #expect(event.artist == "Nova Reyes")
        #expect(!event.title.unicodeScalars.contains { $0.properties.generalCategory == .control })
    }

    @Test func invalidUTF8SkipsTheEntry() throws {
        let text = "[" + Self.entry() + ",\n" + Self.entry(track: "\"Night @@ Drive\"") + "]"
        let parts = text.components(separatedBy: "@@")
        var data = Data(parts[0].utf8)
        data.append(contentsOf: [0xC3, 0x28, 0xFF])
        data.append(contentsOf: Array(parts[1].utf8))
        let batch = try SpotifyStreamingHistory.read(data, path: Self.path)
        #expect(batch.events.count == 1)
        #expect(
            batch.rejections.first?.description
                == "\(Self.path): line 2, column 1: [1].master_metadata_track_name: not valid UTF-8")
    }

    @Test func onlyTheFirstRejectionsAreKeptButAllAreCounted() throws {
        let bad = Array(repeating: Self.entry(ts: "\"never\""), count: 50)
        let batch = try Self.spotify("[" + ([Self.entry()] + bad).joined(separator: ",") + "]")
        #expect(batch.rejectedCount == 50)
        #expect(batch.rejections.count == PlayEventBatch.keptRejections)
        #expect(batch.rejections.map(\.entry) == Array(1...20))
    }

    @Test func emptyArraysAndEmptyEntriesAreNoError() throws {
        #expect(try Self.spotify("[]").events.isEmpty)
        #expect(try Self.spotify("\u{FEFF}[ ]").events.isEmpty)
        let podcastsOnly = try Self.spotify("[" + Self.entry(track: "null", artist: "null") + "]")
        #expect(podcastsOnly.nonMusic == 1)
    }

    /// Random damage to a real file: every result is a batch or a `HistoryFileError`, never a crash.
    @Test func damagedFilesNeverCrash() throws {
        let url = HistoryImportTests.folder.appendingPathComponent("Streaming_History_Audio_2023.json")
        let original = [UInt8](try Data(contentsOf: url).prefix(3_000))
        var random = SeededRandomNumberGenerator(seed: 14)
        let hostile: [UInt8] = [0x00, 0x1B, 0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0xC3, 0xFF, 0xED, 0xA0]
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[position] = hostile.randomElement(using: &random) ?? 0
                case 1: bytes.remove(at: position)
                default: bytes.removeSubrange(position...)
                }
                if bytes.isEmpty { break }
            }
            let data = Data(bytes)
            let readers: [(Data, String) throws -> PlayEventBatch] = [
                SpotifyStreamingHistory.read(_:path:), ListenBrainzHistory.read(_:path:), CSVHistory.read(_:path:),
            ]
            for read in readers {
                do {
                    _ = try read(data, Self.path)
                } catch let error as HistoryFileError {
                    #expect(error.path == Self.path)
                }
            }
            _ = try? LikesFile.read(data, path: Self.path)
        }
    }

    // MARK: - The other formats

    @Test func csvErrorsNameTheLine() throws {
        func error(_ text: String) -> HistoryFileError? {
            do {
                _ = try CSVHistory.read(Data(text.utf8), path: "plays.csv")
                return nil
            } catch {
                return error as? HistoryFileError
            }
        }
        let unclosed = try #require(error("timestamp,artist,title\n2024-01-05T14:03:12Z,Nova Reyes,\"Night Drive\n"))
        #expect(
            unclosed.description
                == "plays.csv: line 2: not valid CSV: a quoted field is not closed (no '\"' before the end)")
        let noTitle = try #require(error("time,artist,album\n2024-01-05T14:03:12Z,Nova Reyes,Neon Coast\n"))
        #expect(noTitle.code == .unexpectedShape)
        #expect(noTitle.message.contains("no 'title' column"))
        let allBad = try #require(error("timestamp,artist,title\nsoon,A,B\nlater,C,D\n"))
        #expect(allBad.code == .noReadableEntries)
        #expect(allBad.line == 2)

        var data = Data("1704463392,Nova Reyes,Night Drive\r\n1704463400,Nova ".utf8)
        data.append(contentsOf: [0xFF, 0xFE])
        data.append(contentsOf: Array(",Reyes,Golden Hour\r\n1704463500,Nova Reyes\r\n".utf8))
        let batch = try CSVHistory.read(data, path: "plays.csv")
        #expect(batch.events.count == 1)
        #expect(
            batch.rejections.map(\.description) == [
                "plays.csv: line 2: artist: not valid UTF-8",
                "plays.csv: line 3: expected at least 3 fields, found 2",
            ])
    }

    @Test func tabSeparatedCSVWithMillisecondsIsRead() throws {
        let text = "played_at\tartist_name\ttrack_name\tms_played\n1704463392000\tNova Reyes\tNight Drive\t12000\n"
        let batch = try CSVHistory.read(Data(text.utf8), path: "plays.tsv")
        #expect(
            batch.events == [
                PlayEvent(
                    source: .csv, time: 1_704_463_392, artist: "Nova Reyes", title: "Night Drive", msPlayed: 12_000)
            ])
    }

    @Test func listenBrainzProblemsNameTheirField() throws {
        let text = """
            {"listened_at": "soon", "track_metadata": {"artist_name": "A", "track_name": "B"}}
            {"listened_at": 1677657490, "track_metadata": "A - B"}
            {"listened_at": 1677657490, "track_metadata": {"artist_name": "A", "track_name": "B"}}
            """
        let batch = try ListenBrainzHistory.read(Data(text.utf8), path: "listens.jsonl")
        #expect(batch.events.count == 1)
        #expect(
            batch.rejections.map(\.description) == [
                "listens.jsonl: line 1, column 1: [0].listened_at: not a time in seconds since 1970 or ISO 8601",
                "listens.jsonl: line 2, column 1: [1].track_metadata: expected an object, found a string",
            ])
        #expect(throws: HistoryFileError.self) {
            try ListenBrainzHistory.read(Data("{\"listened_at\": 1}\n[1]".utf8), path: "listens.jsonl")
        }
    }

    @Test func spotifyAccountDataIsReadToo() throws {
        let text = """
            [
              {"endTime" : "2023-01-05 14:03", "artistName" : "Nova Reyes", "trackName" : "Night Drive", "msPlayed" : 215000},
              {"endTime" : "2023-01-05 14:07", "artistName" : "Unknown Artist", "trackName" : "Unknown Track", "msPlayed" : 1000},
              {"endTime" : "2023-01-05 15:00", "podcastName" : "Studio Notes", "episodeName" : "Episode 12", "msPlayed" : 900000}
            ]
            """
        let batch = try Self.spotify(text)
        #expect(
            batch.events == [
                PlayEvent(
                    source: .spotify, time: 1_672_927_380, artist: "Nova Reyes", title: "Night Drive", msPlayed: 215_000
                )
            ])
        #expect(batch.nonMusic == 2)
    }

    @Test func spotifyLibraryLikesAreRead() throws {
        let text = """
            {"tracks": [
              {"artist": "Nova Reyes", "album": "Neon Coast", "track": "Night Drive", "uri": "spotify:track:1"},
              {"artist": "", "album": "Neon Coast", "track": "Golden Hour", "uri": "spotify:track:2"}
            ], "albums": [], "shows": []}
            """
        let likes = try LikesFile.read(Data(text.utf8), path: "YourLibrary.json")
        #expect(likes.tracks == [LikedTrack(artist: "Nova Reyes", title: "Night Drive", album: "Neon Coast")])
        #expect(
            likes.rejections.first?.description == "YourLibrary.json: line 3, column 3: [1].artist: missing or empty")
        #expect(throws: HistoryFileError.self) { try LikesFile.read(Data("{\"albums\": []}".utf8), path: "x.json") }
    }

    @Test func aMissingFileOrAFolderIsAFileError() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("Streaming_History_Audio_2030.json")
        #expect(throws: FileError.self) { try SpotifyStreamingHistory.read(contentsOf: missing) }
        #expect(throws: FileError.self) { try ListenBrainzHistory.read(contentsOf: folder) }
        #expect(throws: FileError.self) { try CSVHistory.read(contentsOf: missing) }
        #expect(throws: FileError.self) { try LikesFile.read(contentsOf: folder) }
        let file = folder.appendingPathComponent("likes.txt")
        try Data("Nova Reyes - Night Drive\n".utf8).write(to: file)
        #expect(try LikesFile.read(contentsOf: file).tracks == [LikedTrack(artist: "Nova Reyes", title: "Night Drive")])
    }
}
