import Foundation
import Hummingbird
import SegueCore

/// `/`: the listener page. Choose a listener (staff), a length, the discovery dial and an arc; generate; follow the
/// job (a `<progress>` that a few lines of script poll, a refresh without script); play the session with the
/// spoken line highlighted as it plays; read the lineup with why each track; list past sessions.
struct ListenerPage: Sendable {
    let studio: Studio

    struct Form: Decodable {
        var listener: String?
        var minutes: Double?
        var discovery: Double?
        var arc: String?
        var seed: UInt64?
    }

    func addRoutes(to router: some RouterMethods<StudioContext>) {
        router.get("/") { request, context in
            let account = try context.requireAccount()
            let query = request.uri.queryParameters
            return try await HTML.response(
                page(account: account, csrf: context.csrf, job: query.get("job"), session: query.get("session")))
        }
        router.post("sessions") { request, context in
            let account = try context.requireAccount()
            var request = request
            let text = String(buffer: try await request.collectBody(upTo: context.maxUploadSize))
            do {
                guard let form = try? URLEncodedFormDecoder().decode(Form.self, from: text) else {
                    throw StudioError(.badRequest, message: "the form is incomplete")
                }
                let arc = try form.arc.map {
                    guard let arc = EnergyArc(rawValue: $0) else {
                        throw StudioError(.badRequest, message: "unknown arc")
                    }
                    return arc
                }
                let status = try await SessionsAPI(studio: studio).start(
                    .init(
                        listener: form.listener, minutes: form.minutes, discovery: form.discovery, arc: arc,
                        seed: form.seed), context: context)
                return Response(status: .seeOther, headers: [.location: "/?job=\(status.id)"])
            } catch let error as StudioError where error.code != .unauthorized {
                return try await HTML.response(
                    page(account: account, csrf: context.csrf, alert: error.message), status: error.status)
            }
        }
    }

    func page(
        account: Account, csrf: String?, job: String? = nil, session: String? = nil, alert: String? = nil
    ) async throws -> String {
        var body = alert.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>\n" } ?? ""
        var head = ""
        if let job, let status = await studio.jobs.status(id: job),
            account.role.isStaff || status.owner == account.name
        {
            let (section, refresh) = jobSection(status)
            body += section
            head = refresh
        }
        if let session, let stored = try? studio.visibleSession(session, to: account) {
            body += try sessionSection(stored)
        }
        body += try generateForm(account: account, csrf: csrf)
        body += try pastSessions(account: account)
        return HTML.page(title: "Sessions", account: account, csrf: csrf, head: head, body: body)
    }

    /// The job's progress; without script the page refreshes itself until the job ends.
    func jobSection(_ status: JobStatus) -> (String, String) {
        let id = HTML.escape(status.id)
        var text = "Stage: <span id=\"job-stage\">\(HTML.escape(status.stage.rawValue))</span>"
        if let message = status.message { text += " — \(HTML.escape(message))" }
        if let session = status.session {
            text += " — <a href=\"/?session=\(HTML.escape(session))\">Play the session</a>"
        }
        let refresh = status.stage.isFinal ? "" : "<noscript><meta http-equiv=\"refresh\" content=\"3\"></noscript>"
        let section = """
            <section aria-labelledby="job-title" class="card">
            <h2 id="job-title">Your session is being made</h2>
            <label for="job-progress">Progress</label>
            <progress id="job-progress" max="1" value="\(status.fraction)" data-job="\(id)">\
            \(Int(status.fraction * 100))%</progress>
            <p aria-live="polite">\(text)</p>
            </section>

            """
        return (section, refresh)
    }

    /// The player, the script with its times (highlighted as spoken) and the lineup with why each track.
    func sessionSection(_ stored: StoredSession) throws -> String {
        let detail = try SessionDetail(stored, document: studio.document(of: stored))
        let lines = detail.lines.filter(\.spoken).map { line in
            let time = line.start.map { Self.clock($0) } ?? ""
            return "<li data-line=\"\(HTML.escape(line.id))\"><span class=\"time\">\(time)</span> "
                + "\(HTML.escape(line.text))</li>"
        }
        let rows = detail.tracks.map { track in
            """
            <tr><td>\(track.position)</td><td>\(Self.clock(track.start))</td><td>\(HTML.escape(track.title))</td>\
            <td>\(HTML.escape(track.artist))</td><td>\(HTML.escape(track.reasons.joined(separator: "; ")))</td></tr>
            """
        }
        let summary = detail.session
        return """
            <section aria-labelledby="session-title" class="card">
            <h2 id="session-title">Session for \(HTML.escape(summary.listener)), \
            \(Self.minutes(summary.minutes)), \(HTML.escape(summary.arc))</h2>
            <audio id="player" controls preload="metadata" src="\(HTML.escape(summary.audio))">
            <track kind="captions" default srclang="en" label="DJ" src="\(HTML.escape(summary.captions))">
            <a href="\(HTML.escape(summary.audio))">Download the session</a>
            </audio>
            <h3>What the DJ says</h3>
            <ol id="script" class="script">
            \(lines.joined(separator: "\n"))
            </ol>
            <h3>Lineup</h3>
            <table>
            <caption>The tracks in order, with why each was picked</caption>
            <thead><tr><th scope="col">#</th><th scope="col">Starts</th><th scope="col">Title</th>\
            <th scope="col">Artist</th><th scope="col">Why this track</th></tr></thead>
            <tbody>
            \(rows.joined(separator: "\n"))
            </tbody>
            </table>
            </section>

            """
    }

    /// Listener (staff pick any; a listener account has its own), length, discovery, arc, and Generate.
    func generateForm(account: Account, csrf: String?) throws -> String {
        let listenerField: String
        if account.role.isStaff {
            let options = try studio.listeners.ids().map {
                "<option value=\"\(HTML.escape($0))\">\(HTML.escape($0))</option>"
            }
            listenerField = """
                <p><label for="listener">Listener</label>
                <select id="listener" name="listener" required>\(options.joined())</select></p>
                """
        } else {
            listenerField = "<p>Listener: <strong>\(HTML.escape(account.listener ?? ""))</strong></p>"
        }
        let arcs = EnergyArc.allCases.map {
            "<option value=\"\($0.rawValue)\"\($0 == .peak ? " selected" : "")>\($0.rawValue)</option>"
        }
        return """
            <section aria-labelledby="new-title" class="card">
            <h2 id="new-title">New session</h2>
            <form method="post" action="/sessions">
            \(HTML.csrfField(csrf))
            \(listenerField)
            <p><label for="minutes">Length (minutes)</label>
            <input id="minutes" name="minutes" type="number" min="1" max="\(Int(SessionRequest.maxMinutes))" \
            step="1" value="10" required></p>
            <p><label for="discovery">Discovery: familiar to new</label>
            <input id="discovery" name="discovery" type="range" min="0" max="1" step="0.05" value="0.2" \
            aria-describedby="discovery-value">
            <output id="discovery-value" for="discovery">0.2</output></p>
            <p><label for="arc">Energy arc</label>
            <select id="arc" name="arc">\(arcs.joined())</select></p>
            <p><button type="submit">Generate</button></p>
            </form>
            </section>

            """
    }

    func pastSessions(account: Account) throws -> String {
        let sessions = try studio.store.sessions(listener: account.role.isStaff ? nil : account.listener ?? "")
        guard !sessions.isEmpty else {
            return "<section class=\"card\"><h2>Past sessions</h2><p>None yet.</p></section>\n"
        }
        let items = sessions.prefix(50).map { session in
            let when = ISO8601DateFormatter().string(from: session.created)
            return "<li><a href=\"/?session=\(HTML.escape(session.id))\">\(HTML.escape(session.listener)), "
                + "\(Self.number(session.request.minutes)) min, \(session.request.arc.rawValue)</a> "
                + "<time datetime=\"\(when)\">\(when)</time></li>"
        }
        return """
            <section aria-labelledby="past-title" class="card">
            <h2 id="past-title">Past sessions</h2>
            <ul>\(items.joined(separator: "\n"))</ul>
            </section>

            """
    }

    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.down))
        return "\(whole / 60):" + (whole % 60 < 10 ? "0" : "") + "\(whole % 60)"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))" : String(format: "%.1f", value)
    }

    /// "1 minute", "10 minutes", "2.5 minutes".
    static func minutes(_ value: Double) -> String {
        "\(number(value)) \(value == 1 ? "minute" : "minutes")"
    }
}
