import Hummingbird

/// Refuses a request body larger than the context's `maxUploadSize` with 413, from its `Content-Length` before
/// reading anything, else while reading it; the body is kept in memory for the route.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = StudioContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let limit = context.maxUploadSize
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw StudioError(.tooLarge, message: "the request is larger than \(limit / 1024) KiB")
        }
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        var request = request
        do {
            _ = try await request.collectBody(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw StudioError(.tooLarge, message: "the request is larger than \(limit / 1024) KiB")
        }
        return try await next(request, context)
    }
}
