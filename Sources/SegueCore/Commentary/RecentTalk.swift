/// What the DJ said to a listener in their recent sessions, so that the next one does not repeat it.
public struct RecentTalk: Sendable, Equatable {
    /// Templates heard lately: avoided while others remain.
    public var templates: Set<String>
    /// Artists introduced as new lately: never introduced as new again.
    public var introducedArtists: Set<String>

    public init(templates: Set<String> = [], introducedArtists: Set<String> = []) {
        self.templates = templates
        self.introducedArtists = introducedArtists
    }
}
