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

        enum CodingKeys: String, CodingKey {
            case index
            case trackID = "track_id"
            case start = "start_s", end = "end_s", fadeIn = "fade_in_s", fadeOut = "fade_out_s"
        }
    }

    /// One spoken line's place in the session.
    public struct VoiceSlot: Sendable, Codable, Equatable {
        public var lineID: String
        public var trackIndex: Int
        public var start: Double
        public var end: Double

        enum CodingKeys: String, CodingKey {
            case lineID = "line_id"
            case trackIndex = "track_index"
            case start = "start_s", end = "end_s"
        }
    }

    public var tracks: [TrackSlot]
    public var voices: [VoiceSlot]
    /// Total length in seconds.
    public var duration: Double

    enum CodingKeys: String, CodingKey {
        case tracks, voices
        case duration = "duration_s"
    }

    /// Lays out tracks with crossfades and places each voice line over its track.
    /// - Parameters:
    ///   - trackDurations: real length of each track's audio, in lineup order.
    ///   - lines: spoken lines with the length of their rendered speech.
    ///   - crossfade: seconds consecutive tracks overlap (shortened for short tracks).
    ///   - voiceLead: seconds between a track being fully in and the voice starting.
    ///   - voiceGap: the least silence between two lines.
    public static func plan(
        trackIDs: [String], trackDurations: [Double], lines: [(line: ScriptLine, duration: Double)],
        crossfade: Double, voiceLead: Double = 0.5, voiceGap: Double = 0.4
    ) -> SessionTimeline {
        var slots: [TrackSlot] = []
        var start = 0.0
        for (index, (id, length)) in zip(trackIDs, trackDurations).enumerated() {
            let fadeIn = index == 0 ? 0 : min(crossfade, trackDurations[index - 1] / 4, length / 4)
            if index > 0 { start = slots[index - 1].end - fadeIn }
            let nextLength = index + 1 < trackDurations.count ? trackDurations[index + 1] : nil
            let fadeOut = nextLength.map { min(crossfade, length / 4, $0 / 4) } ?? 0
            slots.append(
                TrackSlot(
                    index: index, trackID: id, start: start, end: start + length, fadeIn: fadeIn, fadeOut: fadeOut))
        }
        var voices: [VoiceSlot] = []
        for (line, length) in lines where slots.indices.contains(line.trackIndex) {
            let slot = slots[line.trackIndex]
            let earliest = slot.start + slot.fadeIn + voiceLead
            let latest = slot.end - slot.fadeOut - voiceLead - length
            var begin: Double
            switch line.placement {
            case .trackStart: begin = min(earliest, max(latest, slot.start))
            case .trackEnd: begin = max(latest, slot.start)
            }
            // Never talk over talk: a line waits for the one before it (short tracks put them close).
            if let previous = voices.last { begin = max(begin, previous.end + voiceGap) }
            // A line that can no longer end with the music is not spoken (it stays in the script, marked so).
            guard begin + length <= (slots.last?.end ?? 0) else { continue }
            voices.append(VoiceSlot(lineID: line.id, trackIndex: line.trackIndex, start: begin, end: begin + length))
        }
        return SessionTimeline(tracks: slots, voices: voices, duration: slots.last?.end ?? 0)
    }
}
