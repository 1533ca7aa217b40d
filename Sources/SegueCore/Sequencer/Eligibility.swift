/// The hard rules that do not depend on position, for one listener: no explicit track for a listener
/// who blocks them, no blocked artist (lead or featured), no track the listener skipped repeatedly, and
/// none the caller turned away. Checked per track, so a scan over a large catalog asks only about the
/// few tracks that could make its cut.
struct Eligibility {
    private let blocksExplicit: Bool
    /// Per artist id: blocked by the listener; empty when nobody is blocked.
    private let blockedArtist: [Bool]
    /// Catalog indices left out whatever their artist: skipped repeatedly, or refused by the caller.
    private(set) var excluded: Set<Int>

    init(listener: Listener, context: ListenerContext, catalog: Catalog, features: TrackFeatures) {
        blocksExplicit = listener.explicit == .block
        var blocked = [Bool](repeating: false, count: features.artistKeys.count)
        for name in listener.blockedArtists {
            for key in ArtistCredit.names(in: name).map(ArtistCredit.key) + [ArtistCredit.key(name)] {
                if let id = features.artistIDByKey[key] { blocked[Int(id)] = true }
            }
        }
        blockedArtist = blocked.contains(true) ? blocked : []
        excluded = Set(context.taste.rejectedTrackIDs.compactMap { catalog.index(of: $0) })
    }

    /// Leaves out one more track.
    mutating func exclude(_ index: Int) { excluded.insert(index) }

    /// The rule that leaves track `index` out, in words, or nil when it may play (for saying why nothing can).
    func rule(excluding index: Int, _ features: TrackFeatures, rejected: Set<Int>) -> String? {
        if blocksExplicit && features.isExplicit(index) { return "explicit, and the listener blocks explicit tracks" }
        if !blockedArtist.isEmpty && !features.hasNoArtist(index, in: blockedArtist) {
            return "by an artist the listener blocks"
        }
        if rejected.contains(index) { return "skipped repeatedly by the listener" }
        if excluded.contains(index) { return "audio that cannot be played" }
        return nil
    }

    /// Whether track `index` passes every position-independent rule.
    @inline(__always) func allows(_ index: Int, _ features: TrackFeatures) -> Bool {
        if blocksExplicit && features.isExplicit(index) { return false }
        if !excluded.isEmpty && excluded.contains(index) { return false }
        guard !blockedArtist.isEmpty else { return true }
        return features.hasNoArtist(index, in: blockedArtist)
    }
}
