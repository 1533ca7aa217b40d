import Foundation
import Hummingbird
import SegueCore

/// `/api/me`, `/api/listeners` and a listener's lineup: the sequencer alone, no audio rendered (fast enough to
/// answer per request; the lineup benchmark hits it).
struct ListenersAPI: Sendable {
    let studio: Studio

    func addRoutes(to router: some RouterMethods<StudioContext>) {
        let api = router.group("api")
        api.get("me") { _, context -> Me in
            let account = try context.requireAccount()
            return Me(name: account.name, role: account.role, listener: account.listener)
        }
        api.get("listeners") { _, context -> [String] in
            let account = try context.requireAccount()
            guard account.role.isStaff else { return account.listener.map { [$0] } ?? [] }
            return try studio.listeners.ids()
        }
        api.get("listeners/:id/lineup") { request, context -> LineupView in
            let account = try context.requireAccount()
            let id = try studio.listenerID(for: account, asked: context.parameters.require("id"))
            let query = request.uri.queryParameters
            let request = try SessionRequest(
                listener: id, minutes: query.get("minutes", as: Double.self) ?? 10,
                discovery: query.get("discovery", as: Double.self) ?? 0.2,
                arc: query.get("arc").flatMap(EnergyArc.init(rawValue:)) ?? .peak,
                seed: query.get("seed", as: UInt64.self) ?? 7
            ).validated()
            return try await studio.lineupGate.run { try lineup(request) }
        }
    }

    /// The lineup a session for `request` would start from, counting only tracks whose audio can play (as
    /// `segue lineup` does for a catalog with audio), as of the current minute.
    func lineup(_ request: SessionRequest) throws -> LineupView {
        let listener = try studio.listeners.listener(id: request.listener)
        let options = LineupOptions(
            minutes: request.minutes, seed: request.seed, discovery: request.discovery, arc: request.arc)
        let engine = studio.engine
        let hasAudio = engine.catalog.tracks.contains { $0.audio != nil }
        let context = studio.listenerContexts.context(for: listener, at: Date(), sequencer: engine.sequencer)
        let lineup = engine.sequencer.lineup(for: listener, context: context, options: options) { track in
            hasAudio ? engine.library.problem(with: track, in: engine.catalog) : nil
        }
        return LineupView(lineup)
    }
}
