/// One byte range of a `Range: bytes=...` header (RFC 9110 §14.1.2), resolved against a file's size.
enum ByteRange {
    /// The bytes to send, or nil to send the whole file (no header, several ranges, or a unit other than bytes).
    /// - Throws: `StudioError.rangeNotSatisfiable` (416, `Content-Range: bytes */size`) for a range starting at or
    ///   beyond the end, or a malformed one.
    static func resolve(_ header: String?, size: Int) throws -> ClosedRange<Int>? {
        guard let header, header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let spec = header.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        let unsatisfiable = StudioError(
            .rangeNotSatisfiable, message: "the range is outside the file", headers: [.contentRange: "bytes */\(size)"])
        guard parts.count == 2 else { throw unsatisfiable }
        let first = Int(parts[0]), last = Int(parts[1])
        switch (parts[0].isEmpty, parts[1].isEmpty) {
        case (true, false):
            // The last N bytes.
            guard let suffix = last, suffix > 0, size > 0 else { throw unsatisfiable }
            return max(size - suffix, 0)...(size - 1)
        case (false, _):
            guard let start = first, start >= 0, start < size else { throw unsatisfiable }
            guard !parts[1].isEmpty else { return start...(size - 1) }
            guard let end = last, end >= start else { throw unsatisfiable }
            return start...min(end, size - 1)
        default:
            throw unsatisfiable
        }
    }
}
