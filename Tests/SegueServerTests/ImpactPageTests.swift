import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SegueCore
import Testing

@testable import SegueServer

@Suite struct ImpactPageTests {
    /// Registers a session of `listener` made at `created` whose lineup measured `report`.
    static func session(
        _ fixture: StudioFixture, listener: String, created: Date, report: ImpactReport
    ) throws -> String {
        let id = UUID().uuidString.lowercased()
        let folder = fixture.folder.appendingPathComponent("sessions/\(id)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try JSONEncoder().encode(report).write(to: folder.appendingPathComponent("impact.json"))
        try fixture.studio.store.addSession(
            StoredSession(
                id: id, owner: listener, created: created, request: SessionRequest(listener: listener, seed: 1)))
        return id
    }

    static func report(newArtists: Double, head: Double, smooth: Double = 0.5) -> ImpactReport {
        var report = ImpactReport()
        report.tracks = 10
        report.newArtistShare = newArtists
        let rest: Double = (1 - head) / 2
        report.popularityMix.head = head
        report.popularityMix.mid = rest
        report.popularityMix.tail = rest
        report.intraListDiversity = 0.6
        report.smoothTransitionShare = smooth
        return report
    }

    /// The markup of the figure `id`.
    static func figure(_ id: String, in html: String) throws -> String {
        let start = try #require(html.range(of: "<figure class=\"chart\" id=\"\(id)\">"))
        let end = try #require(html.range(of: "</figure>", range: start.upperBound..<html.endIndex))
        return String(html[start.lowerBound..<end.upperBound])
    }

    /// The numeric values of `attribute` on every `<element` of `markup`, in order.
    static func values(_ attribute: String, of element: String, in markup: String) -> [Double] {
        markup.components(separatedBy: "<\(element) ").dropFirst().compactMap { tag in
            guard let range = tag.range(of: " \(attribute)=\"") else { return nil }
            return Double(tag[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    @Test func eachSessionIsOnePointDrawnHigherForAHigherShare() async throws {
        let fixture = try await StudioFixture()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for (offset, (share, head)) in [(0.2, 0.7), (0.8, 0.1), (0.5, 0.4)].enumerated() {
            _ = try Self.session(
                fixture, listener: "ana", created: start + Double(offset) * 60,
                report: Self.report(newArtists: share, head: head))
        }
        _ = try Self.session(fixture, listener: "ben", created: start, report: Self.report(newArtists: 1, head: 1))
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/impact?listener=ana", method: .get, headers: try fixture.bearer("ed")) {
                response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                let chart = try Self.figure("new-artists", in: html)
                #expect(chart.contains("<title>New-artist share: 3 sessions"))
                #expect(chart.contains("aria-label=\"New-artist share: 3 sessions"))
                #expect(chart.contains("<table>"))
                let ys = Self.values("cy", of: "circle", in: chart)
                let xs = Self.values("cx", of: "circle", in: chart)
                try #require(ys.count == 3)
                #expect(xs == xs.sorted() && Set(xs).count == 3)
                // SVG's y grows downward: 0.8 is drawn above 0.5, which is above 0.2.
                #expect(ys[1] < ys[2] && ys[2] < ys[0])
                #expect(abs((ys[0] - ys[1]) / (ys[0] - ys[2]) - 2) < 0.01)
                #expect(chart.contains("<td>80%</td>"))

                let bars = try Self.figure("popularity", in: html)
                let rects = bars.components(separatedBy: "<rect class=\"bar\"").count - 1
                #expect(rects == 9)
                let headBars = bars.components(separatedBy: "data-series=\"Head\"").dropFirst().compactMap {
                    tag -> Double? in
                    guard let range = tag.range(of: " height=\"") else { return nil }
                    return Double(tag[range.upperBound...].prefix { $0 != "\"" })
                }
                try #require(headBars.count == 3)
                #expect(headBars[0] > headBars[2] && headBars[2] > headBars[1])
            }
            try await client.execute(uri: "/impact", method: .get, headers: try fixture.bearer("ed")) { response in
                let chart = try Self.figure("smoothness", in: String(buffer: response.body))
                #expect(Self.values("cy", of: "circle", in: chart).count == 4)
            }
        }
    }

    @Test func aListenerSeesOnlyTheirOwnSeries() async throws {
        let fixture = try await StudioFixture()
        let anas = try Self.session(
            fixture, listener: "ana", created: Date(), report: Self.report(newArtists: 0.3, head: 0.5))
        _ = try Self.session(fixture, listener: "ben", created: Date(), report: Self.report(newArtists: 0.9, head: 0.2))
        let ana = try fixture.bearer("ana")
        try await fixture.app.test(.router) { client in
            for uri in ["/impact?listener=ben", "/api/impact?listener=ben"] {
                try await client.execute(uri: uri, method: .get, headers: ana) { #expect($0.status == .forbidden) }
            }
            try await client.execute(uri: "/api/impact", method: .get, headers: ana) { response in
                let series = try response.body.decode(ImpactSeries.self)
                #expect(series.listener == "ana")
                #expect(series.points.map(\.session) == [anas])
                #expect(series.points.first?.newArtistShare == 0.3)
            }
            try await client.execute(uri: "/impact", method: .get, headers: ana) { response in
                #expect(response.status == .ok)
                let chart = try Self.figure("new-artists", in: String(buffer: response.body))
                #expect(Self.values("cy", of: "circle", in: chart).count == 1)
                #expect(!chart.contains("90%"))
            }
            let ed = try fixture.bearer("ed")
            try await client.execute(uri: "/api/impact?listener=nobody", method: .get, headers: ed) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/api/impact", method: .get, headers: ed) { response in
                let series = try response.body.decode(ImpactSeries.self)
                #expect(series.listener == nil)
                #expect(Set(series.points.map(\.listener)) == ["ana", "ben"])
            }
            try await client.execute(uri: "/api/impact", method: .get) { #expect($0.status == .unauthorized) }
        }
    }

    @Test func listenerNamesAreEscapedInTheCharts() async throws {
        let fixture = try await StudioFixture()
        _ = try Self.session(
            fixture, listener: "<script>alert(\"x\")</script>", created: Date(),
            report: Self.report(newArtists: 0.5, head: 0.5))
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/impact", method: .get, headers: try fixture.bearer("ada")) { response in
                let html = String(buffer: response.body)
                #expect(!html.contains("<script>alert"))
                #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
            }
        }
    }

    @Test func anEmptySeriesSaysSo() async throws {
        let fixture = try await StudioFixture()
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/impact", method: .get, headers: try fixture.bearer("ana")) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("No sessions with an impact report yet."))
            }
        }
    }
}
