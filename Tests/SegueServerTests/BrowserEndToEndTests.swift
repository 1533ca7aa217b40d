import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SegueServer

/// The real server and a real browser: sign in through the form, make a one-minute session through the API, fetch
/// a byte range of its audio, then let headless Chromium (over the DevTools protocol, with the session cookie) render
/// the listener page and check the DOM it built. Skipped when Chromium is not installed (`make test` installs it
/// where it can). `SEGUE_SCREENSHOT_DIR` keeps the page's screenshot there.
@Suite(.serialized) struct BrowserEndToEndTests {
    @Test(.enabled(if: HeadlessChromium.executable != nil, "chromium is not installed: apt-get install chromium"))
    func theListenerPageRendersInChromium() async throws {
        let executable = try #require(HeadlessChromium.executable)
        let fixture = try await StudioFixture()
        let app = buildApplication(fixture.studio, port: 0)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            // Sign in through the form, as a browser does.
            let form = try await StudioFixture.signIn(client, name: "ana")
            let cookie = try await client.execute(
                uri: "/signin", method: .post, headers: form.headers, body: form.body
            ) { response in
                #expect(response.status == .seeOther)
                let header = try #require(response.headers[.setCookie])
                let pair = try #require(header.split(separator: ";").first)
                return try #require(pair.split(separator: "=", maxSplits: 1).last.map(String.init))
            }
            let browser: HTTPFields = [.cookie: "\(AuthMiddleware.cookieName)=\(cookie)"]
            let ana = try fixture.bearer("ana")
            let job = try await client.execute(
                uri: "/api/sessions", method: .post, headers: ana,
                body: ByteBuffer(string: #"{"minutes": 1, "seed": 5}"#)
            ) { try $0.body.decode(JobStatus.self) }
            let done = try await SessionJobTests.finished(job.id, client: client, headers: browser)
            #expect(done.stage == .done, "\(done.message ?? "")")
            let id = try #require(done.session)
            var ranged = browser
            ranged[.range] = "bytes=0-1023"
            try await client.execute(uri: "/api/sessions/\(id)/audio", method: .get, headers: ranged) { response in
                #expect(response.status == .partialContent)
                #expect(response.body.readableBytes == 1024)
                #expect(String(buffer: response.body).hasPrefix("RIFF"))
            }
            let detail = try await client.execute(uri: "/api/sessions/\(id)", method: .get, headers: browser) {
                try $0.body.decode(SessionDetail.self)
            }

            let chromium = try HeadlessChromium(executable: executable)
            defer { chromium.close() }
            let page = try await chromium.newPage()
            let base = "http://127.0.0.1:\(port)"
            _ = try await chromium.send(
                "Network.setCookie",
                ["name": AuthMiddleware.cookieName, "value": cookie, "url": base + "/", "httpOnly": true],
                session: page)
            #expect(try await chromium.load("\(base)/?session=\(id)", path: "/", session: page))
            let dom = try #require(
                try await chromium.evaluate("document.documentElement.outerHTML", session: page) as? String)
            #expect(dom.contains("Session for ana, 1 minute,"))
            let rows = try #require(
                try await chromium.evaluate(
                    "document.querySelectorAll('section[aria-labelledby=session-title] tbody tr').length",
                    session: page) as? Int)
            #expect(rows == detail.tracks.count && rows > 0)
            for track in detail.tracks { #expect(dom.contains(HTML.escape(track.title))) }
            let captions = try await chromium.evaluate(
                "document.querySelector('audio#player track[kind=captions]').getAttribute('src')", session: page)
            #expect(captions as? String == "/api/sessions/\(id)/captions.vtt")
            let lines = try #require(
                try await chromium.evaluate("document.querySelectorAll('#script li[data-line]').length", session: page)
                    as? Int)
            #expect(lines == detail.lines.filter(\.spoken).count && lines > 0)

            let shot = try await chromium.send("Page.captureScreenshot", ["format": "png"], session: page)
            let png = try #require((shot["data"] as? String).flatMap { Data(base64Encoded: $0) })
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            let folder =
                ProcessInfo.processInfo.environment["SEGUE_SCREENSHOT_DIR"].map {
                    URL(fileURLWithPath: $0)
                } ?? fixture.folder
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try png.write(to: folder.appendingPathComponent("listener-page.png"))
        }
    }

    /// Every page of the studio, signed in as an admin (who sees them all) and signed out, passes the accessibility
    /// audit: named controls, document structure, contrast and keyboard reach (see `AccessibilityAudit`).
    @Test(.enabled(if: HeadlessChromium.executable != nil, "chromium is not installed: apt-get install chromium"))
    func everyPagePassesTheAccessibilityAudit() async throws {
        let executable = try #require(HeadlessChromium.executable)
        let fixture = try await StudioFixture()
        let app = buildApplication(fixture.studio, port: 0)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try fixture.copyTemplates()
            let session = try await fixture.scriptedSession().id
            let templates = try await client.execute(
                uri: "/api/templates", method: .get, headers: try fixture.bearer("ada")
            ) { try $0.body.decode([TemplateDesk.View].self) }
            let template = try #require(templates.first?.id)

            let chromium = try HeadlessChromium(executable: executable)
            defer { chromium.close() }
            let page = try await chromium.newPage()
            let base = "http://127.0.0.1:\(port)"
            #expect(try await chromium.load("\(base)/signin", path: "/signin", session: page))
            var problems = try await AccessibilityAudit(chromium: chromium, page: page).problems().map {
                "/signin: \($0)"
            }
            let cookie = try fixture.browser("ada").headers[.cookie]?.split(separator: "=", maxSplits: 1).last
            _ = try await chromium.send(
                "Network.setCookie",
                [
                    "name": AuthMiddleware.cookieName, "value": String(try #require(cookie)), "url": base + "/",
                    "httpOnly": true,
                ], session: page)
            let pages = [
                "/", "/?session=\(session)", "/editor", "/editor/\(template)", "/review", "/review/\(session)",
                "/flags",
                "/audit", "/scripts", "/impact", "/account", "/accounts",
            ]
            for address in pages {
                let path = String(address.prefix { $0 != "?" })
                let loaded = try await chromium.load(base + address, path: path, session: page)
                #expect(loaded, "\(address) did not load")
                guard loaded else { continue }
                problems += try await AccessibilityAudit(chromium: chromium, page: page).problems().map {
                    "\(address): \($0)"
                }
            }
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    /// The audit finds each kind of problem it checks for, on a page built to have them.
    @Test(.enabled(if: HeadlessChromium.executable != nil, "chromium is not installed: apt-get install chromium"))
    func theAuditFindsAnInaccessiblePage() async throws {
        let chromium = try HeadlessChromium(executable: try #require(HeadlessChromium.executable))
        defer { chromium.close() }
        let page = try await chromium.newPage()
        #expect(try await chromium.load("about:blank", path: "blank", session: page))
        let html = """
            <title>Bad</title><h1>One</h1><h3>Skipped</h3><input id=x><input id=x aria-labelledby=nowhere>
            <p style="color:#aaaaaa">Pale text</p><button tabindex=-1>Go</button><button></button><img src=a.png>
            """
        _ = try await chromium.evaluate(
            "document.open(); document.write(\(String(decoding: try JSONEncoder().encode(html), as: UTF8.self))); "
                + "document.close(); true", session: page)
        let problems = try await AccessibilityAudit(chromium: chromium, page: page).problems().joined(separator: "\n")
        for expected in [
            "a textbox has no name", "a button has no name", "the document has no lang", "not exactly one main",
            "H3 \"Skipped\" skips a level", "id x is used 2 times", "names missing id nowhere", "has no alt",
            "\"Pale text\" has contrast 2.32:1", "Tab never reaches button",
        ] {
            #expect(problems.contains(expected), "\(expected) not in:\n\(problems)")
        }
    }
}
