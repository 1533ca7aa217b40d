import Foundation

/// What a WAV file's RIFF header says of its audio: libsndfile reads a WAV cut short as a shorter WAV, so a
/// truncated copy is told apart only by the length its header declares.
struct WAVHeader {
    /// Bytes of audio the `data` chunk declares.
    var dataBytes: Int
    /// Where the audio starts.
    var dataOffset: Int
    /// Bytes per frame (`nBlockAlign`) and frames per second, from the `fmt ` chunk.
    var frameBytes: Int
    var sampleRate: Int

    /// Seconds of audio the header declares.
    var declaredSeconds: Double { Double(dataBytes) / Double(frameBytes * sampleRate) }

    /// The header of the WAV file at `url`, read from its first 64 kB; nil when it is not a plain RIFF WAVE file, or
    /// declares no length (streamed WAV files write 0 or 0xFFFFFFFF).
    init?(url: URL) {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 65_536), data.count >= 12,
            data.prefix(4) == Data("RIFF".utf8), data[8..<12] == Data("WAVE".utf8)
        else { return nil }
        let bytes = [UInt8](data)
        func uint32(_ at: Int) -> Int {
            Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
        }
        func uint16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        var frameBytes = 0
        var sampleRate = 0
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
            let size = uint32(offset + 4)
            if id == "fmt ", offset + 24 <= bytes.count {
                sampleRate = uint32(offset + 12)
                frameBytes = uint16(offset + 20)
            } else if id == "data" {
                guard frameBytes > 0, sampleRate > 0, size > 0, size != 0xFFFF_FFFF else { return nil }
                (dataBytes, dataOffset, self.frameBytes, self.sampleRate) = (size, offset + 8, frameBytes, sampleRate)
                return
            }
            // Chunks are padded to an even length.
            offset += 8 + size + size % 2
        }
        return nil
    }
}
