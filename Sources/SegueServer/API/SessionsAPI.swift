import Foundation
import Hummingbird
import SegueCore
import SegueFiles
import SegueSession

/// `/api/sessions` and `/api/jobs`: start a session job, follow it, list and read sessions, their audio (with byte
/// ranges) and captions. A listener account sees its own listener's sessions only.
struct SessionsAPI: Sendable {
    let studio: Studio

    /// The body of `POST /api/sessions`; a listener account may leave out `listener`.
    struct CreateSession: Codable {
        var listener: String?
        var minutes: Double?
        var discovery: Double?
        var arc: EnergyArc?
        var seed: UInt64?
    }

    func addRoutes(to router: some RouterMethods<StudioContext>) {
        let api = router.group("api")
        api.post("sessions") { request, context in
            let body = try await request.decode(as: CreateSession.self, context: context)
            let status = try await start(body, context: context)
            return try EditedResponse(
                status: .accepted, headers: [.location: "/api/jobs/\(status.id)"], response: status
            )
            .response(from: request, context: context)
        }
        api.get("jobs/:id") { _, context -> JobStatus in
            try await job(context.parameters.require("id"), context: context)
        }
        api.delete("jobs/:id") { _, context -> JobStatus in
            let status = try await job(context.parameters.require("id"), context: context)
            await studio.jobs.cancel(id: status.id)
            return try await job(status.id, context: context)
        }
        api.get("sessions") { _, context -> [SessionSummary] in
            let account = try context.requireAccount()
            return try studio.store.sessions(listener: account.role.isStaff ? nil : account.listener ?? "")
                .map(SessionSummary.init)
        }
        api.get("sessions/:id") { _, context -> SessionDetail in
            let session = try studio.visibleSession(context.parameters.require("id"), to: context.requireAccount())
            return try SessionDetail(session, document: studio.document(of: session))
        }
        api.get("sessions/:id/audio") { request, context in
            let session = try studio.visibleSession(context.parameters.require("id"), to: context.requireAccount())
            return try await audio(of: session, request: request, context: context)
        }
        api.get("sessions/:id/captions.vtt") { _, context in
            let session = try studio.visibleSession(context.parameters.require("id"), to: context.requireAccount())
            let data = try studio.sessionData(session, "captions.vtt")
            return Response(
                status: .ok, headers: [.contentType: "text/vtt; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// Queues a session for the signed-in account. - Throws: 401/403/400/404, 429 when the queue is full.
    func start(_ body: CreateSession, context: StudioContext) async throws -> JobStatus {
        let account = try context.requireAccount()
        let listener = try studio.listenerID(for: account, asked: body.listener)
        let request = try SessionRequest(
            listener: listener, minutes: body.minutes ?? 10, discovery: body.discovery ?? 0.2, arc: body.arc ?? .peak,
            seed: body.seed ?? UInt64.random(in: 1...999_999)
        ).validated()
        return try await studio.jobs.submit(request, owner: account.name)
    }

    /// A job the account may follow: its own, or any for staff; 404 otherwise.
    func job(_ id: String, context: StudioContext) async throws -> JobStatus {
        let account = try context.requireAccount()
        guard let status = await studio.jobs.status(id: id), account.role.isStaff || status.owner == account.name
        else { throw StudioError.notFoundHere }
        return status
    }

    /// The session's WAV: whole (200) or one byte range (206 with `Content-Range`); 416 for a range beyond the end.
    func audio(of session: StoredSession, request: Request, context: StudioContext) async throws -> Response {
        let url = studio.sessionFile(session, RenderedSession.audioName)
        let size: Int
        do {
            size = try (FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw StudioError.notFoundHere
        }
        var headers: HTTPFields = [.contentType: "audio/wav", .acceptRanges: "bytes"]
        let fileIO = FileIO()
        guard let range = try ByteRange.resolve(request.headers[.range], size: size) else {
            headers[.contentLength] = "\(size)"
            let body = try await fileIO.loadFile(path: url.path, context: context)
            return Response(status: .ok, headers: headers, body: body)
        }
        headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
        headers[.contentLength] = "\(range.count)"
        let body = try await fileIO.loadFile(path: url.path, range: range, context: context)
        return Response(status: .partialContent, headers: headers, body: body)
    }
}

extension Studio {
    /// A sidecar of a visible session, read whole (captions, script: small files).
    func sessionData(_ session: StoredSession, _ name: String) throws -> Data {
        do { return try Data(contentsOf: sessionFile(session, name)) } catch { throw StudioError.notFoundHere }
    }

    /// The session's `script.json`: its tracks with their reasons and its lines with their times.
    func document(of session: StoredSession) throws -> SessionDocument {
        let url = sessionFile(session, "script.json")
        do { return try JSONFile.decode(SessionDocument.self, from: url) } catch {
            throw StudioError(.internalError, message: "the session's script cannot be read")
        }
    }
}
