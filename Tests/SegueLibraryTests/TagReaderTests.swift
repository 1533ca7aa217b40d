import Foundation
import SegueAudio
import SegueCore
import SegueLibrary
import SegueTestSupport
import Testing

@Suite struct TagReaderTests {
    static let tags = FileTags(
        title: "Night Drive (feat. Kid Atlas)", artist: "Nova Reyes feat. Mira & Jo", album: "Neon Séance",
        albumArtist: "Nova Reyes", year: 2024, genre: "Synthwave", trackNumber: 7)

    /// A short tone in `format`, written by libsndfile (or an empty M4A container), tagged through TagLib.
    static func taggedFile(_ format: MusicFileFormat, tags: FileTags = tags) throws -> URL {
        let folder = try Fixtures.temporaryFolder()
        let url = folder.appendingPathComponent("track.\(format == .oggVorbis ? "ogg" : format.rawValue)")
        if format == .m4a {
            try EmptyM4A.write(to: url)
            try TagReader.write(tags, to: url)
        } else {
            var music = SyntheticMusic(seconds: 1)
            music.key = .init(tonic: 0, isMinor: false)
            try music.write(to: url, encoding: format.encoding, tags: tags)
        }
        return url
    }

    @Test(arguments: MusicFileFormat.allCases)
    func everyFieldRoundTripsThroughTagLib(format: MusicFileFormat) throws {
        let url = try Self.taggedFile(format)
        let read = try TagReader.read(url)
        #expect(read == Self.tags, "\(format)")
        #expect(read.artists == ["Nova Reyes"])
        #expect(read.featuredArtists == ["Mira", "Jo", "Kid Atlas"])
        #expect(read.baseTitle == "Night Drive")
    }

    @Test func removedFieldsReadAsNil() throws {
        let url = try Self.taggedFile(.flac)
        try TagReader.write(FileTags(title: "Only a title"), to: url)
        #expect(try TagReader.read(url) == FileTags(title: "Only a title"))
    }
}

extension MusicFileFormat {
    /// How libsndfile writes this format.
    var encoding: AudioFileWriter.Encoding {
        switch self {
        case .mp3: .mp3
        case .flac: .flac
        case .oggVorbis: .oggVorbis
        case .opus: .opus
        case .wav, .m4a: .pcm16
        }
    }
}
