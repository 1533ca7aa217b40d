import Foundation
import HTTPTypes
import Hummingbird

/// Finds who is asking: an `Authorization: Bearer` API token, else the browser session cookie. Unsigned requests
/// pass through with no account; routes decide (`StudioContext.require(_:)`).
///
/// A form POST from a browser session must carry that session's CSRF token (`csrf` field or `X-CSRF-Token` header),
/// compared in constant time; bearer-token requests are exempt (a browser never sends one on its own).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = StudioContext
    let store: StudioStore
    static let cookieName = "segue_session"

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        var request = request
        if let authorization = request.headers[.authorization] {
            guard authorization.hasPrefix("Bearer "),
                let account = try store.account(forToken: String(authorization.dropFirst("Bearer ".count)))
            else {
                throw StudioError(.unauthorized, message: "the API token is not valid")
            }
            context.account = account
        } else if let cookie = request.cookies[Self.cookieName]?.value,
            let session = try store.browserSession(id: cookie)
        {
            context.account = session.account
            context.csrf = session.csrf
            context.browserSession = cookie
            if request.method != .get && request.method != .head {
                let (sent, buffered) = try await Self.csrfToken(in: request, context: context)
                request = buffered
                guard let sent, Self.constantTimeEqual(sent, session.csrf) else {
                    throw StudioError(.forbidden, message: "the form has expired or did not come from this site")
                }
            }
        }
        return try await next(request, context)
    }

    /// The CSRF token of a request: its `X-CSRF-Token` header, else the `csrf` field of its form body (the body is
    /// read and put back, so the route can read it again).
    static func csrfToken(in request: Request, context: Context) async throws -> (String?, Request) {
        if let header = request.headers[.csrfToken] { return (header, request) }
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        let form = String(buffer: buffer)
        for pair in form.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == "csrf" {
                return (String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding, request)
            }
        }
        return (nil, request)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for (p, q) in zip(x, y) { difference |= p ^ q }
        return difference == 0
    }
}

extension HTTPField.Name {
    /// `X-CSRF-Token`.
    static let csrfToken: HTTPField.Name = {
        guard let name = HTTPField.Name("X-CSRF-Token") else { preconditionFailure("X-CSRF-Token is a valid name") }
        return name
    }()
}
