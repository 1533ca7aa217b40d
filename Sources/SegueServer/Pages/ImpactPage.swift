import Foundation
import Hummingbird

/// `/impact` and `/api/impact`: what recent sessions did beyond relevance — whose music (head, mid, tail), how much
/// was new, how diverse, how smooth — per listener and overall. Staff see overall and any listener (`?listener=`);
/// a listener account sees its own listener only (asking for another is 403).
struct ImpactPage: Sendable {
    let studio: Studio

    func addRoutes(to router: some RouterMethods<StudioContext>) {
        router.get("impact") { request, context in
            let account = try context.requireAccount()
            let listener = try scope(account: account, asked: request.uri.queryParameters.get("listener"))
            let series = try studio.impactSeries(listener: listener)
            return HTML.response(try page(series, account: account, csrf: context.csrf))
        }
        router.get("api/impact") { request, context -> ImpactSeries in
            let account = try context.requireAccount()
            let listener = try scope(account: account, asked: request.uri.queryParameters.get("listener"))
            return try studio.impactSeries(listener: listener)
        }
    }

    /// The listener whose series `account` gets: a listener account its own, staff the one asked for or, asking
    /// none, every listener (nil).
    func scope(account: Account, asked: String?) throws -> String? {
        if account.role.isStaff && (asked ?? "").isEmpty { return nil }
        return try studio.listenerID(for: account, asked: asked)
    }

    func page(_ series: ImpactSeries, account: Account, csrf: String?) throws -> String {
        let who = series.listener.map { "listener \($0)" } ?? "every listener"
        var body = "<p>The last \(series.points.count) sessions of \(HTML.escape(who)), oldest first.</p>\n"
        if account.role.isStaff {
            let options = try [""] + studio.listeners.ids()
            let choices = options.map { id in
                "<option value=\"\(HTML.escape(id))\"\(id == (series.listener ?? "") ? " selected" : "")>"
                    + "\(id.isEmpty ? "Every listener" : HTML.escape(id))</option>"
            }
            body += """
                <form method="get" action="/impact" class="card">
                <p><label for="listener">Listener</label>
                <select id="listener" name="listener">\(choices.joined())</select></p>
                <p><button type="submit">Show</button></p>
                </form>

                """
        }
        for chart in charts(series) { body += chart.html }
        return HTML.page(title: "Impact", account: account, csrf: csrf, body: body)
    }

    /// The four charts of a series.
    func charts(_ series: ImpactSeries) -> [SVGChart] {
        let points = series.points
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        let labels = points.map { point in
            let when = formatter.string(from: point.created)
            return series.listener == nil ? "\(point.listener), \(when)" : when
        }
        func line(
            _ id: String, _ title: String, _ name: String, _ colour: String, _ value: (ImpactSeries.Point) -> Double
        )
            -> SVGChart
        {
            SVGChart(
                id: id, title: title, kind: .lines, labels: labels,
                series: [.init(name: name, colour: colour, values: points.map(value))])
        }
        return [
            SVGChart(
                id: "popularity", title: "Artist popularity mix", kind: .stackedBars, labels: labels,
                series: [
                    .init(name: "Head", colour: "#0b4fa8", values: points.map(\.head)),
                    .init(name: "Mid", colour: "#8a3b00", values: points.map(\.mid)),
                    .init(name: "Tail", colour: "#2e7d32", values: points.map(\.tail)),
                ]),
            line("new-artists", "New-artist share", "New artists", "#6a1b9a", \.newArtistShare),
            line("diversity", "Intra-list diversity", "Diversity", "#0b4fa8", \.diversity),
            line("smoothness", "Smooth transitions", "Smooth transitions", "#2e7d32", \.smoothTransitionShare),
        ]
    }
}
