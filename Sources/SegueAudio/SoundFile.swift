import CSndFile
import Foundation
import SegueCore

/// Reads an audio file (WAV, FLAC, Ogg Vorbis, Opus, MP3, ...) as interleaved float frames.
///
/// The corresponding C functions are `sf_open`, `sf_readf_float` and `sf_close`.
public final class AudioFileReader {
    public let path: String
    public let sampleRate: Int
    public let channels: Int
    /// Frames in the file as its header reports them.
    public let frameCount: Int
    private let handle: OpaquePointer

    /// Opens `url` for reading.
    /// - Throws: `SoundFileError` naming the file: missing, unreadable or not audio.
    public init(url: URL) throws(SoundFileError) {
        path = url.path
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw SoundFileError(.notFound, path: path, message: "audio file not found")
        }
        // A FIFO or a device would block sf_open, or stream forever: only a regular file is audio.
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw SoundFileError(.unreadable, path: path, message: "not a regular file (a folder, pipe or device)")
        }
        var info = SF_INFO()
        guard let handle = sf_open(path, Int32(SFM_READ), &info) else {
            let reason = String(cString: sf_strerror(nil))
            throw SoundFileError(.unsupportedFormat, path: path, message: "not a readable audio file (\(reason))")
        }
        guard info.channels > 0, info.samplerate > 0 else {
            sf_close(handle)
            throw SoundFileError(.unsupportedFormat, path: path, message: "not a readable audio file (no channels)")
        }
        self.handle = handle
        sampleRate = Int(info.samplerate)
        channels = Int(info.channels)
        frameCount = Int(info.frames)
    }

    deinit { sf_close(handle) }

    /// Reads up to `frames` frames; fewer (or none) at the end of the file.
    /// - Throws: `SoundFileError.unreadable` when decoding fails part way.
    public func read(frames: Int) throws(SoundFileError) -> [Float] {
        var buffer = [Float](repeating: 0, count: frames * channels)
        let got = try buffer.withUnsafeMutableBufferPointer { (buffer) throws(SoundFileError) in try read(into: buffer)
        }
        buffer.removeLast(buffer.count - got * channels)
        return buffer
    }

    /// Decodes into memory the caller owns, as many whole frames as fit; returns the frames read (0 at the end).
    /// - Throws: `SoundFileError.unreadable` when decoding fails part way.
    public func read(into buffer: UnsafeMutableBufferPointer<Float>) throws(SoundFileError) -> Int {
        let got = sf_readf_float(handle, buffer.baseAddress, sf_count_t(buffer.count / channels))
        if got < 0 || (got == 0 && sf_error(handle) != 0) {
            throw SoundFileError(
                .unreadable, path: path, message: "decoding failed (\(String(cString: sf_strerror(handle))))")
        }
        return Int(got)
    }

    /// Moves to `frame` (from the file's start), so the next read starts there.
    /// - Throws: `SoundFileError.unreadable` when the file cannot seek there.
    public func seek(toFrame frame: Int) throws(SoundFileError) {
        guard sf_seek(handle, sf_count_t(frame), SEEK_SET) == sf_count_t(frame) else {
            throw SoundFileError(
                .unreadable, path: path,
                message: "cannot seek to frame \(frame) (\(String(cString: sf_strerror(handle))))")
        }
    }

    /// Reads the whole file into memory.
    public func readAll() throws(SoundFileError) -> AudioBuffer {
        var samples: [Float] = []
        samples.reserveCapacity(max(frameCount, 0) * channels)
        while true {
            let chunk = try read(frames: 65_536)
            if chunk.isEmpty { break }
            samples.append(contentsOf: chunk)
        }
        return AudioBuffer(sampleRate: sampleRate, channels: channels, samples: samples)
    }
}

/// Writes interleaved float frames to an audio file, with clipping (not wrapping) on conversion.
///
/// The corresponding C functions are `sf_open`, `sf_writef_float` and `sf_close`.
public final class AudioFileWriter {
    /// File format and sample encoding.
    public enum Encoding: Sendable, CaseIterable {
        /// WAV, 16-bit PCM (`SF_FORMAT_WAV | SF_FORMAT_PCM_16`).
        case pcm16
        /// WAV, 24-bit PCM (`SF_FORMAT_WAV | SF_FORMAT_PCM_24`).
        case pcm24
        /// WAV, 32-bit float (`SF_FORMAT_WAV | SF_FORMAT_FLOAT`).
        case float32
        /// FLAC, 16-bit (`SF_FORMAT_FLAC | SF_FORMAT_PCM_16`).
        case flac
        /// FLAC, 24-bit (`SF_FORMAT_FLAC | SF_FORMAT_PCM_24`).
        case flac24
        /// Ogg Vorbis (`SF_FORMAT_OGG | SF_FORMAT_VORBIS`).
        case oggVorbis
        /// Ogg Opus (`SF_FORMAT_OGG | SF_FORMAT_OPUS`); 48 kHz and its divisors only.
        case opus
        /// MPEG-1/2 Layer III (`SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III`).
        case mp3

        func format(container: WAVContainer) -> Int32 {
            let wav = container == .riff ? SF_FORMAT_WAV : SF_FORMAT_RF64
            return switch self {
            case .pcm16: Int32(wav | SF_FORMAT_PCM_16)
            case .pcm24: Int32(wav | SF_FORMAT_PCM_24)
            case .float32: Int32(wav | SF_FORMAT_FLOAT)
            case .flac: Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
            case .flac24: Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_24)
            case .oggVorbis: Int32(SF_FORMAT_OGG | SF_FORMAT_VORBIS)
            case .opus: Int32(SF_FORMAT_OGG | SF_FORMAT_OPUS)
            case .mp3: Int32(SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III)
            }
        }

        /// Bits of an integer sample (16 or 24); nil for float and lossy encodings.
        public var integerBits: Int? {
            switch self {
            case .pcm16, .flac: 16
            case .pcm24, .flac24: 24
            case .float32, .oggVorbis, .opus, .mp3: nil
            }
        }

        /// Whether the encoding is WAV (the only one `WAVContainer` applies to).
        public var isWAV: Bool { self == .pcm16 || self == .pcm24 || self == .float32 }

        /// The fixed encoder setting: FLAC at compression level 5 of 8 (`SFC_SET_COMPRESSION_LEVEL`); the lossy codecs
        /// by VBR quality (`SFC_SET_VBR_ENCODING_QUALITY`), chosen for transparent music at about 160-190 kbit/s
        /// stereo: Vorbis near its q6, Opus about 160 kbit/s (libsndfile maps quality to bitrate linearly), MP3 at
        /// LAME's V2. Nil: nothing to set.
        var encoderSetting: (command: Int32, value: Double)? {
            switch self {
            case .flac, .flac24: (Int32(SFC_SET_COMPRESSION_LEVEL), 0.625)
            case .oggVorbis: (Int32(SFC_SET_VBR_ENCODING_QUALITY), 0.6)
            case .opus: (Int32(SFC_SET_VBR_ENCODING_QUALITY), 0.3)
            case .mp3: (Int32(SFC_SET_VBR_ENCODING_QUALITY), 0.8)
            case .pcm16, .pcm24, .float32: nil
            }
        }
    }

    /// The header of a WAV file.
    public enum WAVContainer: Sendable {
        /// A RIFF WAV (`SF_FORMAT_WAV`): at most 4 GB.
        case riff
        /// Always RF64 (`SF_FORMAT_RF64`), for files past RIFF's 4 GB.
        case rf64
        /// RF64 while writing, downgraded to a plain RIFF WAV on close when the file is under 4 GB
        /// (`SFC_RF64_AUTO_DOWNGRADE`): what a session of any length should be.
        case rf64WhenLarge
    }

    public let path: String
    public let channels: Int
    public let encoding: Encoding
    private var handle: OpaquePointer?

    /// Creates (or truncates) an audio file at `url`.
    /// - Parameter container: the header of a WAV encoding (ignored by the others).
    /// - Throws: `SoundFileError.writeFailed` naming the file: it cannot be created, or the encoding refuses the rate
    ///   (Opus encodes at 48 kHz and its divisors only).
    public init(
        url: URL, sampleRate: Int, channels: Int, encoding: Encoding = .pcm16, container: WAVContainer = .riff
    ) throws(SoundFileError) {
        path = url.path
        self.channels = channels
        self.encoding = encoding
        if encoding == .opus, ![8_000, 12_000, 16_000, 24_000, 48_000].contains(sampleRate) {
            throw SoundFileError(
                .writeFailed, path: path,
                message: "Opus encodes at 48000 Hz (or 8000, 12000, 16000, 24000), not \(sampleRate) Hz")
        }
        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = Int32(channels)
        info.format = encoding.format(container: encoding.isWAV ? container : .riff)
        guard let handle = sf_open(path, Int32(SFM_WRITE), &info) else {
            throw SoundFileError(
                .writeFailed, path: path, message: "cannot create (\(String(cString: sf_strerror(nil))))")
        }
        // Clip out-of-range floats instead of letting them wrap; SFC_SET_CLIPPING answers the state it set.
        guard sf_command(handle, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE)) == Int32(SF_TRUE) else {
            sf_close(handle)
            throw SoundFileError(.writeFailed, path: path, message: "libsndfile cannot clip this format")
        }
        if encoding.isWAV, container == .rf64WhenLarge,
            sf_command(handle, Int32(SFC_RF64_AUTO_DOWNGRADE), nil, Int32(SF_TRUE)) != Int32(SF_TRUE)
        {
            sf_close(handle)
            throw SoundFileError(.writeFailed, path: path, message: "libsndfile cannot downgrade RF64 to WAV")
        }
        // Set before the first write: the encoders read it when they start.
        if let (command, value) = encoding.encoderSetting {
            var setting = value
            guard sf_command(handle, command, &setting, Int32(MemoryLayout<Double>.size)) == Int32(SF_TRUE) else {
                sf_close(handle)
                throw SoundFileError(
                    .writeFailed, path: path,
                    message: "libsndfile refused the encoder setting (\(String(cString: sf_strerror(handle))))")
            }
        }
        self.handle = handle
    }

    deinit { if let handle { sf_close(handle) } }

    /// Frames handed to libsndfile at once: libvorbis copies a whole write onto the thread's stack, so one long
    /// Ogg Vorbis write (a minute of stereo) overflows it.
    static let blockFrames = 16_384

    /// Appends interleaved frames, in blocks.
    public func write(_ samples: [Float]) throws(SoundFileError) {
        try samples.withUnsafeBufferPointer { (samples) throws(SoundFileError) in try write(samples) }
    }

    /// Appends interleaved frames from memory the caller owns, in blocks.
    public func write(_ samples: UnsafeBufferPointer<Float>) throws(SoundFileError) {
        guard let handle else { throw SoundFileError(.writeFailed, path: path, message: "already closed") }
        let frames = samples.count / channels
        var done = 0
        while done < frames {
            let count = min(Self.blockFrames, frames - done)
            let written = sf_writef_float(
                handle, samples.baseAddress.map { $0 + done * channels }, sf_count_t(count))
            guard written == count else {
                throw SoundFileError(
                    .writeFailed, path: path, message: "write failed (\(String(cString: sf_strerror(handle))))")
            }
            done += count
        }
    }

    /// Appends interleaved integer frames at 32-bit full scale (`sf_writef_int`): libsndfile keeps the top 16 or 24
    /// bits, so samples already on that grid are written exactly, with no float scaling in between.
    public func write(integers samples: UnsafeBufferPointer<Int32>) throws(SoundFileError) {
        guard let handle else { throw SoundFileError(.writeFailed, path: path, message: "already closed") }
        let frames = samples.count / channels
        var done = 0
        while done < frames {
            let count = min(Self.blockFrames, frames - done)
            let written = sf_writef_int(handle, samples.baseAddress.map { $0 + done * channels }, sf_count_t(count))
            guard written == count else {
                throw SoundFileError(
                    .writeFailed, path: path, message: "write failed (\(String(cString: sf_strerror(handle))))")
            }
            done += count
        }
    }

    /// Finishes the header and closes the file; an Ogg file then gets a fixed stream serial number (libsndfile draws
    /// a random one), so the same audio gives the same bytes.
    public func close() throws(SoundFileError) {
        guard let handle else { return }
        self.handle = nil
        guard sf_close(handle) == 0 else { throw SoundFileError(.writeFailed, path: path, message: "close failed") }
        if encoding == .oggVorbis || encoding == .opus { try OggPages.fixSerialNumber(path: path) }
    }
}
