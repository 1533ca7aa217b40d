extension StudioStore {
    /// Creates an account after checking its name, password and listener, with the password hashed.
    /// - Throws: `StudioError.badRequest` for a bad name, a password under 8 characters or a listener account
    ///   without a listener; `.conflict` for a taken name.
    public func addAccount(_ account: Account, password: String, hasher: PasswordHasher) throws {
        guard !account.name.isEmpty, account.name.count <= 64,
            account.name.allSatisfy({ ($0.isLetter || $0.isNumber) && $0.isASCII || "._-@".contains($0) })
        else {
            throw StudioError(.badRequest, message: "a name is 1 to 64 letters, digits, '.', '_', '-' or '@'")
        }
        guard password.count >= 8 else {
            throw StudioError(.badRequest, message: "a password has 8 characters or more")
        }
        if account.role == .listener, account.listener?.isEmpty ?? true {
            throw StudioError(.badRequest, message: "a listener account needs a listener id (--listener ID)")
        }
        try addAccount(account, passwordHash: hasher.hash(password))
    }
}
