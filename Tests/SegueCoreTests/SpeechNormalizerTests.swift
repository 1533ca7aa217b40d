import Foundation
import SegueCore
import SegueTestSupport
import Testing

@Suite struct SpeechNormalizerTests {
    static let normalizer: SpeechNormalizer = {
        (try? SpeechNormalizer.load(from: Fixtures.prompts.appendingPathComponent("pronunciations.tsv")))
            ?? SpeechNormalizer()
    }()

    static let englishCases: [(String, String)] = [
        // counts in names and after number words, abbreviations, version notes (issue 18's development cases)
        ("Symphony No. 9", "Symphony Number nine"),
        ("Symphony No. 104", "Symphony Number one hundred and four"),
        ("#1 in 1984", "number one in nineteen eighty-four"),
        ("Pt. 2", "Part two"),
        ("Op. 27 No. 2", "Opus twenty-seven Number two"),
        ("Blink-182", "Blink one eighty-two"),
        ("Sum 41", "Sum forty-one"),
        ("Maroon 5", "Maroon five"),
        ("Apollo 11", "Apollo eleven"),
        ("Track 5", "Track five"),
        ("At 9:30", "At nine thirty"),
        ("Sgt. Pepper's", "Sergeant Pepper's"),
        ("Dr. Dre vs. Mt. Eden", "Doctor Dre versus Mount Eden"),
        ("St. Vincent", "Saint Vincent"),
        ("Sammy Davis, Jr. sings", "Sammy Davis Junior sings"),
        ("Yesterday (Remastered 2009)", "Yesterday"),
        ("Up next, Song - Radio Edit, from X.", "Up next, Song, from X."),
        ("Here is Misirlou (Live at the Roundhouse), by Dick Dale.", "Here is Misirlou, by Dick Dale."),
        ("Paper Planes - 2011 Remaster.", "Paper Planes."),
        ("Hello [Explicit] again", "Hello again"),
        ("Live Forever", "Live Forever"),
        // years
        ("From 1999.", "From nineteen ninety-nine."),
        ("From 2005.", "From two thousand five."),
        ("From 2000.", "From two thousand."),
        ("From 2001.", "From two thousand one."),
        ("From 2010.", "From twenty ten."),
        ("From 2019.", "From twenty nineteen."),
        ("From 2024.", "From twenty twenty-four."),
        ("From 1962.", "From nineteen sixty-two."),
        ("From 1905.", "From nineteen oh five."),
        ("From 1900.", "From nineteen hundred."),
        ("From 1812.", "From eighteen twelve."),
        ("From 1111.", "From eleven eleven."),
        ("In 1971, and in 1972.", "In nineteen seventy-one, and in nineteen seventy-two."),
        ("1999", "nineteen ninety-nine"),
        ("(1984)", "(nineteen eighty-four)"),
        ("It sold 10,000 copies", "It sold 10,000 copies"),
        ("Track 3000 is long", "Track 3000 is long"),
        ("A 1999.5 reading", "A 1999.5 reading"),
        ("1999%", "1999 percent"),
        ("Room 101", "Room 101"),
        // decades
        ("the 90s", "the nineties"),
        ("the '90s", "the nineties"),
        ("the ’80s", "the eighties"),
        ("the 60s", "the sixties"),
        ("the 70s", "the seventies"),
        ("the 20s", "the twenties"),
        ("the 00s", "the noughties"),
        ("the 1960s", "the nineteen sixties"),
        ("the 1990s", "the nineteen nineties"),
        ("the 2000s", "the two thousands"),
        ("the 2010s", "the twenty tens"),
        ("the 1900s", "the nineteen hundreds"),
        ("the 1950s and 60s", "the nineteen fifties and sixties"),
        // ordinals
        ("her 1st single", "her first single"),
        ("the 2nd verse", "the second verse"),
        ("the 3rd time", "the third time"),
        ("the 4th", "the fourth"),
        ("the 5th", "the fifth"),
        ("the 8th", "the eighth"),
        ("the 9th", "the ninth"),
        ("the 11th", "the eleventh"),
        ("the 12th", "the twelfth"),
        ("the 13th", "the thirteenth"),
        ("the 20th", "the twentieth"),
        ("the 21st", "the twenty-first"),
        ("the 22nd", "the twenty-second"),
        ("the 33rd", "the thirty-third"),
        ("the 40th", "the fortieth"),
        ("the 99th", "the ninety-ninth"),
        ("the 100th", "the one hundredth"),
        ("the 101st", "the one hundred and first"),
        // featuring, and, with
        ("Nova Reyes feat. Kid Atlas", "Nova Reyes featuring Kid Atlas"),
        ("Nova Reyes ft. Kid Atlas", "Nova Reyes featuring Kid Atlas"),
        ("Nova Reyes Feat. Kid Atlas", "Nova Reyes featuring Kid Atlas"),
        ("Nova Reyes FEAT. Kid Atlas", "Nova Reyes featuring Kid Atlas"),
        ("Simon & Garfunkel", "Simon and Garfunkel"),
        ("Crosby, Stills & Nash", "Crosby, Stills and Nash"),
        ("Florence + the Machine", "Florence and the Machine"),
        ("Hall + Oates", "Hall and Oates"),
        ("a remix w/ strings", "a remix with strings"),
        // abbreviations
        ("Vol. 2", "Volume two"),
        ("Pt. 1", "Part one"),
        ("Op. 27", "Opus twenty-seven"),
        ("No. 5", "Number five"),
        ("no. 9", "Number nine"),
        ("#1 hit", "number one hit"),
        ("No. way", "No. way"),
        // roman numerals, only in context
        ("Vol. II", "Volume two"),
        ("Volume III", "Volume three"),
        ("Part IV", "Part four"),
        ("Pt. IX", "Part nine"),
        ("Chapter XII", "Chapter twelve"),
        ("Act V", "Act five"),
        ("Henry VIII", "Henry the Eighth"),
        ("Louis XIV", "Louis the Fourteenth"),
        ("Elizabeth II", "Elizabeth the Second"),
        ("Henry V", "Henry the Fifth"),
        ("Rocky II", "Rocky two"),
        ("Final Fantasy VII", "Final Fantasy seven"),
        ("Malcolm X", "Malcolm X"),
        ("I will", "I will"),
        ("Track I", "Track I"),
        ("REMIX it", "Remix it"),
        ("Chapter IIII", "Chapter IIII"),
        // the pronunciation lexicon
        ("Ke$ha", "Kesha"),
        ("P!nk", "Pink"),
        ("CHVRCHES", "Churches"),
        ("deadmau5", "dead mouse"),
        ("AC/DC", "A C D C"),
        ("will.i.am", "will I am"),
        ("A$AP Rocky", "A sap Rocky"),
        ("Panic! at the Disco", "Panic at the Disco"),
        ("MGMT live", "M G M T live"),
        ("ABBA gold", "Abba gold"),
        ("blink-182 again", "blink one eighty two again"),
        ("Up next, Ke$ha feat. P!nk, from 2009.", "Up next, Kesha featuring Pink, from two thousand nine."),
        // capitals
        ("HUMBLE.", "Humble."),
        ("DNA.", "DNA."),
        ("LOVE SONG", "Love Song"),
        ("on the BBC", "on the BBC"),
        ("the DJ set", "the DJ set"),
        ("R&B classics", "R&B classics"),
        ("UB40 next", "U B forty next"),
        ("Requiem, K. 626", "Requiem, K six twenty-six"),
        ("Cello Suite No. 1, BWV 1007", "Cello Suite Number one, B W V ten oh seven"),
        ("Purple Rain (Deluxe Edition)", "Purple Rain"),
        ("Levels (Original Mix)", "Levels"),
        ("Hey Jude - 2015 Mix.", "Hey Jude."),
        ("Baker St.", "Baker Street"),
        ("down 42nd St. tonight", "down forty-second Street tonight"),
        ("St. Etienne at St. Louis", "Saint Etienne at Saint Louis"),
        ("Back 2 U and Only 4 U", "Back to You and Only for You"),
        ("Meet me at 4:15 or 12:00", "Meet me at four fifteen or twelve o'clock"),
        ("Open 24/7", "Open twenty-four seven"),
        ("At 6 a.m. sharp", "At six A M sharp"),
        ("The album ÷ and ×", "The album Divide and Multiply"),
        ("x = y", "x Equals y"),
        ("Front 242 and Apollo 440", "Front two forty-two and Apollo four forty"),
        ("Room 12/B", "Room twelve B"),
        ("Misirlou (Live at the Roundhouse, 1998)", "Misirlou"),
        ("MC5 and U2", "M C five and U two"),
        ("Room 101, MP3s", "Room 101, MP3s"),
        ("a NYC story", "a NYC story"),
        // emoji and symbols
        ("Party 🎉 time", "Party time"),
        ("Stars ✨✨ tonight", "Stars tonight"),
        ("Love ❤️ this", "Love this"),
        ("Family 👨‍👩‍👧 band", "Family band"),
        ("Mo$t wanted", "Most wanted"),
        ("Cash$", "Cashs"),
        ("R*E*M", "R E M"),
        ("dark/light", "dark light"),
        ("#throwback vibes", "throwback vibes"),
        ("50% louder", "50 percent louder"),
        ("under_score", "under score"),
    ]

    @Test(arguments: englishCases)
    func english(input: String, spoken: String) {
        #expect(Self.normalizer.normalize(input, language: "en-US") == spoken)
    }

    @Test func thereAreAtLeastAHundredCases() {
        #expect(Self.englishCases.count >= 100)
    }

    @Test(arguments: [
        ("Desde 1999, con Ke$ha feat. P!nk.", "Desde 1999, con Kesha feat Pink."),
        ("Los 90s, vol. 2 🎉", "Los 90s, vol. 2"),
    ])
    func otherLanguagesKeepDigitsForTheVoice(input: String, spoken: String) {
        #expect(Self.normalizer.normalize(input, language: "es-ES") == spoken)
    }

    /// Whatever comes in, nothing is left that espeak-ng reads aloud as a symbol name.
    @Test(arguments: englishCases.map(\.0))
    func noSymbolNamesSurvive(input: String) {
        let spoken = Self.normalizer.normalize(input, language: "en-US")
        #expect(!spoken.contains { "$#/*@_~^|\\<>{}[]".contains($0) }, "\(spoken)")
        #expect(spoken.range(of: #"\p{L}!\p{L}"#, options: .regularExpression) == nil)
    }

    @Test func aMalformedLexiconLineIsNamed() throws {
        let url = try Fixtures.temporaryFolder().appendingPathComponent("p.tsv")
        try Data("Ke$ha\tKesha\nbroken line without a tab\n".utf8).write(to: url)
        let error = try #require(throws: CatalogError.self) { try SpeechNormalizer.load(from: url) }
        #expect(error.description.contains("p.tsv:2"))
    }
}
