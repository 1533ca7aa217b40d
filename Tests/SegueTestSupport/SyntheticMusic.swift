import Foundation
import SegueAudio
import SegueCore
import SegueLibrary

/// Music synthesised to order, so analysis tests know the answer: chords of a key, a kick on every beat at a tempo,
/// hats, noise, a quiet intro, silence before and after. Same settings and seed, same samples.
public struct SyntheticMusic: Sendable {
    /// The sound of the chords: a one-cycle wave of fixed harmonics, shaped by an envelope.
    public enum Timbre: String, Sendable, CaseIterable {
        /// Sustained, a few soft harmonics.
        case organ
        /// Sustained, all harmonics at 1/n (a sawtooth, bright).
        case saw
        /// Struck on every beat and decaying.
        case pluck
        /// Slow attack, two voices slightly detuned.
        case pad
    }

    /// A major or minor key; pitch class 0 is C.
    public struct Key: Sendable, Hashable, CustomStringConvertible {
        public var tonic: Int
        public var isMinor: Bool

        public init(tonic: Int, isMinor: Bool) {
            self.tonic = tonic
            self.isMinor = isMinor
        }

        /// All 24 keys, C major first.
        public static let all: [Key] = [false, true].flatMap { minor in (0..<12).map { Key(tonic: $0, isMinor: minor) }
        }

        private static let names = ["C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]
        /// Camelot numbers of the major and minor keys on each tonic, from the wheel as DJs print it.
        private static let majorNumbers = [8, 3, 10, 5, 12, 7, 2, 9, 4, 11, 6, 1]
        private static let minorNumbers = [5, 12, 7, 2, 9, 4, 11, 6, 1, 8, 3, 10]

        public var description: String { "\(Self.names[tonic]) \(isMinor ? "minor" : "major")" }

        /// The key on the Camelot wheel: C major 8B, A minor 8A.
        public var camelot: CamelotKey? {
            let number = (isMinor ? Self.minorNumbers : Self.majorNumbers)[tonic]
            return CamelotKey("\(number)\(isMinor ? "A" : "B")")
        }

        /// Four chords in the key, as (root above the tonic, minor) pairs. Major: I–vi–IV–V, I–IV–V–I, I–V–vi–IV,
        /// ii–V–I–I. Minor: i–VI–iv–V and i–iv–V–i (harmonic minor's major V), i–VI–VII–i and i–VI–III–VII (natural
        /// minor, with no leading tone: the hardest to tell from the relative major).
        func progression(_ variant: Int) -> [(root: Int, minor: Bool)] {
            switch (isMinor, variant % 4) {
            case (false, 0): [(0, false), (9, true), (5, false), (7, false)]
            case (false, 1): [(0, false), (5, false), (7, false), (0, false)]
            case (false, 2): [(0, false), (7, false), (9, true), (5, false)]
            case (false, _): [(2, true), (7, false), (0, false), (0, false)]
            case (true, 0): [(0, true), (8, false), (5, true), (7, false)]
            case (true, 1): [(0, true), (5, true), (7, false), (0, true)]
            case (true, 2): [(0, true), (8, false), (10, false), (0, true)]
            case (true, _): [(0, true), (8, false), (3, false), (10, false)]
            }
        }

        /// The scale a melody walks: major, harmonic minor for progressions 0 and 1, natural minor for 2 and 3.
        func scale(_ variant: Int) -> [Int] {
            if !isMinor { return [0, 2, 4, 5, 7, 9, 11] }
            return variant % 4 < 2 ? [0, 2, 3, 5, 7, 8, 11] : [0, 2, 3, 5, 7, 8, 10]
        }
    }

    public var seconds: Double
    public var sampleRate = 44_100
    public var channels = 2
    /// Chords in this key, one every two beats (1.5 s without a tempo); none when nil.
    public var key: Key?
    public var timbre = Timbre.organ
    /// Which of the key's four progressions the chords follow.
    public var progression = 0
    /// 0 plays the triads in root position, 1 and 2 in their inversions.
    public var voicing = 0
    /// Seventh chords (major seventh, dominant seventh on V and VII, minor seventh) instead of triads.
    public var sevenths = false
    /// A melody of eighth notes wandering the key's scale an octave above the chords.
    public var melody = false
    /// A kick on every beat (and a click on it) at this tempo; none when nil.
    public var bpm: Double?
    /// Closed hats on every eighth and sixteenth note, for dense dance music.
    public var hats = false
    /// White noise, as an amplitude (0.02 is about 35 dB under the chords).
    public var noise = 0.0
    /// Peak level of the loudest part, linear.
    public var peak = 0.5
    public var leadingSilence = 0.0
    public var trailingSilence = 0.0
    /// Seconds of music at `introAttenuation` dB below the rest, after the leading silence.
    public var quietIntro = 0.0
    public var introAttenuation = 20.0
    public var seed: UInt64 = 1

    public init(seconds: Double) { self.seconds = seconds }

    /// Loud, dense dance music: kick, hats and saw chords at `bpm`.
    public static func dance(bpm: Double, key: Key, seconds: Double = 12) -> SyntheticMusic {
        var music = SyntheticMusic(seconds: seconds)
        (music.bpm, music.key, music.hats, music.timbre, music.peak, music.noise) = (bpm, key, true, .saw, 0.95, 0.01)
        return music
    }

    /// Quiet ambient music: slow pads in `key`, no beat.
    public static func ambient(key: Key, seconds: Double = 12) -> SyntheticMusic {
        var music = SyntheticMusic(seconds: seconds)
        (music.key, music.timbre, music.peak, music.noise) = (key, .pad, 0.08, 0.002)
        return music
    }

    /// The samples, interleaved, `channels` alike.
    public func render() -> AudioBuffer {
        let rate = Double(sampleRate)
        let total = Int((leadingSilence + seconds + trailingSilence) * rate)
        let start = Int(leadingSilence * rate)
        let count = Int(seconds * rate)
        var mono = [Float](repeating: 0, count: count)
        var random = SplitMix(seed: seed)
        let beat = bpm.map { 60 / $0 } ?? 0.5
        let bar = bpm == nil ? 1.5 : 2 * beat
        if let key {
            addChords(key, to: &mono, bar: bar, beat: beat)
            if melody { addMelody(key, to: &mono, beat: beat, random: &random) }
        }
        if let bpm { addDrums(to: &mono, bpm: bpm, random: &random) }
        if noise > 0 { for index in 0..<count { mono[index] += Float(noise * random.nextSigned()) } }
        // Scale to the peak, then quieten the intro.
        let loudest = mono.reduce(0) { max($0, abs($1)) }
        let gain = loudest > 0 ? Float(peak) / loudest : 0
        let introEnd = Int(quietIntro * rate)
        let introGain = Float(pow(10, -introAttenuation / 20))
        for index in 0..<count { mono[index] *= index < introEnd ? gain * introGain : gain }
        var samples = [Float](repeating: 0, count: total * channels)
        for index in 0..<count {
            for channel in 0..<channels { samples[(start + index) * channels + channel] = mono[index] }
        }
        return AudioBuffer(sampleRate: sampleRate, channels: channels, samples: samples)
    }

    /// Renders and writes the music with libsndfile (Opus at 48 kHz, whatever `sampleRate` says), then writes `tags`
    /// with TagLib when given.
    public func write(to url: URL, encoding: AudioFileWriter.Encoding, tags: FileTags? = nil) throws {
        var buffer = render()
        if encoding == .opus, buffer.sampleRate != 48_000 { buffer = try Resampler.resample(buffer, to: 48_000) }
        let writer = try AudioFileWriter(
            url: url, sampleRate: buffer.sampleRate, channels: buffer.channels, encoding: encoding)
        // In blocks: libvorbis puts a scratch copy of all the frames of one write on the thread's stack.
        let block = 16_384 * buffer.channels
        for start in stride(from: 0, to: buffer.samples.count, by: block) {
            try writer.write(Array(buffer.samples[start..<min(start + block, buffer.samples.count)]))
        }
        try writer.close()
        if let tags { try TagReader.write(tags, to: url) }
    }

    // MARK: - Instruments

    private static let tableSize = 4096

    /// One cycle of a wave with the given harmonic amplitudes.
    private static func wavetable(_ harmonics: [Double]) -> [Float] {
        (0..<tableSize).map { index in
            let phase = 2 * Double.pi * Double(index) / Double(tableSize)
            return Float(harmonics.enumerated().reduce(0) { $0 + $1.element * sin(Double($1.offset + 1) * phase) })
        }
    }

    private var harmonics: [Double] {
        switch timbre {
        case .organ: [1, 0.5, 0.25, 0.12]
        case .saw: (1...8).map { 1 / Double($0) }
        case .pluck: [1, 0.6, 0.3, 0.2, 0.1]
        case .pad: [1, 0.3, 0.1]
        }
    }

    private func addChords(_ key: Key, to mono: inout [Float], bar: Double, beat: Double) {
        let rate = Double(sampleRate)
        let table = Self.wavetable(harmonics)
        let progression = key.progression(self.progression)
        let barFrames = Int(bar * rate)
        let fade = Int(0.01 * rate)
        var chordIndex = 0
        var barStart = 0
        while barStart < mono.count {
            let chord = progression[chordIndex % progression.count]
            let root = key.tonic + chord.root
            // Triad in the 4th octave (MIDI 60 is C4), turned by the voicing; the root again two octaves down.
            var intervals = [0, chord.minor ? 3 : 4, 7]
            if sevenths { intervals.append(chord.minor || chord.root == 7 || chord.root == 10 ? 10 : 11) }
            var notes = intervals.map { 60 + root % 12 + $0 }
            for turn in 0..<(voicing % 3) { notes[turn] += 12 }
            notes.append(36 + root % 12)
            let end = min(mono.count, barStart + barFrames)
            for (voice, note) in notes.enumerated() {
                let frequency = 440 * pow(2, Double(note - 69) / 12)
                let level: Float = voice == notes.count - 1 ? 0.8 : 0.5
                let detunes: [Double] = timbre == .pad ? [0.998, 1.002] : [1]
                for detune in detunes {
                    let step = frequency * detune * Double(Self.tableSize) / rate
                    var phase = 0.0
                    for index in barStart..<end {
                        let local = index - barStart
                        var envelope = Float(min(1, Double(min(local, end - 1 - index)) / Double(fade)))
                        switch timbre {
                        case .pluck:
                            let sinceBeat = Double(local).truncatingRemainder(dividingBy: beat * rate) / rate
                            envelope *= Float(exp(-sinceBeat / 0.25))
                        case .pad: envelope *= Float(min(1, Double(local) / (0.4 * rate)))
                        case .organ, .saw: break
                        }
                        mono[index] +=
                            level * envelope * table[Int(phase) & (Self.tableSize - 1)] / Float(detunes.count)
                        phase += step
                        if phase >= Double(Self.tableSize) { phase -= Double(Self.tableSize) }
                    }
                }
            }
            barStart += barFrames
            chordIndex += 1
        }
    }

    private func addMelody(_ key: Key, to mono: inout [Float], beat: Double, random: inout SplitMix) {
        let rate = Double(sampleRate)
        let table = Self.wavetable([1, 0.4, 0.2])
        let scale = key.scale(progression)
        let noteFrames = Int(beat / 2 * rate)
        var degree = 7  // the tonic, an octave up
        var start = 0
        while start < mono.count {
            // A step or two up or down, or a repeat; kept within two octaves.
            degree = max(0, min(13, degree + Int(random.next() % 5) - 2))
            let note = 72 + key.tonic + scale[degree % 7] + 12 * (degree / 7) - 12
            let step = 440 * pow(2, Double(note - 69) / 12) * Double(Self.tableSize) / rate
            var phase = 0.0
            let end = min(mono.count, start + noteFrames)
            for index in start..<end {
                let local = Double(index - start) / rate
                let envelope = Float(min(1, local / 0.01) * exp(-local / 0.3))
                mono[index] += 0.35 * envelope * table[Int(phase) & (Self.tableSize - 1)]
                phase += step
                if phase >= Double(Self.tableSize) { phase -= Double(Self.tableSize) }
            }
            start = end
        }
    }

    private func addDrums(to mono: inout [Float], bpm: Double, random: inout SplitMix) {
        let rate = Double(sampleRate)
        let beatFrames = 60 / bpm * rate
        let kickFrames = Int(0.25 * rate)
        var beatIndex = 0
        while true {
            let start = Int((Double(beatIndex) * beatFrames).rounded())
            guard start < mono.count else { break }
            // Kick: a sine sweeping down from 150 Hz to 50 Hz, decaying in 80 ms, with a 2 ms click on top.
            var phase = 0.0
            for local in 0..<min(kickFrames, mono.count - start) {
                let time = Double(local) / rate
                phase += 2 * Double.pi * (50 + 100 * exp(-time / 0.03)) / rate
                var value = 1.6 * sin(phase) * exp(-time / 0.08)
                if time < 0.002 { value += 0.6 * random.nextSigned() }
                mono[start + local] += Float(value)
            }
            if hats {
                // Closed hats on the sixteenths: bright noise (differenced), decaying in 15 ms; the off-beat louder.
                for sixteenth in 1..<4 {
                    let hatStart = start + Int(Double(sixteenth) * beatFrames / 4)
                    var previous = 0.0
                    for local in 0..<min(Int(0.04 * rate), max(0, mono.count - hatStart)) {
                        let white = random.nextSigned()
                        let level = sixteenth == 2 ? 0.5 : 0.3
                        mono[hatStart + local] += Float(level * (white - previous) * exp(-Double(local) / rate / 0.015))
                        previous = white
                    }
                }
            }
            beatIndex += 1
        }
    }
}

/// A small seeded generator (SplitMix64): same seed, same noise.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in -1..<1.
    mutating func nextSigned() -> Double { Double(next() >> 11) / Double(1 << 52) - 1 }
}
