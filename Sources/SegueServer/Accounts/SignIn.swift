import Foundation

/// Checks a name and password, with a bound on failed attempts per name and per client (by default 5 in 15
/// minutes each), so a password cannot be guessed quickly from one place or against one account from many.
public struct SignIn: Sendable {
    let store: StudioStore
    let hasher: PasswordHasher
    /// Failed attempts allowed per key within `window`.
    public var limit = 5
    /// Seconds failed attempts are counted over.
    public var window: TimeInterval = 15 * 60

    public init(store: StudioStore, hasher: PasswordHasher) {
        self.store = store
        self.hasher = hasher
    }

    /// The account when the password matches.
    /// - Throws: `StudioError.tooManyRequests` past the limit (checked before the password, so a locked name tells
    ///   nothing), `.unauthorized` for a wrong name or password (the same message for both).
    public func attempt(name: String, password: String, client: String, now: Date = Date()) throws -> Account {
        let keys = ["name:\(name)", "client:\(client)"]
        let since = now.addingTimeInterval(-window)
        for key in keys where try store.failedAttempts(key: key, since: since) >= limit {
            throw StudioError(
                .tooManyRequests, message: "too many failed sign-ins; wait 15 minutes and try again",
                headers: [.retryAfter: "\(Int(window))"])
        }
        let found = try store.account(named: name)
        // An unknown name is verified against a decoy, so it takes as long as a wrong password.
        let matches = hasher.verify(password, against: found?.passwordHash ?? hasher.decoy())
        guard let found, matches else {
            try store.recordFailedAttempt(keys: keys, at: now, forgetBefore: since)
            throw StudioError(.unauthorized, message: "wrong name or password")
        }
        return found.account
    }
}
