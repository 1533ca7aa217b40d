/// Interleaved stereo frames waiting to be read, refilled block by block: the read side of `TrackSource` and
/// `TrackFeed`.
struct PendingFrames {
    private var samples: [Float] = []
    private var offset = 0

    /// Fills `destination` with stereo frames; whenever every frame is read, `refill` puts the next ones in the
    /// (emptied) array and returns false at the end. Returns the frames written, fewer only at the end.
    mutating func read(
        into destination: UnsafeMutableBufferPointer<Float>, refill: (inout [Float]) throws(SoundFileError) -> Bool
    ) throws(SoundFileError) -> Int {
        let wanted = destination.count / 2
        var done = 0
        while done < wanted {
            if offset == samples.count {
                samples.removeAll(keepingCapacity: true)
                offset = 0
                guard try refill(&samples) else { break }
                continue
            }
            let count = min(wanted - done, (samples.count - offset) / 2)
            samples.withUnsafeBufferPointer { source in
                guard let from = source.baseAddress, let to = destination.baseAddress else { return }
                (to + 2 * done).update(from: from + offset, count: 2 * count)
            }
            offset += 2 * count
            done += count
        }
        return done
    }
}
