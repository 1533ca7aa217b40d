import Foundation
import Testing

@testable import SegueCore

@Suite struct HistoryTimeTests {
    static let isoTimes: [(String, Int64?)] = [
        ("1970-01-01T00:00:00Z", 0),
        ("2023-01-05T14:03:12Z", 1_672_927_392),
        ("2023-01-05T14:03:12.345Z", 1_672_927_392),
        ("2023-01-05T16:03:12+02:00", 1_672_927_392),
        ("2023-01-05T09:03:12-0500", 1_672_927_392),
        ("2023-01-05 14:03", 1_672_927_380),
        ("2023-01-05", 1_672_876_800),
        ("2024-02-29T00:00:00Z", 1_709_164_800),
        ("2023-02-29T00:00:00Z", nil),
        ("2023-13-01T00:00:00Z", nil),
        ("2023-01-05T24:00:00Z", nil),
        ("2023-01-05T14:03:12Zjunk", nil),
        ("yesterday", nil),
        ("", nil),
        ("1672927392", nil),
    ]

    @Test(arguments: isoTimes)
    func readsISO8601(_ example: (String, Int64?)) {
        #expect(HistoryTime.seconds(iso8601: example.0) == example.1)
    }

    @Test func readsUnixSecondsAndMilliseconds() {
        #expect(HistoryTime.seconds(unix: "1672927392") == 1_672_927_392)
        #expect(HistoryTime.seconds(unix: "1672927392.75") == 1_672_927_392)
        #expect(HistoryTime.seconds(unix: "1672927392000") == 1_672_927_392)
        #expect(HistoryTime.seconds(unix: "-5") == nil)
        #expect(HistoryTime.seconds(unix: "12ab") == nil)
        #expect(HistoryTime.seconds(unix: "99999999999999999999") == nil)
    }

    @Test func writesWhatFoundationWrites() {
        let formatter = ISO8601DateFormatter()
        for seconds: Int64 in [0, 951_782_400, 1_672_927_392, 1_709_164_800, 4_102_444_799, -86_400, 253_402_300_799] {
            let text = HistoryTime.iso8601(seconds)
            #expect(text == formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))))
            #expect(HistoryTime.seconds(iso8601: text) == seconds)
        }
    }

    @Test func writesTimesOutOfRangeAsTheNearestEnd() {
        #expect(HistoryTime.iso8601(.min) == "1900-01-01T00:00:00Z")
        #expect(HistoryTime.iso8601(.max) == "9999-12-31T23:59:59Z")
    }
}
