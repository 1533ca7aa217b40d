/// Decides where the DJ speaks at each seam of a lineup, from the mixer's own layout: over the incoming track's
/// intro, across the crossfade, or over the outgoing track's ending. The script then picks a line whose grammar fits
/// that moment, and the timeline (`SessionTimeline.plan`) puts it exactly there.
public struct TalkPlanner: Sendable {
    /// Each track's length in seconds, in lineup order.
    public var durations: [Double]
    /// Each track's intro: seconds until its music reaches its running level (nil where unknown).
    public var intros: [Double?]
    /// The crossfade the mixer will use (shortened for short tracks, as the timeline does).
    public var crossfade: Double
    /// Seconds the voice waits once a track is in.
    public var voiceLead = 0.5

    /// A calm DJ pace (espeak-ng's voices run 160–175 words a minute), for estimating a line before it is voiced.
    public static let wordsPerSecond = 2.6

    /// The tracks as the mixer lays them out (the same `SessionTimeline.plan`, so fades shortened for short tracks
    /// are the mixer's own).
    private let slots: [SessionTimeline.TrackSlot]

    public init(durations: [Double], intros: [Double?], crossfade: Double) {
        self.init(
            slots: SessionTimeline.plan(
                trackIDs: durations.indices.map(String.init), trackDurations: durations, lines: [], crossfade: crossfade
            ).tracks, intros: intros, crossfade: crossfade)
    }

    private init(slots: [SessionTimeline.TrackSlot], intros: [Double?], crossfade: Double) {
        self.slots = slots
        durations = slots.map { $0.end - $0.start }
        self.intros = intros
        self.crossfade = crossfade
    }

    /// The planner for a session plan: its tracks' real lengths, their intros from the catalog (an intro that is not a
    /// time within its track, such as a negative, NaN or overlong one from a hand-edited catalog, counts as unknown),
    /// its crossfade.
    public init(plan: SessionPlan) {
        let slots = SessionTimeline.plan(for: plan).tracks
        // The intro counts from where the track is cued in.
        let intros = zip(plan.lineup.picks, zip(plan.analyses, slots)).map { pick, placed -> Double? in
            guard let intro = pick.track.introLength, intro.isFinite, intro >= 0, intro <= placed.0.duration else {
                return nil
            }
            return max(intro - placed.1.cueIn, 0)
        }
        self.init(slots: slots, intros: intros, crossfade: plan.options.crossfade)
    }

    /// About how long a line takes to say.
    public static func estimatedSeconds(_ text: String) -> Double {
        let words = text.split(whereSeparator: \.isWhitespace).count
        return Double(words) / wordsPerSecond + 0.4
    }

    /// One place a line could go at a seam, and why it fits there.
    public struct Option: Sendable, Equatable {
        public var moment: CommentaryTemplate.Moment
        public var note: String
    }

    /// The moments a line about track `index` may be said at, best first, for a line of about `seconds`.
    ///
    /// Over the intro when the incoming track has one long enough for the line (the DJ talks up to the vocals);
    /// otherwise across the crossfade or over the outgoing track's ending, where the music is ducked. A moment the
    /// line cannot fit is left out; `tieBreak` (from the session's seed) varies the order where the rule has none.
    public func options(forTrack index: Int, seconds: Double, tieBreak: Bool) -> [Option] {
        guard durations.indices.contains(index) else { return [] }
        let fadeIn = slots[index].fadeIn, fadeOut = slots[index].fadeOut
        func format(_ value: Double) -> String { String(format: "%.1f s", value) }
        var playing: Option?
        if durations[index] - fadeIn - fadeOut - voiceLead >= seconds {
            let note: String
            if let intro = intros[index] {
                note =
                    intro - fadeIn - voiceLead >= seconds
                    ? "over the \(format(intro)) intro of track \(index + 1) (line about \(format(seconds)))"
                    : "once track \(index + 1) is in; its \(format(intro)) intro is shorter than the line"
            } else {
                note = "once track \(index + 1) is in (its intro is not known)"
            }
            playing = Option(moment: .playing, note: note)
        }
        guard index > 0 else { return playing.map { [$0] } ?? [] }
        // What the timeline allows a seam line: from once the outgoing track is in, to halfway into the incoming one.
        let room =
            slots[index].start + slots[index].fadeIn / 2
            - (slots[index - 1].start + slots[index - 1].fadeIn + voiceLead)
        var seam: [Option] = []
        if room >= seconds {
            seam.append(
                Option(
                    moment: .transition,
                    note: "across the \(format(fadeIn)) crossfade from track \(index) into track \(index + 1)"))
            seam.append(
                Option(moment: .before, note: "over the end of track \(index), before track \(index + 1) comes in"))
            if tieBreak { seam.reverse() }
        }
        let introFits = intros[index].map { $0 - fadeIn - voiceLead >= seconds } ?? false
        if let playing, introFits || intros[index] == nil && tieBreak { return [playing] + seam }
        return seam + (playing.map { [$0] } ?? [])
    }
}
