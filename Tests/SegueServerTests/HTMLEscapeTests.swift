import Testing

@testable import SegueServer

@Suite struct HTMLEscapeTests {
    @Test(arguments: [
        ("a & b", "a &amp; b"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("\"quoted\" 'single'", "&quot;quoted&quot; &#39;single&#39;"),
        ("Beyoncé — déjà vu", "Beyoncé — déjà vu"),
        ("&amp;", "&amp;amp;"),
    ])
    func escapesMarkupCharacters(text: String, escaped: String) {
        #expect(HTML.escape(text) == escaped)
    }

    @Test func aPageEscapesItsTitleAndAccountName() {
        let page = HTML.page(
            title: "<b>x</b>", account: Account(name: "<i>", role: .admin, listener: nil), csrf: "t\"k", body: "")
        #expect(page.contains("&lt;b&gt;x&lt;/b&gt;"))
        #expect(!page.contains("<i>"))
        #expect(page.contains("value=\"t&quot;k\""))
    }
}
