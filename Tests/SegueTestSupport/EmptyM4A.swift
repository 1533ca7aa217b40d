import Foundation

/// An M4A (MPEG-4 audio) file with one AAC track that holds no samples: the atoms TagLib reads (`ftyp`, and in
/// `moov` the movie header and a sound track's header, handler and sample description) and nothing to decode. TagLib
/// reads and writes its tags like any M4A file's, so tag tests need no AAC encoder.
public enum EmptyM4A {
    /// Writes the file to `url`, claiming `seconds` of stereo audio at 44.1 kHz.
    public static func write(to url: URL, seconds: Int = 1) throws {
        let rate: UInt32 = 44_100
        let matrix: [UInt32] = [0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000]
        // Movie header (version 0): times, time scale, duration, unit rate and volume, the identity matrix, next track.
        var movieHeader = Data(count: 4) + be(UInt32(0)) + be(UInt32(0)) + be(rate) + be(rate * UInt32(seconds))
        movieHeader += be(UInt32(0x0001_0000)) + be(UInt16(0x0100)) + Data(count: 10)
        movieHeader += matrix.reduce(Data()) { $0 + be($1) } + Data(count: 24) + be(UInt32(2))
        // Media header: times, time scale, duration, language, quality.
        let mediaHeader =
            Data(count: 4) + be(UInt32(0)) + be(UInt32(0)) + be(rate) + be(rate * UInt32(seconds))
            + be(UInt16(0x55C4)) + be(UInt16(0))
        // Handler: a sound track.
        let handler = Data(count: 4) + be(UInt32(0)) + Data("soun".utf8) + Data(count: 12) + Data([0])
        // One AAC sample description: reserved, data reference, version, vendor, channels, bits, compression, packet
        // size, and the rate as 16.16 fixed point.
        var aac = Data(count: 6) + be(UInt16(1)) + be(UInt16(0)) + be(UInt16(0)) + be(UInt32(0))
        aac += be(UInt16(2)) + be(UInt16(16)) + be(UInt16(0)) + be(UInt16(0)) + be(rate << 16)
        let descriptions = Data(count: 4) + be(UInt32(1)) + atom("mp4a", aac)
        let sampleTable = atom("stbl", atom("stsd", descriptions))
        let media = atom("mdia", atom("mdhd", mediaHeader) + atom("hdlr", handler) + atom("minf", sampleTable))
        var data = atom("ftyp", Data("M4A ".utf8) + be(UInt32(0)) + Data("M4A mp42isom".utf8))
        data += atom("moov", atom("mvhd", movieHeader) + atom("trak", media))
        try data.write(to: url)
    }

    private static func atom(_ type: String, _ payload: Data) -> Data {
        be(UInt32(8 + payload.count)) + Data(type.utf8) + payload
    }

    private static func be<T: FixedWidthInteger>(_ value: T) -> Data {
        withUnsafeBytes(of: value.bigEndian) { Data($0) }
    }
}
