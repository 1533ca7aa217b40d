import Foundation

/// A track decoded and resampled on a thread of its own, ahead of the mixer: stereo blocks at the mix rate in a
/// bounded queue, so decoding runs on one core while the mix runs on another and memory stays a few blocks per track.
final class TrackFeed: @unchecked Sendable {
    private enum Chunk {
        case audio([Float])
        case failure(SoundFileError)
    }

    /// Frames per block (64 kB: small enough for the allocator to reuse, not map afresh), and blocks decoded ahead of
    /// the mixer (about 3 s at 44.1 kHz).
    static let chunkFrames = 8192
    static let chunksAhead = 16

    private let queue = BoundedQueue<Chunk>(capacity: TrackFeed.chunksAhead)
    private var pending = PendingFrames()

    /// Starts decoding `frames` frames of `url` from `start` seconds into the file, at `outputRate`: decoding on one
    /// thread, resampling (when the rates differ) on a second, so the two run on both cores.
    init(url: URL, start: Double, frames: Int, outputRate: Int) {
        let queue = queue
        Self.spawn {
            let decoded = BoundedQueue<Chunk>(capacity: Self.chunksAhead)
            do throws(SoundFileError) {
                let source = try TrackSource(url: url, outputRate: outputRate, startingAt: start, resampling: false)
                let rate = source.sourceRate
                // Frames of the source that make `frames` at the output rate, and a little over for the filter.
                var remaining =
                    rate == outputRate ? frames : Int(Double(frames) * Double(rate) / Double(outputRate)) + 64
                let target = rate == outputRate ? queue : decoded
                if rate != outputRate {
                    Self.spawn { Self.resample(decoded, from: rate, to: outputRate, frames: frames, into: queue) }
                }
                defer { target.close() }
                while remaining > 0 {
                    let wanted = min(Self.chunkFrames, remaining)
                    var block = [Float](repeating: 0, count: 2 * wanted)
                    let got = try block.withUnsafeMutableBufferPointer { (block) throws(SoundFileError) in
                        try source.read(into: block)
                    }
                    block.removeLast(2 * (wanted - got))
                    remaining -= got
                    if got > 0 { guard target.push(.audio(block)) else { return } }
                    if got < wanted { break }
                }
            } catch {
                queue.push(.failure(error))
                queue.close()
            }
        }
    }

    /// Starts `body` on a thread of its own (libvorbis and libsoxr work on the stack: a secondary thread's default
    /// stack is small).
    private static func spawn(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The resampling thread: blocks from `input` at `inputRate` to `output` at `outputRate`, `frames` at most.
    private static func resample(
        _ input: BoundedQueue<Chunk>, from inputRate: Int, to outputRate: Int, frames: Int,
        into output: BoundedQueue<Chunk>
    ) {
        defer {
            output.close()
            input.close()
        }
        do throws(SoundFileError) {
            let resampler = try Resampler(from: inputRate, to: outputRate, channels: 2)
            var remaining = frames
            var converted: [Float] = []
            func send(_ samples: [Float]) -> Bool {
                var offset = 0
                while offset < samples.count && remaining > 0 {
                    let count = min(samples.count - offset, 2 * min(Self.chunkFrames, remaining))
                    guard output.push(.audio(Array(samples[offset..<(offset + count)]))) else { return false }
                    remaining -= count / 2
                    offset += count
                }
                return remaining > 0
            }
            while let chunk = input.pop() {
                switch chunk {
                case .audio(let block):
                    converted.removeAll(keepingCapacity: true)
                    try block.withUnsafeBufferPointer { (block) throws(SoundFileError) in
                        try resampler.process(block, appendingTo: &converted)
                    }
                    guard send(converted) else { return }
                case .failure(let error):
                    output.push(.failure(error))
                    return
                }
            }
            converted.removeAll(keepingCapacity: true)
            try resampler.flush(appendingTo: &converted)
            _ = send(converted)
        } catch {
            output.push(.failure(error))
        }
    }

    deinit { queue.close() }

    /// Copies up to `destination.count / 2` frames into `destination`; returns how many, fewer only at the end.
    /// - Throws: the `SoundFileError` the decoder met.
    func read(into destination: UnsafeMutableBufferPointer<Float>) throws(SoundFileError) -> Int {
        try pending.read(into: destination) { (samples) throws(SoundFileError) in
            switch queue.pop() {
            case .audio(let block)?:
                samples = block
                return true
            case .failure(let error)?: throw error
            case nil: return false
            }
        }
    }
}
