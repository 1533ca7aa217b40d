import Foundation
import Hummingbird

/// `/signin` (the form, and checking it) and `/signout`. A browser session is a random 32-byte id in a cookie that
/// scripts cannot read (`HttpOnly`), that other sites' requests never carry (`SameSite=Strict`), and `Secure`
/// when the studio is served over TLS. The sign-in form itself carries a CSRF token (`PreSession`).
struct SignInPage: Sendable {
    let studio: Studio

    struct Form: Decodable {
        var name: String
        var password: String
        var csrf: String?
    }

    func addRoutes(to router: some RouterMethods<StudioContext>) {
        router.get("signin") { _, context in
            if context.account != nil { return Response(status: .seeOther, headers: [.location: "/"]) }
            return form(message: nil)
        }
        router.post("signin") { request, context in
            var request = request
            let text = String(buffer: try await request.collectBody(upTo: context.maxUploadSize))
            guard let fields = try? URLEncodedFormDecoder().decode(Form.self, from: text) else {
                return form(message: "Give your name and password.", status: .badRequest)
            }
            guard PreSession.verify(sent: fields.csrf, request: request) else {
                return form(message: "The form has expired; sign in again.", status: .forbidden)
            }
            let account: Account
            do {
                account = try studio.signIn.attempt(
                    name: fields.name, password: fields.password, client: context.client)
            } catch let error as StudioError where error.code == .unauthorized || error.code == .tooManyRequests {
                var response = form(message: error.message, status: error.status)
                for field in error.headers { response.headers.append(field) }
                return response
            }
            let session = try studio.store.startBrowserSession(
                for: account.name, lifetime: studio.configuration.sessionLifetime)
            var response = Response(status: .seeOther, headers: [.location: "/"])
            response.setCookie(
                Cookie(
                    name: AuthMiddleware.cookieName, value: session.id,
                    maxAge: Int(studio.configuration.sessionLifetime), path: "/",
                    secure: studio.configuration.secureCookies, httpOnly: true, sameSite: .strict))
            response.setCookie(
                Cookie(
                    name: PreSession.cookieName, value: "", maxAge: 0, path: "/signin",
                    secure: studio.configuration.secureCookies, httpOnly: true, sameSite: .strict))
            return response
        }
        router.post("signout") { _, context in
            if let id = context.browserSession { try studio.store.endBrowserSession(id: id) }
            var response = Response(status: .seeOther, headers: [.location: "/signin"])
            response.setCookie(
                Cookie(
                    name: AuthMiddleware.cookieName, value: "", maxAge: 0, path: "/",
                    secure: studio.configuration.secureCookies, httpOnly: true, sameSite: .strict))
            return response
        }
    }

    /// The form with a new pre-session token, and its cookie.
    func form(message: String?, status: HTTPResponse.Status = .ok) -> Response {
        let token = PreSession.issue()
        var response = HTML.response(Self.form(message: message, csrf: token), status: status)
        response.setCookie(PreSession.cookie(token, secure: studio.configuration.secureCookies))
        return response
    }

    static func form(message: String?, csrf: String) -> String {
        let alert = message.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        return HTML.page(
            title: "Sign in", account: nil, csrf: nil,
            body: """
                \(alert)
                <form method="post" action="/signin" class="card">\(HTML.csrfField(csrf))
                <p><label for="name">Name</label>
                <input id="name" name="name" autocomplete="username" required maxlength="64" autofocus></p>
                <p><label for="password">Password</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required></p>
                <p><button type="submit">Sign in</button></p>
                </form>
                """)
    }
}
