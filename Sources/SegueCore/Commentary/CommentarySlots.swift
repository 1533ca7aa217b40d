/// The slots a commentary template may use, each filled from a catalog fact.
public enum CommentarySlots {
    /// Slot name to the fact it is filled from.
    public static let sources: [String: String] = [
        "title": "track.title",
        "artist": "track.artist",
        "album": "track.album",
        "year": "track.year",
        "genre": "track.genres[0]",
        "genre_phrase": "track.genres[0], said as the editors' genres.tsv says it (\"a march\", \"some jazz\")",
        "previous_title": "previous track.title",
        "previous_artist": "previous track.artist",
        "previous_year": "previous track.year",
        "decade": "derived from track.year",
        "bpm": "track.bpm",
        "reason": "sequencer reason, in the listener's words from the editors' reasons.tsv",
        "upcoming_artists": "the next tracks' artists, as a list (\"A, B and C\")",
        "upcoming_many": "set when upcoming_artists names more than one (for is/are)",
        "played_artists": "artists heard in the set, as a list",
        "played_many": "set when played_artists names more than one (for is/are)",
        "energy_change": "derived from previous and current track.energy",
        "listener_name": "listener.name (only when the listener opted in)",
        "station": "Segue",
    ]

    /// Every slot name.
    public static var all: Set<String> { Set(sources.keys) }
}
