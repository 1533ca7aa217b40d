import Testing

@testable import SegueServer

@Suite struct ByteRangeTests {
    @Test(arguments: [
        ("bytes=0-99", 0...99),
        ("bytes=900-", 900...999),
        ("bytes=990-5000", 990...999),
        ("bytes=-10", 990...999),
        ("bytes=-5000", 0...999),
        ("bytes=999-999", 999...999),
    ])
    func resolvesOneRange(header: String, expected: ClosedRange<Int>) throws {
        #expect(try ByteRange.resolve(header, size: 1000) == expected)
    }

    @Test(arguments: [nil, "items=0-1", "bytes=0-1,5-6"])
    func sendsTheWholeFileForNoneOrSeveral(header: String?) throws {
        #expect(try ByteRange.resolve(header, size: 1000) == nil)
    }

    @Test(arguments: ["bytes=1000-", "bytes=5000-6000", "bytes=50-10", "bytes=-0", "bytes=x-y", "bytes=-"])
    func refusesUnsatisfiableRanges(header: String) {
        #expect(throws: StudioError.self) { try ByteRange.resolve(header, size: 1000) }
        do {
            _ = try ByteRange.resolve(header, size: 1000)
        } catch let error as StudioError {
            #expect(error.status == .rangeNotSatisfiable)
            #expect(error.headers[.contentRange] == "bytes */1000")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
