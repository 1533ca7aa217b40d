/// The slots a commentary template may use, each filled from a catalog fact.
public enum CommentarySlots {
    /// Slot name to the fact it is filled from.
    public static let sources: [String: String] = [
        "title": "track.title",
        "artist": "track.artist",
        "album": "track.album",
        "year": "track.year",
        "genre": "track.genres[0]",
        "previous_title": "previous track.title",
        "previous_artist": "previous track.artist",
        "previous_year": "previous track.year",
        "decade": "derived from track.year",
        "bpm": "track.bpm",
        "reason": "sequencer reason",
        "energy_change": "derived from previous and current track.energy",
        "listener_name": "listener.name (only when the listener opted in)",
        "station": "Segue",
    ]

    /// Every slot name.
    public static var all: Set<String> { Set(sources.keys) }
}
