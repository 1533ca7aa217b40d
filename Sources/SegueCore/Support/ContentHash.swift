import Crypto
import Foundation

/// SHA-256 of bytes, as lowercase hex: template revisions, the approval log's chain, library track ids.
public enum ContentHash {
    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
