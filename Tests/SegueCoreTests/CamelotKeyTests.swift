import SegueCore
import Testing

@Suite struct CamelotKeyTests {
    /// ASCII text is parsed on its bytes, other text through Foundation; both follow the same rules.
    @Test(
        arguments: [
            ("8A", "8A"), ("8a", "8A"), ("12b", "12B"), (" 12B\t", "12B"), ("+8A", "8A"), ("08b", "8B"), ("1A", "1A"),
            ("\u{00A0}8A\u{2003}", "8A"), ("ⅷA", nil), ("0A", nil), ("13A", nil), ("-1A", nil), ("8", nil), ("A", nil),
            ("", nil), ("  ", nil), ("8A\r\n", nil), ("8 A", nil), ("8C", nil), ("1e1A", nil), ("８A", nil),
            ("8A\u{301}", nil), ("9999999999999999999999A", nil),
        ] as [(String, String?)])
    func parses(text: String, expected: String?) {
        #expect(CamelotKey(text)?.description == expected, "\(text.debugDescription)")
    }
}
