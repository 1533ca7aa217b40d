import Foundation
import Testing

@testable import SegueCore

@Suite struct RoundingTests {
    /// Away from the exact halfway cases (printf rounds those to even, `twoDecimals` away from zero).
    @Test(arguments: [0.0, 0.05, 0.5, 0.994, 0.996, 1, 1.2, -0.004, -0.05, -1.2, 12.345_1, 0.126])
    func twoDecimalsWritesWhatPrintfWrites(value: Double) {
        #expect(value.twoDecimals == String(format: "%.2f", value).replacingOccurrences(of: "-0.00", with: "0.00"))
    }
}
