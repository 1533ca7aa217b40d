import Crypto
import Foundation

/// SHA-256 of bytes, as lowercase hex: template revisions, the approval log's chain, library track ids, the studio's
/// stored token and session digests.
public enum ContentHash {
    public static func sha256Hex(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(SHA256.byteCount * 2)
        for byte in SHA256.hash(data: data) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
