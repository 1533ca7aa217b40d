/// FNV-1a, a small stable hash: the same text gives the same value on every machine and run.
public enum FNV1a {
    /// The 64-bit FNV-1a hash of the text's UTF-8 bytes.
    public static func hash64(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
