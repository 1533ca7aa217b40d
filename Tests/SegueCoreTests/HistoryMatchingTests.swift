import Testing

@testable import SegueCore

/// Names in histories are written many ways; the matcher reads them as one track, and never two tracks as one.
@Suite struct HistoryMatchingTests {
    /// Pairs of names that must reduce to the same key.
    static let sameTitles: [(String, String)] = [
        ("Night Drive", "night drive"),
        ("Night Drive", "NIGHT DRIVE!"),
        ("Don't Stop Now", "Dont Stop Now"),
        ("Don’t Stop Now", "Don't Stop Now"),
        ("Café Lights", "Cafe Lights"),
        ("Hoppípolla", "Hoppipolla"),
        ("Golden Hour (feat. Kid Atlas)", "Golden Hour"),
        ("Golden Hour [ft. Kid Atlas]", "Golden Hour"),
        ("Golden Hour (featuring Kid Atlas)", "Golden Hour"),
        ("Golden Hour (with Kid Atlas)", "Golden Hour"),
        ("Golden Hour feat. Kid Atlas", "Golden Hour"),
        ("Rock & Roll", "Rock and Roll"),
        ("Rock-n-Roll", "Rock n Roll"),
    ]

    @Test(arguments: sameTitles)
    func exactTitleKeysAgree(_ pair: (String, String)) {
        #expect(TrackNameKey.title(pair.0).exact == TrackNameKey.title(pair.1).exact)
    }

    /// Version notes that the base key drops: the same recording, remastered, edited or marked explicit.
    static let versions: [(String, live: Bool)] = [
        ("Paper Planes - Remastered 2011", false),
        ("Paper Planes - 2011 Remaster", false),
        ("Paper Planes - Remastered", false),
        ("Paper Planes (Remastered 2009)", false),
        ("Paper Planes [2015 Digital Remaster]", false),
        ("Paper Planes (Radio Edit)", false),
        ("Paper Planes - Single Version", false),
        ("Paper Planes [Explicit]", false),
        ("Paper Planes - Mono", false),
        ("Paper Planes (Live)", true),
        ("Paper Planes - Live", true),
        ("Paper Planes - Live at the Roundhouse", true),
        ("Paper Planes - Live from Lisbon / 1999", true),
        ("Paper Planes (En Vivo)", true),
        ("Paper Planes (feat. Kid Atlas) - 2011 Remaster", false),
        ("Paper Planes (Live) [Remastered]", true),
    ]

    @Test(arguments: versions)
    func versionNotesLeaveTheBaseTitle(_ version: (String, live: Bool)) {
        let key = TrackNameKey.title(version.0)
        #expect(key.base == "paperplanes")
        #expect(key.isLive == version.live)
    }

    /// Notes that name another recording, or are part of the title, stay.
    static let otherRecordings = [
        "Paper Planes (Remix)", "Paper Planes - Acoustic", "Paper Planes (Instrumental)", "Paper Planes - Extended Mix",
        "Paper Planes, Part 2", "Paper Planes - From the Film",
    ]

    @Test(arguments: otherRecordings)
    func otherRecordingsKeepTheirNotes(title: String) {
        #expect(TrackNameKey.title(title).base != "paperplanes")
    }

    @Test func featWithoutItsDotMayBeAWordOfTheTitle() {
        #expect(TrackNameKey.title("A Feat to Remember").exact == "afeattoremember")
        #expect(TrackNameKey.title("Left Behind").exact == "leftbehind")
    }

    static let sameArtists: [(String, String)] = [
        ("The Lanterns", "Lanterns"),
        ("Lanterns, The", "The Lanterns"),
        ("Simon & Garfunkel", "Simon and Garfunkel"),
        ("Sigur Rós", "SIGUR ROS"),
        ("AC/DC", "ACDC"),
        ("Beyoncé", "Beyonce"),
    ]

    @Test(arguments: sameArtists)
    func artistKeysAgree(_ pair: (String, String)) {
        #expect(TrackNameKey.artist(pair.0).whole == TrackNameKey.artist(pair.1).whole)
    }

    @Test func theLeadArtistComesFromTheCredit() {
        let key = TrackNameKey.artist("Nova Reyes feat. Kid Atlas")
        #expect(key.whole == "novareyesfeatkidatlas")
        #expect(key.lead == "novareyes")
        #expect(TrackNameKey.artist("Nova Reyes & Kid Atlas").lead == "novareyes")
        #expect(TrackNameKey.artist("The Band").lead == "band")
    }

    @Test func namesWithoutLettersKeepAKey() {
        #expect(TrackNameKey.artist("!!!").whole == "!!!")
        #expect(TrackNameKey.title("...").exact == "...")
        #expect(TrackNameKey.title("").exact == "")
    }

    @Test func albumEditionsAreOneAlbum() {
        #expect(TrackNameKey.album("Harbor Lights (Deluxe Edition)") == "harborlights")
        #expect(TrackNameKey.album("Harbor Lights [Remastered]") == "harborlights")
        #expect(TrackNameKey.album("Harbor Lights - 25th Anniversary Edition") == "harborlights")
        #expect(TrackNameKey.album("Harbor Lights (Live)") == "harborlightslive")
    }

    // MARK: - The matcher

    static let catalog = [
        Track(id: "t01", title: "Night Drive", artist: "Nova Reyes", album: "Neon Coast", duration: 215),
        Track(
            id: "t02", title: "Golden Hour", artist: "Nova Reyes feat. Kid Atlas", album: "Neon Coast", duration: 190),
        Track(id: "t03", title: "Paper Planes", artist: "The Lanterns", album: "Harbor Lights", duration: 240),
        Track(
            id: "t04", title: "Paper Planes (Live)", artist: "The Lanterns", album: "Live at the Roundhouse",
            duration: 250),
        Track(id: "t07", title: "Blue Monday", artist: "Echo Park", album: "Singles", duration: 200),
        Track(id: "t08", title: "Blue Monday", artist: "Echo Park", album: "Night Sessions", duration: 200),
        Track(id: "t11", title: "Rain", artist: "Simon & Garfunkel", duration: 180),
        Track(id: "t12", title: "Rain", artist: "Simon", duration: 180),
    ]

    static let matches: [(artist: String, title: String, album: String?, id: String?)] = [
        ("Nova Reyes", "Night Drive", nil, "t01"),
        ("nova reyes", "NIGHT DRIVE", "Neon Coast", "t01"),
        ("Nova Reyes", "Golden Hour (feat. Kid Atlas)", nil, "t02"),
        ("Nova Reyes ft. Kid Atlas", "Golden Hour", nil, "t02"),
        ("Lanterns", "Paper Planes - 2011 Remaster", nil, "t03"),
        ("The Lanterns", "Paper Planes - Live at the Roundhouse", nil, "t04"),
        ("The Lanterns", "Paper Planes (Live)", nil, "t04"),
        ("Echo Park", "Blue Monday", "Night Sessions", "t08"),
        ("Echo Park", "Blue Monday", "Singles", "t07"),
        ("Echo Park", "Blue Monday", "Singles (Deluxe Edition)", "t07"),
        ("Echo Park", "Blue Monday", nil, "t07"),  // no album: the catalog's order
        ("Simon and Garfunkel", "Rain", nil, "t11"),  // the whole credit before the lead alone
        ("Simon", "Rain", nil, "t12"),
        ("Nova Reyes", "Night Drives", nil, nil),
        ("Nova Reye", "Night Drive", nil, nil),
        ("Kid Atlas", "Golden Hour", nil, nil),  // a featured artist is not the lead
        ("", "", nil, nil),
    ]

    @Test(arguments: matches)
    func matchesTheRightTrack(_ example: (artist: String, title: String, album: String?, id: String?)) {
        let matcher = TrackMatcher(tracks: Self.catalog)
        #expect(matcher.match(artist: example.artist, title: example.title, album: example.album) == example.id)
    }

    @Test func anEmptyCatalogMatchesNothing() {
        #expect(TrackMatcher(tracks: []).match(artist: "Nova Reyes", title: "Night Drive") == nil)
    }
}

/// `TrackNameKey` folds Latin, Greek, Cyrillic and kana names scalar by scalar from a table that Foundation filled:
/// the result is what Foundation's folding of the whole name gives.
@Suite struct HistoryFoldingTests {
    static let names = [
        "Sigur Rós", "Beyoncé", "Motörhead", "Mötley Crüe", "Straße", "Ærøskøbing", "Łódź", "Dvořák", "Ólafur Arnalds",
        "Ἀλέξανδρος", "ΣΊΣΥΦΟΣ", "Йорш", "Ёлка", "Ґрати", "ガガガSP", "ポルノグラフィティ", "e\u{301}tude", "Å\u{30A}",
        "Ǆemal", "Ŋ", "ﬁnale", "Ⅻ", "Café del Mar", "\u{00A0}Nova\u{2009}Reyes\u{00A0}", "Don’t", "– dash —",
    ]

    @Test(arguments: names)
    func foldsAsFoundationFolds(name: String) {
        #expect(TrackNameKey.folded(name) == TrackNameKey.foundationFolded(name))
    }

    @Test func randomNamesFoldAsFoundationFolds() {
        var random = SeededRandomNumberGenerator(seed: 14)
        let ranges =
            TrackNameKey.ScalarFolds.ranges + [TrackNameKey.ScalarFolds.combiningMarks]
            + [0x20...0x7E, 0x2000...0x206F, 0x3040...0x30FF, 0x4E00...0x4E40]
        var mismatches: [String] = []
        for _ in 0..<2_000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let range = ranges[Int.random(in: 0..<ranges.count, using: &random)]
                if let scalar = Unicode.Scalar(UInt32.random(in: range, using: &random)) { scalars.append(scalar) }
            }
            let name = String(scalars)
            if TrackNameKey.folded(name) != TrackNameKey.foundationFolded(name) { mismatches.append(name) }
        }
        #expect(
            mismatches.isEmpty, "\(mismatches.prefix(10).map { $0.unicodeScalars.map { String($0.value, radix: 16) } })"
        )
    }
}
