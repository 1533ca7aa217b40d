import Foundation

/// A track decoded and resampled on a thread of its own, ahead of the mixer: stereo blocks at the mix rate in a
/// bounded queue, so decoding runs on one core while the mix runs on another and memory stays a few blocks per track.
final class TrackFeed: @unchecked Sendable {
    private enum Chunk {
        case audio([Float])
        case failure(SoundFileError)
    }

    /// Frames per block, and blocks decoded ahead of the mixer (about 3 s at 44.1 kHz).
    static let chunkFrames = 16_384
    static let chunksAhead = 8

    private let queue = BoundedQueue<Chunk>(capacity: TrackFeed.chunksAhead)
    private var current: [Float] = []
    private var offset = 0
    private var ended = false

    /// Starts decoding `frames` frames of `url` from `start` seconds into the file, at `outputRate`.
    init(url: URL, start: Double, frames: Int, outputRate: Int) {
        let queue = queue
        let thread = Thread {
            do throws(SoundFileError) {
                let source = try TrackSource(url: url, outputRate: outputRate, startingAt: start)
                var remaining = frames
                while remaining > 0 {
                    let wanted = min(Self.chunkFrames, remaining)
                    var block = [Float](repeating: 0, count: 2 * wanted)
                    let got = try block.withUnsafeMutableBufferPointer { (block) throws(SoundFileError) in
                        try source.read(into: block)
                    }
                    block.removeLast(2 * (wanted - got))
                    remaining -= got
                    if got > 0 { guard queue.push(.audio(block)) else { return } }
                    if got < wanted { break }
                }
            } catch {
                queue.push(.failure(error))
            }
            queue.close()
        }
        // libvorbis decodes on the stack; the default for a secondary thread is small.
        thread.stackSize = 8 << 20
        thread.start()
    }

    deinit { queue.close() }

    /// Copies up to `destination.count / 2` frames into `destination`; returns how many, fewer only at the end.
    /// - Throws: the `SoundFileError` the decoder met.
    func read(into destination: UnsafeMutableBufferPointer<Float>) throws(SoundFileError) -> Int {
        let wanted = destination.count / 2
        var done = 0
        while done < wanted && !ended {
            if offset == current.count {
                switch queue.pop() {
                case .audio(let block)?:
                    current = block
                    offset = 0
                case .failure(let error)?:
                    ended = true
                    throw error
                case nil:
                    ended = true
                }
                continue
            }
            let count = min(wanted - done, (current.count - offset) / 2)
            current.withUnsafeBufferPointer { source in
                guard let from = source.baseAddress, let to = destination.baseAddress else { return }
                (to + 2 * done).update(from: from + offset, count: 2 * count)
            }
            offset += 2 * count
            done += count
        }
        return done
    }
}
