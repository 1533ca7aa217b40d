import Foundation
import Hummingbird

/// The sign-in form's CSRF token (double submit): a random token with its expiry, set in a short-lived `HttpOnly`,
/// `SameSite=Strict` cookie when the form is shown and repeated in the form's `csrf` field. A sign-in POST whose
/// field does not match its cookie, or whose token has expired, is refused, so another site cannot sign a browser
/// in to an account of its choosing.
enum PreSession {
    static let cookieName = "segue_presession"
    /// Seconds a sign-in form stays valid.
    static let lifetime = 600

    /// A new token valid for `lifetime` seconds from `now`: `EXPIRY.RANDOM`.
    static func issue(now: Date = Date()) -> String {
        "\(Int(now.timeIntervalSince1970) + lifetime).\(StudioStore.randomToken())"
    }

    /// The cookie carrying `token`.
    static func cookie(_ token: String, secure: Bool) -> Cookie {
        Cookie(
            name: cookieName, value: token, maxAge: lifetime, path: "/signin", secure: secure, httpOnly: true,
            sameSite: .strict)
    }

    /// Whether the form's `sent` token matches the request's cookie and has not expired.
    static func verify(sent: String?, request: Request, now: Date = Date()) -> Bool {
        guard let sent, let cookie = request.cookies[cookieName]?.value,
            AuthMiddleware.constantTimeEqual(sent, cookie),
            let expiry = cookie.split(separator: ".", maxSplits: 1).first.flatMap({ Int($0) })
        else { return false }
        return Double(expiry) >= now.timeIntervalSince1970
    }
}
