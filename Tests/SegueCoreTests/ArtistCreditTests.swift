import Foundation
import Testing

@testable import SegueCore

/// The ASCII fast paths of `ArtistCredit` give what Foundation gives.
@Suite struct ArtistCreditTests {
    static let credits = [
        "Artist 12", "  Nova Reyes ", "\tMIRA\t", "Nova Reyes feat. Kid Atlas", "A ft. B", "Mira & Kid Atlas",
        "DJ One x MC Two",
        "Solo with Friends", "Fleetwood", "Xx X", "The Weeknd featuring Daft Punk", "  ", "", "AC/DC", "Sigur Rós",
        "Beyoncé feat. JAY-Z", "x", "Mac Wiley", "a  &  b", "Wham!", "Jay\u{00A0}Z",
    ]

    @Test(arguments: credits)
    func namesAndKeysMatchFoundation(credit: String) {
        #expect(ArtistCredit.names(in: credit) == ArtistCredit.foundationNames(in: credit))
        #expect(ArtistCredit.key(credit) == ArtistCredit.foundationKey(credit))
    }
}
