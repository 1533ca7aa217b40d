import ArgumentParser
import Foundation
import SegueAudio
import SegueCommandLine
import SegueCore

/// `segue-render-bench`: the render benchmark's Segue side. Renders the fixed timeline that
/// `shared/bench/peers/render_peers.sh` writes (and Liquidsoap, ffmpeg and sox render) with `SessionMixer`, times it,
/// measures the output, and compares it with a peer's render outside the talk spans.
@main
struct RenderBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segue-render-bench",
        abstract: "Renders the peers' timeline.json with Segue's mixer: wall, × realtime, CPU, peak RSS, loudness.",
        discussion: """
            The gains are the timeline's (measured by the peers' script with ffmpeg's ebur128): this render does no \
            loudness analysis of its own. Voice clips are read, gained to the timeline's clip loudness as the peers \
            do (the mono clip by its gain_db, then mono to L and R at -3.01 dB each) and resampled to the mix rate; \
            that preparation is inside the timed span. --runs 0 renders nothing: it measures (and compares) the \
            --out file already there.
            """)

    @Option(help: "The peers' timeline (render_peers.sh writes $PEERS_TMP/inputs/timeline.json).")
    var timeline: String
    @Option(help: "Where Segue's render goes (16-bit stereo WAV).") var out: String
    @Option(help: "Timed renders in a row, in this process (0: measure the existing --out only).") var runs = 1
    @Option(help: "A reference render of the same timeline (the ffmpeg peer's) to take the difference from.")
    var compare: String?
    @Option(help: "Seconds added on each side of every excluded talk span (duck ramps included) when comparing.")
    var margin = 0.1
    @Flag(inversion: .prefixedNo, help: "Measure the output's loudness and true peak after the timed runs.")
    var measure = true

    func validate() throws {
        guard runs >= 0, runs <= 100 else { throw ValidationError("--runs must be between 0 and 100") }
        guard margin >= 0, margin <= 10 else { throw ValidationError("--margin must be between 0 and 10 seconds") }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let peers = try PeerTimeline.load(from: URL(fileURLWithPath: timeline))
            let output = URL(fileURLWithPath: out)
            let plan = try RenderPlan(peers, path: timeline)
            print(
                String(
                    format: "render: %.3f s session, %d tracks, %d voice clips, %d Hz stereo 16-bit (%@)",
                    peers.duration, peers.tracks.count, peers.clips.count, peers.sampleRate, timeline))
            print(
                "loudness analysis: none in this render (the tracks' and clips' gains come from the timeline, "
                    + "measured once by render_peers.sh with ffmpeg ebur128; its `analysis` row times that)")
            var results: [RunResult] = []
            for index in 0..<runs {
                let result = try plan.render(to: output)
                results.append(result)
                print("run \(index + 1): " + result.line(session: peers.duration))
            }
            if let best = results.min(by: { $0.wall < $1.wall }), results.count > 1 {
                print("best of \(results.count): " + best.line(session: peers.duration))
            }
            if measure || compare != nil {
                let measured = try OutputMeasure.measure(output)
                print(
                    String(
                        format:
                            "output: %@: %.3f s, I %.1f LUFS, true peak %.2f dBTP, sample peak %.2f dBFS (libebur128)",
                        out, measured.duration, measured.loudness, measured.truePeak, measured.samplePeak))
            }
            if let compare {
                let reference = URL(fileURLWithPath: compare)
                let measured = try OutputMeasure.measure(reference)
                print(
                    String(
                        format: "reference: %@: %.3f s, I %.1f LUFS, true peak %.2f dBTP, sample peak %.2f dBFS",
                        compare, measured.duration, measured.loudness, measured.truePeak, measured.samplePeak))
                let excluded = peers.clips.map { ($0.duckStart - margin, $0.duckEnd + margin) }
                let cutoff = plan.settings.dcCutoff
                let difference = try Difference.measure(
                    output, against: reference, excluding: excluded, trackStarts: peers.tracks.map(\.start),
                    dcCutoff: cutoff)
                print(
                    difference.describe(
                        spans: excluded, margin: margin, duck: peers.duck, titles: peers.tracks.map(\.title),
                        rate: peers.sampleRate, dcCutoff: cutoff))
            }
        }
    }
}

/// A failure of the render benchmark, naming the file and the problem.
struct RenderBenchError: SegueError {
    var path: String
    var message: String

    var description: String { "\(path): \(message)" }
}

/// The timeline `render_peers.sh` writes: what every peer renders.
struct PeerTimeline: Decodable {
    struct Track: Decodable {
        var index: Int
        var title: String
        var file: String
        var inPoint: Double
        var length: Double
        var start: Double
        var gainDB: Double
        var fadeIn: Double
        var fadeOut: Double

        enum CodingKeys: String, CodingKey {
            case index, title, file
            case inPoint = "in_s", length = "length_s", start = "start_s", gainDB = "gain_db"
            case fadeIn = "fade_in_s", fadeOut = "fade_out_s"
        }
    }

    struct Clip: Decodable {
        var index: Int
        var track: Int
        var file: String
        var start: Double
        var length: Double
        var gainDB: Double
        var duckStart: Double
        var duckEnd: Double

        enum CodingKeys: String, CodingKey {
            case index, track, file
            case start = "start_s", length = "length_s", gainDB = "gain_db"
            case duckStart = "duck_start_s", duckEnd = "duck_end_s"
        }
    }

    struct Duck: Decodable {
        var depthDB: Double
        var attack: Double
        var release: Double

        enum CodingKeys: String, CodingKey {
            case depthDB = "depth_db", attack = "attack_s", release = "release_s"
        }
    }

    struct Limiter: Decodable {
        var ceiling: Double

        enum CodingKeys: String, CodingKey { case ceiling = "ceiling_dbfs" }
    }

    var sampleRate: Int
    var channels: Int
    var duration: Double
    var duck: Duck
    var limiter: Limiter
    var tracks: [Track]
    var clips: [Clip]

    enum CodingKeys: String, CodingKey {
        case sampleRate = "sample_rate", channels, duration = "duration_s", duck, limiter, tracks, clips
    }

    /// Reads and checks a timeline file.
    /// - Throws: `RenderBenchError` naming the file: missing, not JSON, or not a timeline this benchmark can render.
    static func load(from url: URL) throws -> PeerTimeline {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw RenderBenchError(
                path: url.path, message: "cannot read the timeline (run render_peers.sh first, it writes it)")
        }
        let timeline: PeerTimeline
        do {
            timeline = try JSONDecoder().decode(PeerTimeline.self, from: data)
        } catch let error as DecodingError {
            throw RenderBenchError(path: url.path, message: "not a peers timeline (\(Self.describe(error)))")
        }
        func fail(_ message: String) -> RenderBenchError { RenderBenchError(path: url.path, message: message) }
        guard timeline.channels == 2 else { throw fail("\(timeline.channels) channels; this benchmark mixes stereo") }
        guard timeline.sampleRate > 0, timeline.duration > 0, !timeline.tracks.isEmpty else {
            throw fail("no session to render (sample rate, duration or tracks missing)")
        }
        for track in timeline.tracks where track.inPoint != 0 {
            // SessionTimeline.TrackSlot has no in point: a track plays from its file's first sample.
            throw fail("track \(track.index) starts \(track.inPoint) s into its file; Segue's slots start at 0")
        }
        for clip in timeline.clips where clip.duckStart > clip.start || clip.duckEnd < clip.start + clip.length {
            throw fail("clip \(clip.index): its duck span does not cover the clip")
        }
        return timeline
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "key \(([path(context)] + [key.stringValue]).filter { !$0.isEmpty }.joined(separator: ".")) missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "unreadable"
        }
    }
}

/// The peers' timeline in Segue's terms: slots, tracks with their gains, the mixer's settings.
struct RenderPlan {
    let timeline: SessionTimeline
    let tracks: [MixTrack]
    let clips: [PeerTimeline.Clip]
    let settings: MixSettings
    /// Mono clip to L and R at -3.01 dB each (equal loudness), as every peer upmixes.
    static let upmix = Float(pow(10, -3.0103 / 20))

    init(_ peers: PeerTimeline, path: String) throws {
        var settings = MixSettings()
        settings.sampleRate = peers.sampleRate
        settings.duckDepth = peers.duck.depthDB
        settings.duckAttack = peers.duck.attack
        settings.duckRelease = peers.duck.release
        settings.duckShape = .linear
        // The timeline's gains stand: no correction of the whole session towards a target.
        settings.correctsSessionLoudness = false
        settings.minimumSpeechOverMusic = nil
        settings.ceiling = peers.limiter.ceiling
        self.settings = settings

        var slots: [SessionTimeline.TrackSlot] = []
        var tracks: [MixTrack] = []
        for (position, track) in peers.tracks.enumerated() {
            let slot = SessionTimeline.TrackSlot(
                index: position, trackID: track.title, start: track.start, end: track.start + track.length,
                fadeIn: track.fadeIn, fadeOut: track.fadeOut)
            slots.append(slot)
            tracks.append(MixTrack(slot: slot, url: URL(fileURLWithPath: track.file), gainDB: track.gainDB))
        }
        var voices: [SessionTimeline.VoiceSlot] = []
        for clip in peers.clips {
            voices.append(
                SessionTimeline.VoiceSlot(
                    lineID: "clip\(clip.index)", trackIndex: clip.track - 1, start: clip.start,
                    end: clip.start + clip.length))
        }
        timeline = SessionTimeline(tracks: slots, voices: voices, duration: peers.duration)
        self.tracks = tracks
        clips = peers.clips
    }

    /// Reads every clip, gains it as the peers do, resamples it to the mix rate, and renders the session to `url`.
    func render(to url: URL) throws -> RunResult {
        ProcessUsage.resetPeak()
        let cpu = ProcessUsage.cpuSeconds()
        let started = ContinuousClock.now
        var voices: [MixVoice] = []
        for (clip, slot) in zip(clips, timeline.voices) {
            voices.append(MixVoice(slot: slot, audio: try prepare(clip)))
        }
        let report = try SessionMixer(settings: settings).render(
            timeline: timeline, tracks: tracks, voices: voices, to: url)
        let elapsed = started.duration(to: .now)
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return RunResult(
            wall: wall, cpu: ProcessUsage.cpuSeconds() - cpu, peakRSS: ProcessUsage.bytes("VmHWM:"),
            report: report)
    }

    /// A clip at the mix rate, mono: the clip by the timeline's gain and by -3.01 dB, resampled; the mixer centres a
    /// mono clip (the same samples in L and R), which is the peers' mono to L and R at -3.01 dB each.
    private func prepare(_ clip: PeerTimeline.Clip) throws -> AudioBuffer {
        let source = try AudioFileReader(url: URL(fileURLWithPath: clip.file)).readAll()
        guard source.channels == 1 else {
            throw RenderBenchError(path: clip.file, message: "\(source.channels) channels; the peers' clips are mono")
        }
        let gain = Float(pow(10, clip.gainDB / 20)) * Self.upmix
        let gained = AudioBuffer(
            sampleRate: source.sampleRate, channels: 1, samples: source.samples.map { $0 * gain })
        return try Resampler.resample(gained, to: settings.sampleRate)
    }
}

/// One timed render.
struct RunResult {
    var wall: Double
    var cpu: Double
    var peakRSS: Int?
    var report: MixReport

    func line(session: Double) -> String {
        String(
            format: "%.2f s wall, %.1f× realtime, %.2f s CPU (user+sys), peak RSS %@; mixer report: I %.1f LUFS, "
                + "true peak %.2f dBTP", wall, session / wall, cpu,
            peakRSS.map { String(format: "%.1f MB", Double($0) / 1_048_576) } ?? "unknown", report.loudness,
            report.truePeakDBTP)
    }
}

/// A rendered file's length, integrated loudness, true peak and sample peak, read back from disk.
struct OutputMeasure {
    var duration: Double
    var loudness: Double
    var truePeak: Double
    var samplePeak: Double

    static func measure(_ url: URL) throws -> OutputMeasure {
        let reader = try AudioFileReader(url: url)
        let meter = try LoudnessMeter(sampleRate: reader.sampleRate, channels: reader.channels, measures: .truePeak)
        var frames = 0
        while true {
            let block = try reader.read(frames: 65_536)
            if block.isEmpty { break }
            try meter.add(block)
            frames += block.count / reader.channels
        }
        return OutputMeasure(
            duration: Double(frames) / Double(reader.sampleRate), loudness: meter.integratedLoudness,
            truePeak: 20 * log10(max(meter.truePeak, 1e-9)), samplePeak: 20 * log10(max(meter.samplePeak, 1e-9)))
    }
}

/// The RMS of (render − reference) relative to the reference's RMS, sample for sample, outside some spans: once as
/// the files are, and once with the reference passed through the DC high-pass Segue's mixer applies to its mix.
struct Difference {
    /// Sums of squares over one part of the session: the difference, and the reference.
    struct Sums {
        var difference = 0.0
        var reference = 0.0

        /// 10·log10(difference / reference); -infinity for no difference, nil for no reference.
        var decibels: Double? {
            reference > 0 ? 10 * log10(max(difference, 1e-300) / reference) : nil
        }
    }

    var frames: Int
    var comparedFrames: Int
    /// As the files are: outside the excluded spans, inside them.
    var outside = Sums(), inside = Sums()
    /// With the reference high-passed like Segue's mix (so DC offset in the sources, which Segue removes and the peers
    /// keep, does not count).
    var outsideMatched = Sums(), insideMatched = Sums()
    /// Outside the spans, per track (a frame counts for the last track that started by then), as the files are and
    /// matched.
    var perTrack: [(raw: Sums, matched: Sums)] = []
    var lengthNote: String?

    /// - Parameter dcCutoff: the corner of the DC high-pass Segue's mixer applies (`MixSettings.dcCutoff`).
    /// - Throws: `RenderBenchError` when the two files differ in rate or channels.
    static func measure(
        _ render: URL, against reference: URL, excluding spans: [(Double, Double)], trackStarts: [Double],
        dcCutoff: Double
    ) throws -> Difference {
        let ours = try AudioFileReader(url: render)
        let theirs = try AudioFileReader(url: reference)
        guard ours.sampleRate == theirs.sampleRate, ours.channels == theirs.channels else {
            throw RenderBenchError(
                path: reference.path,
                message:
                    "\(theirs.sampleRate) Hz \(theirs.channels) ch, but \(render.path) is \(ours.sampleRate) Hz "
                    + "\(ours.channels) ch: not comparable sample for sample")
        }
        let rate = Double(ours.sampleRate)
        let channels = ours.channels
        let excluded = spans.map { (Int(($0.0 * rate).rounded(.down)), Int(($0.1 * rate).rounded(.up))) }
            .sorted { $0.0 < $1.0 }
        var result = Difference(frames: 0, comparedFrames: 0)
        result.perTrack = Array(repeating: (Sums(), Sums()), count: trackStarts.count)
        let starts = trackStarts.map { Int(($0 * rate).rounded()) }
        var track = 0
        guard channels == 2 else {
            throw RenderBenchError(
                path: render.path, message: "\(channels) channels: the comparison is of stereo renders")
        }
        var highPass = HighPass(cutoff: dcCutoff, sampleRate: ours.sampleRate)
        var span = 0
        while true {
            let a = try ours.read(frames: 65_536)
            let b = try theirs.read(frames: 65_536)
            let count = min(a.count, b.count) / channels
            if count == 0 { break }
            // The reference through the mix's own DC filter.
            var filtered = b
            highPass.process(&filtered)
            for local in 0..<count {
                let at = result.frames + local
                while span < excluded.count && excluded[span].1 <= at { span += 1 }
                let isExcluded = span < excluded.count && excluded[span].0 <= at
                while track + 1 < starts.count && starts[track + 1] <= at { track += 1 }
                var raw = Sums(), matched = Sums()
                for channel in 0..<channels {
                    let x = Double(a[local * channels + channel]), y = Double(b[local * channels + channel])
                    raw.difference += (x - y) * (x - y)
                    raw.reference += y * y
                    let z = Double(filtered[local * channels + channel])
                    matched.difference += (x - z) * (x - z)
                    matched.reference += z * z
                }
                if isExcluded {
                    result.inside.add(raw)
                    result.insideMatched.add(matched)
                } else {
                    result.outside.add(raw)
                    result.outsideMatched.add(matched)
                    if !result.perTrack.isEmpty {
                        result.perTrack[track].raw.add(raw)
                        result.perTrack[track].matched.add(matched)
                    }
                    result.comparedFrames += 1
                }
            }
            result.frames += count
            if a.count != b.count { break }
        }
        if ours.frameCount != theirs.frameCount {
            result.lengthNote =
                "lengths differ: \(ours.frameCount) frames against \(theirs.frameCount); compared the first "
                + "\(result.frames)"
        }
        return result
    }

    func describe(
        spans: [(Double, Double)], margin: Double, duck: PeerTimeline.Duck, titles: [String], rate: Int,
        dcCutoff: Double
    ) -> String {
        func db(_ sums: Sums) -> String { sums.decibels.map { String(format: "%.1f", $0) } ?? "-" }
        var whole = outside, wholeMatched = outsideMatched
        whole.add(inside)
        wholeMatched.add(insideMatched)
        let seconds = { (frames: Int) in Double(frames) / Double(rate) }
        var lines = [
            String(
                format: "excluded: %d spans, each clip's [duck_start_s − %.2f s, duck_end_s + %.2f s] (the %.2f s "
                    + "attack ramp, the clip, the %.2f s release ramp, and the margin), %.1f s in all; compared %.1f s",
                spans.count, margin, margin, duck.attack, duck.release, seconds(frames - comparedFrames),
                seconds(comparedFrames)),
            "excluded spans (s): " + spans.map { String(format: "%.3f–%.3f", $0.0, $0.1) }.joined(separator: ", "),
        ]
        if let lengthNote { lines.append(lengthNote) }
        lines.append(
            "diff vs reference, as the files are: \(db(outside)) dB outside the talk spans (RMS of segue − reference "
                + "over the reference's RMS); \(db(inside)) dB inside them; \(db(whole)) dB over the whole session")
        lines.append(
            "diff vs reference high-passed like Segue's mix (first-order \(dcCutoff) Hz DC filter, which the peers do "
                + "not have): \(db(outsideMatched)) dB outside the talk spans; \(db(insideMatched)) dB inside them; "
                + "\(db(wholeMatched)) dB over the whole session")
        lines.append(
            "per track, outside the talk spans (a crossfade counts for the incoming track): as the files are / matched")
        for (index, sums) in perTrack.enumerated() {
            let title = index < titles.count ? titles[index] : "track \(index + 1)"
            lines.append("  \(index + 1) \(title): \(db(sums.raw)) / \(db(sums.matched)) dB")
        }
        return lines.joined(separator: "\n")
    }
}

extension Difference.Sums {
    mutating func add(_ other: Difference.Sums) {
        difference += other.difference
        reference += other.reference
    }
}
