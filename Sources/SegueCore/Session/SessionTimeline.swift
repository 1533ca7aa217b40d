/// When everything in a session happens, in seconds from its start.
public struct SessionTimeline: Sendable, Codable, Equatable {
    /// One track's place in the session.
    public struct TrackSlot: Sendable, Codable, Equatable {
        public var index: Int
        public var trackID: String
        public var start: Double
        public var end: Double
        /// Length of the equal-power fade in from the previous track (0 for the first).
        public var fadeIn: Double
        /// Length of the equal-power fade out into the next track (0 for the last).
        public var fadeOut: Double
        /// Seconds into the file where the track starts playing (its cue point: leading silence skipped).
        public var cueIn: Double

        public init(
            index: Int, trackID: String, start: Double, end: Double, fadeIn: Double, fadeOut: Double, cueIn: Double = 0
        ) {
            self.index = index
            self.trackID = trackID
            self.start = start
            self.end = end
            self.fadeIn = fadeIn
            self.fadeOut = fadeOut
            self.cueIn = cueIn
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            index = try c.decode(Int.self, forKey: .index)
            trackID = try c.decode(String.self, forKey: .trackID)
            start = try c.decode(Double.self, forKey: .start)
            end = try c.decode(Double.self, forKey: .end)
            fadeIn = try c.decode(Double.self, forKey: .fadeIn)
            fadeOut = try c.decode(Double.self, forKey: .fadeOut)
            cueIn = try c.decodeIfPresent(Double.self, forKey: .cueIn) ?? 0
        }

        enum CodingKeys: String, CodingKey {
            case index
            case trackID = "track_id"
            case start = "start_s", end = "end_s", fadeIn = "fade_in_s", fadeOut = "fade_out_s", cueIn = "cue_in_s"
        }
    }

    /// One spoken line's place in the session.
    public struct VoiceSlot: Sendable, Codable, Equatable {
        public var lineID: String
        public var trackIndex: Int
        public var start: Double
        public var end: Double

        public init(lineID: String, trackIndex: Int, start: Double, end: Double) {
            self.lineID = lineID
            self.trackIndex = trackIndex
            self.start = start
            self.end = end
        }

        enum CodingKeys: String, CodingKey {
            case lineID = "line_id"
            case trackIndex = "track_index"
            case start = "start_s", end = "end_s"
        }
    }

    /// A spoken line the timeline could not place where its words fit, so it is not spoken (it stays in the script).
    public struct UnplacedLine: Sendable, Codable, Equatable {
        public var lineID: String
        public var reason: String

        enum CodingKeys: String, CodingKey {
            case lineID = "line_id"
            case reason
        }
    }

    public var tracks: [TrackSlot]
    public var voices: [VoiceSlot]
    public var unplaced: [UnplacedLine] = []
    /// Total length in seconds.
    public var duration: Double

    enum CodingKeys: String, CodingKey {
        case tracks, voices, unplaced
        case duration = "duration_s"
    }

    public init(tracks: [TrackSlot], voices: [VoiceSlot], unplaced: [UnplacedLine] = [], duration: Double) {
        self.tracks = tracks
        self.voices = voices
        self.unplaced = unplaced
        self.duration = duration
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tracks = try c.decode([TrackSlot].self, forKey: .tracks)
        voices = try c.decode([VoiceSlot].self, forKey: .voices)
        unplaced = try c.decodeIfPresent([UnplacedLine].self, forKey: .unplaced) ?? []
        duration = try c.decode(Double.self, forKey: .duration)
    }

    /// Lays out tracks with crossfades and places each voice line where its words fit: before its track comes in,
    /// across the crossfade, once it is in, or over the last track's end (`ScriptLine.Placement`). A line that cannot
    /// be placed there (the line before still talking, a track shorter than the line) is left unspoken and listed.
    /// - Parameters:
    ///   - trackDurations: real length of each track's audio, in lineup order.
    ///   - cues: each track's cue, where known: it plays from `cueIn` for the cue's length, and its crossfades are
    ///     shortened into a hard start and lengthened out of a soft ending (`TrackCue.crossfade`).
    ///   - lines: spoken lines with the length of their rendered speech.
    ///   - crossfade: seconds consecutive tracks overlap (shortened for short tracks).
    ///   - voiceLead: seconds between a track being fully in and the voice starting.
    ///   - voiceGap: the least silence between two lines.
    public static func plan(
        trackIDs: [String], trackDurations: [Double], cues: [TrackCue?] = [],
        lines: [(line: ScriptLine, duration: Double)], crossfade: Double, voiceLead: Double = 0.5,
        voiceGap: Double = 0.4
    ) -> SessionTimeline {
        let cue = { (index: Int) in cues.indices.contains(index) ? cues[index] : nil }
        let lengths = trackDurations.indices.map { cue($0)?.length ?? trackDurations[$0] }
        // The crossfade into track `index`: by the cues, never over a quarter of either track.
        func fade(into index: Int) -> Double {
            guard index > 0, index < lengths.count else { return 0 }
            let wanted = TrackCue.crossfade(from: cue(index - 1), into: cue(index), base: crossfade)
            return min(wanted, lengths[index - 1] / 4, lengths[index] / 4)
        }
        var slots: [TrackSlot] = []
        var start = 0.0
        for (index, (id, length)) in zip(trackIDs, lengths).enumerated() {
            let fadeIn = fade(into: index)
            if index > 0 { start = slots[index - 1].end - fadeIn }
            slots.append(
                TrackSlot(
                    index: index, trackID: id, start: start, end: start + length, fadeIn: fadeIn,
                    fadeOut: fade(into: index + 1), cueIn: cue(index)?.cueIn ?? 0))
        }
        var voices: [VoiceSlot] = []
        var unplaced: [UnplacedLine] = []
        for (line, length) in lines where slots.indices.contains(line.trackIndex) {
            let slot = slots[line.trackIndex]
            let before = line.trackIndex > 0 ? slots[line.trackIndex - 1] : nil
            // The track is fully in once its fade-in ends; the voice waits a breath after that.
            let trackIn = slot.start + slot.fadeIn
            // Never talk over talk: a line waits for the one before it.
            let free = voices.last.map { $0.end + voiceGap } ?? 0
            var begin: Double
            var latestBegin = Double.infinity
            switch (line.placement, before) {
            case (.beforeTrack, let before?):
                // Over the end of the track before: done by the time the new one is halfway in.
                begin = max(trackIn - slot.fadeIn / 2 - length, before.start + before.fadeIn + voiceLead, free)
                latestBegin = trackIn - slot.fadeIn / 2 - length
            case (.transition, let before?):
                // Centred on the crossfade; it must still start before the new track is fully in.
                begin = max(slot.start + slot.fadeIn / 2 - length / 2, before.start + before.fadeIn + voiceLead, free)
                latestBegin = trackIn
            case (.trackEnd, _):
                begin = max(slot.end - slot.fadeOut - voiceLead - length, slot.start, free)
            default:
                // Once the track is in (over its intro); the first track has no crossfade to wait for.
                begin = max(trackIn + voiceLead, free)
                if line.trackIndex == 0 { begin = max(min(begin, slot.end - slot.fadeOut - length), slot.start, free) }
            }
            if begin > latestBegin + 1e-9 {
                unplaced.append(
                    UnplacedLine(
                        lineID: line.id,
                        reason: String(
                            format: "the line before it runs until %.1f s, too late for a line said %@", free,
                            line.placement == .beforeTrack ? "before its track" : "across the crossfade")))
                continue
            }
            // A line that can no longer end with its music is not spoken; a track shorter than its line gets none.
            let musicEnd = line.placement == .beforeTrack ? slot.end : slot.end - slot.fadeOut
            guard begin + length <= min(musicEnd, slots.last?.end ?? 0) + 1e-9 else {
                unplaced.append(
                    UnplacedLine(
                        lineID: line.id,
                        reason: String(
                            format: "%.1f s of speech does not fit over track %d", length, line.trackIndex + 1)
                    ))
                continue
            }
            voices.append(VoiceSlot(lineID: line.id, trackIndex: line.trackIndex, start: begin, end: begin + length))
        }
        return SessionTimeline(tracks: slots, voices: voices, unplaced: unplaced, duration: slots.last?.end ?? 0)
    }

    /// The timeline of a session plan: its tracks as analysed and cued, its crossfade setting, and `lines` placed.
    public static func plan(
        for plan: SessionPlan, lines: [(line: ScriptLine, duration: Double)] = []
    ) -> SessionTimeline {
        Self.plan(
            trackIDs: plan.lineup.picks.map(\.track.id), trackDurations: plan.analyses.map(\.duration),
            cues: plan.analyses.map(\.cue), lines: lines, crossfade: plan.options.crossfade)
    }
}
