import Foundation

/// Rewrites the pages of an Ogg file libsndfile wrote, in place, page by page.
enum OggPages {
    /// The serial number every Segue Ogg stream gets ("Segu"): libsndfile draws a random one per file.
    static let serialNumber: UInt32 = 0x5365_6775

    /// Gives every page of the Ogg file at `path` the fixed serial number, with its checksum recomputed.
    /// - Throws: `SoundFileError.writeFailed` naming the file when it cannot be read or written back, or is not Ogg.
    static func fixSerialNumber(path: String) throws(SoundFileError) {
        let fd = open(path, O_RDWR)
        guard fd >= 0 else {
            throw SoundFileError(.writeFailed, path: path, message: "cannot reopen to fix the Ogg serial number")
        }
        defer { close(fd) }
        var offset = 0
        // The largest page: 27 header bytes, 255 lacing values, 255 segments of 255 bytes.
        var page = [UInt8](repeating: 0, count: 27 + 255 + 255 * 255)
        while true {
            let header = page.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 27, off_t(offset)) }
            if header == 0 { return }
            guard header == 27, page[0] == 0x4F, page[1] == 0x67, page[2] == 0x67, page[3] == 0x53 else {
                throw SoundFileError(.writeFailed, path: path, message: "not an Ogg page at byte \(offset)")
            }
            let segments = Int(page[26])
            let lacing = page.withUnsafeMutableBytes {
                pread(fd, $0.baseAddress.map { $0 + 27 }, segments, off_t(offset + 27))
            }
            guard lacing == segments else {
                throw SoundFileError(.writeFailed, path: path, message: "truncated Ogg page at byte \(offset)")
            }
            let bodyLength = page[27..<(27 + segments)].reduce(0) { $0 + Int($1) }
            let headerLength = 27 + segments
            let body = page.withUnsafeMutableBytes {
                pread(fd, $0.baseAddress.map { $0 + headerLength }, bodyLength, off_t(offset + headerLength))
            }
            guard body == bodyLength else {
                throw SoundFileError(.writeFailed, path: path, message: "truncated Ogg page at byte \(offset)")
            }
            for index in 0..<4 {
                page[14 + index] = UInt8(truncatingIfNeeded: serialNumber >> (8 * index))
                page[22 + index] = 0
            }
            let crc = checksum(page[0..<(headerLength + bodyLength)])
            for index in 0..<4 { page[22 + index] = UInt8(truncatingIfNeeded: crc >> (8 * index)) }
            let written = page.withUnsafeBytes { pwrite(fd, $0.baseAddress.map { $0 + 14 }, 12, off_t(offset + 14)) }
            guard written == 12 else {
                throw SoundFileError(.writeFailed, path: path, message: "cannot write the Ogg page at byte \(offset)")
            }
            offset += headerLength + bodyLength
        }
    }

    /// Ogg's CRC-32: polynomial 0x04C11DB7, most significant bit first, no reflection, starting from 0.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0
        for byte in bytes { crc = (crc << 8) ^ table[Int((crc >> 24) ^ UInt32(byte))] }
        return crc
    }

    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index) << 24
        for _ in 0..<8 { value = value & 0x8000_0000 != 0 ? (value << 1) ^ 0x04C1_1DB7 : value << 1 }
        return value
    }
}
