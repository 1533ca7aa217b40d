import Foundation
import SegueCore

/// Synthesized speech kept on disk by what made it, so a line spoken again is read back, not synthesized again.
///
/// An entry is keyed by a SHA-256 over the spoken text, the voice profile's full content, the synthesizer's
/// `cacheIdentity` (espeak-ng's version and how Segue drives it) and `formatVersion`; any of them changing gives
/// another key, so an entry is never stale, only unused. The entry holds the synthesizer's own output (its rate, its
/// word timings), upstream of the mix: resampling to the mix rate and matching the voice's loudness run on every
/// render, so one entry serves every mix rate and loudness target and follows the mixer when it changes.
///
/// The cache never fails a render: an entry that cannot be read (truncated, damaged, another format) is a miss and
/// is written anew; an entry that cannot be written is skipped. Entries are written atomically (`AtomicFile`), so
/// two processes sharing the folder see whole entries or none. Beyond `limit` bytes the least recently used
/// entries are removed.
public struct ClipCache: Sendable, Equatable {
    /// The layout of an entry and of its key; a change gives every entry a new key.
    public static let formatVersion = 1
    /// The default bound on the folder's size.
    public static let defaultLimit = 256 << 20
    /// The first bytes of every entry.
    static let magic = Data("SEGUE-CLIP\n".utf8)
    /// The name every entry ends with; other files in the folder are left alone.
    static let suffix = ".clip"

    /// The folder holding the entries, created when the first is written.
    public var folder: URL
    /// The most bytes the entries may take; the least recently used go first beyond it.
    public var limit: Int

    public init(folder: URL, limit: Int = ClipCache.defaultLimit) {
        self.folder = folder
        self.limit = limit
    }

    /// `$XDG_CACHE_HOME/segue/clips` when `XDG_CACHE_HOME` is an absolute path, else `~/.cache/segue/clips`.
    public static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            return URL(fileURLWithPath: cache).appendingPathComponent("segue/clips")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/segue/clips")
    }

    /// What an entry's key is made of, as hashed (key-sorted JSON).
    struct KeyContent: Encodable {
        var format: Int
        var synthesizer: String
        var voice: VoiceProfile
        var text: String
    }

    /// The entry's key: SHA-256, lowercase hex, over the text, the whole voice profile, the synthesizer's identity
    /// and `formatVersion`.
    public static func key(text: String, voice: VoiceProfile, synthesizer identity: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let content = KeyContent(format: formatVersion, synthesizer: identity, voice: voice, text: text)
        // Strings and integers always encode; the fallback only keeps this function from throwing.
        let data =
            (try? encoder.encode(content))
            ?? Data("\(formatVersion)\u{0}\(identity)\u{0}\(voice)\u{0}\(text)".utf8)
        return ContentHash.sha256Hex(data)
    }

    /// Where the entry for `key` lives.
    public func url(forKey key: String) -> URL { folder.appendingPathComponent(key + Self.suffix) }

    // MARK: - Speaking through the cache

    /// The speech for `text` in `voice`: the cached entry when there is a whole one, else `synthesizer`'s, then kept.
    /// A synthesizer without a `cacheIdentity` is always asked, and nothing is kept.
    /// - Throws: what `synthesizer` throws; never a cache failure.
    public func speech(
        for text: String, voice: VoiceProfile, synthesizer: any SpeechSynthesizing
    ) async throws -> SynthesizedSpeech {
        guard let identity = await synthesizer.cacheIdentity else {
            return try await synthesizer.speech(for: text, voice: voice)
        }
        let key = Self.key(text: text, voice: voice, synthesizer: identity)
        if let cached = speech(forKey: key) { return cached }
        let fresh = try await synthesizer.speech(for: text, voice: voice)
        if store(fresh, forKey: key) { trim() }
        return fresh
    }

    // MARK: - Entries

    /// The entry for `key`, or nil when there is none or it cannot be read whole (then it is removed). A hit marks
    /// the entry as just used.
    public func speech(forKey key: String) -> SynthesizedSpeech? {
        let url = url(forKey: key)
        guard let data = try? Data(contentsOf: url, options: .uncached) else { return nil }
        guard let speech = Self.decode(data, key: key) else {
            unlink(url.path)
            return nil
        }
        utimes(url.path, nil)
        return speech
    }

    /// Keeps `speech` as the entry for `key`, atomically.
    /// - Returns: whether it was written (a cache folder that cannot be made or written is skipped).
    @discardableResult
    public func store(_ speech: SynthesizedSpeech, forKey key: String) -> Bool {
        guard let data = Self.encode(speech, key: key) else { return false }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try AtomicFile.write(data, to: url(forKey: key))
            return true
        } catch {
            return false
        }
    }

    /// Removes the least recently used entries until the rest take at most `limit` bytes, and what killed writers
    /// left behind.
    /// - Returns: the names of the entries removed.
    @discardableResult
    public func trim() -> [String] {
        AtomicFile.removeStale(in: folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var entries: [(name: String, size: Int, used: Double)] = []
        for name in names where name.hasSuffix(Self.suffix) && !name.hasPrefix(".") {
            var info = stat()
            guard lstat(folder.appendingPathComponent(name).path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                continue
            }
            let used = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
            entries.append((name, Int(info.st_size), used))
        }
        var total = entries.reduce(0) { $0 + $1.size }
        guard total > limit else { return [] }
        var removed: [String] = []
        for entry in entries.sorted(by: { ($0.used, $0.name) < ($1.used, $1.name) }) where total > limit {
            if unlink(folder.appendingPathComponent(entry.name).path) == 0 { removed.append(entry.name) }
            total -= entry.size
        }
        return removed
    }

    // MARK: - The entry format

    /// An entry's header, a line of JSON after the magic line; the samples follow as little-endian 32-bit floats.
    struct Header: Codable, Equatable {
        var format: Int
        var key: String
        var sampleRate: Int
        var channels: Int
        var samples: Int
        /// `AudioBuffer.contentHash` of the samples, so a damaged entry is never taken for a whole one.
        var contentHash: String
        var words: [SpokenWord]

        enum CodingKeys: String, CodingKey {
            case format, key
            case sampleRate = "sample_rate"
            case channels, samples
            case contentHash = "content_hash"
            case words
        }
    }

    /// The bytes of an entry.
    static func encode(_ speech: SynthesizedSpeech, key: String) -> Data? {
        let audio = speech.audio
        let header = Header(
            format: formatVersion, key: key, sampleRate: audio.sampleRate, channels: audio.channels,
            samples: audio.samples.count, contentHash: audio.contentHash, words: speech.words)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let json = try? encoder.encode(header) else { return nil }
        var data = magic
        data.reserveCapacity(magic.count + json.count + 1 + audio.samples.count * 4)
        data.append(json)
        data.append(UInt8(ascii: "\n"))
        audio.samples.withUnsafeBufferPointer { samples in
            for sample in samples {
                withUnsafeBytes(of: sample.bitPattern.littleEndian) { data.append(contentsOf: $0) }
            }
        }
        return data
    }

    /// The speech in an entry's bytes, or nil unless they are a whole entry of this format for `key`.
    static func decode(_ data: Data, key: String) -> SynthesizedSpeech? {
        guard data.starts(with: magic) else { return nil }
        let afterMagic = data.index(data.startIndex, offsetBy: magic.count)
        guard let newline = data[afterMagic...].firstIndex(of: UInt8(ascii: "\n")),
            let header = try? JSONDecoder().decode(Header.self, from: data[afterMagic..<newline]),
            header.format == formatVersion, header.key == key, header.sampleRate > 0, header.channels > 0,
            header.samples >= 0, header.samples % header.channels == 0
        else { return nil }
        let payload = data[data.index(after: newline)...]
        guard payload.count == header.samples * 4 else { return nil }
        let samples = payload.withUnsafeBytes { raw in
            (0..<header.samples).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
        let audio = AudioBuffer(sampleRate: header.sampleRate, channels: header.channels, samples: samples)
        guard audio.contentHash == header.contentHash else { return nil }
        return SynthesizedSpeech(audio: audio, words: header.words)
    }
}
