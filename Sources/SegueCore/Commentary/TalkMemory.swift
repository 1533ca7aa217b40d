/// What the DJ has said in a session so far (and remembers from the listener's recent sessions), so that it never
/// repeats itself: templates used, artists introduced as new, how often each artist was named, the kinds of line in
/// order, and the artists the set has already played.
struct TalkMemory {
    var recentTemplates: Set<String>
    /// Lower-cased artists introduced as new, here or in a recent session.
    private(set) var introduced: Set<String>
    /// How many times one artist may be named.
    var mentionCap: Int
    private(set) var usedTemplates: Set<String> = []
    private(set) var kinds: [CommentaryTemplate.Kind] = []
    private var mentions: [String: Int] = [:]
    private var heard: Set<String> = []
    /// Reasons already voiced: the same words twice in a set sound like a loop.
    private var reasons: Set<String> = []

    init(recentTemplates: Set<String>, introduced: Set<String>, mentionCap: Int) {
        self.recentTemplates = recentTemplates
        self.introduced = Set(introduced.map { $0.lowercased() })
        self.mentionCap = mentionCap
    }

    /// Whether a line naming `names` keeps every artist within the cap.
    func mayName(_ names: [String]) -> Bool {
        var counts: [String: Int] = [:]
        for name in names { counts[name.lowercased(), default: 0] += 1 }
        return counts.allSatisfy { mentions[$0.key, default: 0] + $0.value <= mentionCap }
    }

    mutating func record(template: CommentaryTemplate, named: [String]) {
        usedTemplates.insert(template.id)
        kinds.append(template.kind)
        for name in named { mentions[name.lowercased(), default: 0] += 1 }
    }

    mutating func voiced(reason: String) { reasons.insert(reason.lowercased()) }
    func hasVoiced(reason: String) -> Bool { reasons.contains(reason.lowercased()) }

    mutating func introduce(_ artist: String) { introduced.insert(artist.lowercased()) }
    func isIntroduced(_ artist: String) -> Bool { introduced.contains(artist.lowercased()) }

    /// The set played a track by `artist`.
    mutating func hear(_ artist: String) { heard.insert(artist.lowercased()) }
    func hasHeard(_ artist: String) -> Bool { heard.contains(artist.lowercased()) }
}
