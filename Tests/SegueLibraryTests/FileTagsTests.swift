import Foundation
import SegueAudio
import SegueCore
import SegueLibrary
import SegueTestSupport
import Testing

@Suite struct FileTagsTests {
    struct Credit: Sendable, CustomStringConvertible {
        var artist: String
        var title: String
        var artists: [String]
        var featured: [String]
        var baseTitle: String
        var description: String { "\(artist) – \(title)" }
    }

    static let credits = [
        Credit(artist: "A feat. B & C", title: "Song", artists: ["A"], featured: ["B", "C"], baseTitle: "Song"),
        Credit(artist: "A ft. B", title: "Song", artists: ["A"], featured: ["B"], baseTitle: "Song"),
        Credit(artist: "A featuring B", title: "Song", artists: ["A"], featured: ["B"], baseTitle: "Song"),
        Credit(
            artist: "A Feat. B, C & D", title: "Song", artists: ["A"], featured: ["B", "C", "D"], baseTitle: "Song"),
        Credit(artist: "A", title: "Song (feat. B)", artists: ["A"], featured: ["B"], baseTitle: "Song"),
        Credit(
            artist: "A & B", title: "Song [ft. C] (Club Mix)", artists: ["A", "B"], featured: ["C"],
            baseTitle: "Song (Club Mix)"),
        Credit(artist: "A (feat. B)", title: "Song feat. C", artists: ["A"], featured: ["B", "C"], baseTitle: "Song"),
        // The same guest in the credit and the title counts once.
        Credit(artist: "A feat. B", title: "Song (feat. b)", artists: ["A"], featured: ["B"], baseTitle: "Song"),
        // Words that merely start like a marker are names.
        Credit(
            artist: "Shift Featherstone", title: "Lift Off", artists: ["Shift Featherstone"], featured: [],
            baseTitle: "Lift Off"),
        Credit(artist: "Daft Punk", title: "Aftermath", artists: ["Daft Punk"], featured: [], baseTitle: "Aftermath"),
    ]

    @Test(arguments: credits)
    func featuredArtistsComeFromTheCreditAndTheTitle(credit: Credit) {
        let tags = FileTags(title: credit.title, artist: credit.artist)
        #expect(tags.artists == credit.artists)
        #expect(tags.featuredArtists == credit.featured)
        #expect(tags.baseTitle == credit.baseTitle)
    }

    @Test func controlCharactersAndBlankTagsAreCleanedWhenRead() throws {
        let url = try TagReaderTests.taggedFile(
            .flac,
            tags: FileTags(
                title: "Night\u{7}Drive\tNow\n", artist: "  Nova\u{1B}[31m  Reyes ", album: "\u{FEFF}Neon",
                albumArtist: " \t ", genre: "\u{0}"))
        let read = try TagReader.read(url)
        #expect(read.title == "NightDrive Now")
        #expect(read.artist == "Nova[31m Reyes")
        #expect(read.album == "Neon")
        #expect(read.albumArtist == nil)
        #expect(read.genre == nil)
    }

    /// Bytes that are not UTF-8 inside a tag (a Latin-1 "é" written by an old tagger) never crash the reader: ID3v2
    /// declares Latin-1, so MP3 reads "Beyoncé"; TagLib 1.13 drops a Vorbis comment (FLAC, Ogg) that is not UTF-8,
    /// so that field reads as absent, and the others are kept.
    @Test(arguments: [MusicFileFormat.flac, .oggVorbis, .mp3])
    func invalidUTF8InATagIsCleaned(format: MusicFileFormat) throws {
        let url = try TagReaderTests.taggedFile(format, tags: FileTags(title: "Beyonce Knowles", artist: "Somebody"))
        var data = try Data(contentsOf: url)
        let range = try #require(data.range(of: Data("Beyonce".utf8)))
        data[range.upperBound - 1] = 0xE9
        try data.write(to: url)
        let tags = try TagReader.read(url)
        #expect(tags.artist == "Somebody")
        if format == .mp3 {
            #expect(tags.title == "Beyoncé Knowles")
        } else {
            #expect(tags.title == nil)
        }
    }
}
