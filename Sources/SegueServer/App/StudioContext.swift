import Hummingbird
import NIOCore

/// The request context of every studio route: who is signed in, how (cookie or token), and the CSRF token of their
/// browser session.
public struct StudioContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in account, set by `AuthMiddleware`.
    public var account: Account?
    /// The browser session's CSRF token; nil for a bearer token (scripts carry no CSRF token).
    public var csrf: String?
    /// The browser session's cookie value, for sign-out.
    public var browserSession: String?
    /// The client's address, for the sign-in attempt limit ("unknown" in router tests).
    public let client: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        client = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Forms and JSON bodies are small: 64 KiB.
    public var maxUploadSize: Int { 64 * 1024 }

    /// The signed-in account. - Throws: `StudioError.unauthorized`.
    public func requireAccount() throws -> Account {
        guard let account else { throw StudioError.notSignedIn }
        return account
    }

    /// The signed-in account when it has at least `role`. - Throws: 401 signed out, 403 for a lesser role.
    public func require(_ role: Role) throws -> Account {
        let account = try requireAccount()
        guard account.role >= role else {
            throw StudioError(.forbidden, message: "this needs the \(role.rawValue) role")
        }
        return account
    }
}
