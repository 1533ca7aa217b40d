import Hummingbird
import Logging

/// The last word on errors: a `StudioError` or Hummingbird's `HTTPError` keeps its status and plain message; anything
/// else (a database, file or engine error whose text may name server paths) is logged and answered with a bare 500.
/// A signed-out browser asking for a page (not `/api/`) is sent to the sign-in form instead of a 401.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = StudioContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as StudioError {
            if error.code == .unauthorized, !request.uri.path.hasPrefix("/api/"), request.method == .get {
                return Response(status: .seeOther, headers: [.location: "/signin"])
            }
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            let message: String =
                switch error.status {
                case .notFound: "not found"
                case .contentTooLarge: "the request is too large"
                case .methodNotAllowed: "method not allowed"
                default: error.status.reasonPhrase
                }
            return try StudioError(Self.code(for: error.status), message: message).response(
                from: request, context: context)
        } catch {
            context.logger.error("request failed: \(error)")
            return try StudioError(.internalError, message: "something went wrong on the server").response(
                from: request, context: context)
        }
    }

    static func code(for status: HTTPResponse.Status) -> StudioError.Code {
        switch status.code {
        case 400: .badRequest
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 409: .conflict
        case 413: .tooLarge
        case 416: .rangeNotSatisfiable
        case 429: .tooManyRequests
        case 503: .unavailable
        case 400..<500: .badRequest
        default: .internalError
        }
    }
}
