import Foundation
import SegueAudio
import SegueCore
import SegueLibrary
import SegueTestSupport
import Testing

@Suite struct FingerprintTests {
    static func fingerprint(
        _ music: SyntheticMusic, as encoding: AudioFileWriter.Encoding, name: String
    ) throws
        -> AudioFingerprint
    {
        let url = try Fixtures.temporaryFolder().appendingPathComponent(name)
        try music.write(to: url, encoding: encoding)
        return try AudioAnalyzer().analyse(url).fingerprint
    }

    @Test func theSameRecordingAsFLACAndMP3IsADuplicateAndADifferentTrackIsNot() throws {
        let track = SyntheticMusic.dance(bpm: 122, key: .init(tonic: 7, isMinor: false), seconds: 15)
        var other = SyntheticMusic.dance(bpm: 122, key: .init(tonic: 2, isMinor: true), seconds: 15)
        other.seed = 2
        let flac = try Self.fingerprint(track, as: .flac, name: "track.flac")
        let mp3 = try Self.fingerprint(track, as: .mp3, name: "track.mp3")
        let ogg = try Self.fingerprint(track, as: .oggVorbis, name: "track.ogg")
        let different = try Self.fingerprint(other, as: .flac, name: "other.flac")
        #expect(flac.isSameRecording(as: mp3), "similarity \(flac.similarity(to: mp3))")
        #expect(mp3.isSameRecording(as: ogg), "similarity \(mp3.similarity(to: ogg))")
        #expect(!flac.isSameRecording(as: different), "similarity \(flac.similarity(to: different))")
        #expect(flac.similarity(to: different) < 0.7)
    }

    @Test func aCopyWithASecondMoreSilenceAtTheStartIsTheSameRecording() throws {
        let track = SyntheticMusic.dance(bpm: 118, key: .init(tonic: 9, isMinor: true), seconds: 15)
        var padded = track
        padded.leadingSilence = 1
        let original = try Self.fingerprint(track, as: .flac, name: "original.flac")
        let later = try Self.fingerprint(padded, as: .oggVorbis, name: "padded.ogg")
        #expect(original.isSameRecording(as: later), "similarity \(original.similarity(to: later))")
    }

    @Test func aFingerprintRoundTripsThroughChromaprintsEncoding() throws {
        let fingerprint = try Self.fingerprint(
            SyntheticMusic.dance(bpm: 120, key: .init(tonic: 0, isMinor: false), seconds: 8), as: .flac,
            name: "short.flac")
        #expect(fingerprint.encoded.hasPrefix("AQAA"))
        let data = try JSONEncoder().encode(fingerprint)
        #expect(try JSONDecoder().decode(AudioFingerprint.self, from: data) == fingerprint)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(AudioFingerprint.self, from: Data(#"{"duration_s":1,"chromaprint":"%%"}"#.utf8))
        }
    }
}
