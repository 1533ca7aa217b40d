import Foundation

extension Studio {
    /// The listener `account` makes sessions for: a listener account its own (asking for another is 403), staff the
    /// one asked for. - Throws: `StudioError.badRequest` when staff name none, `.notFound` for an unknown listener.
    func listenerID(for account: Account, asked: String?) throws -> String {
        if account.role == .listener {
            guard let own = account.listener else {
                throw StudioError(.forbidden, message: "this account has no listener")
            }
            if let asked, asked != own {
                throw StudioError(.forbidden, message: "a listener account makes sessions for itself only")
            }
            return own
        }
        guard let asked, !asked.isEmpty else { throw StudioError(.badRequest, message: "name a listener") }
        guard try listeners.ids().contains(asked) else { throw StudioError(.notFound, message: "no such listener") }
        return asked
    }

    /// The session `id` when `account` may see it. A malformed id, an unknown one and another listener's all give
    /// the same 404, so ids cannot be probed.
    func visibleSession(_ id: String, to account: Account) throws -> StoredSession {
        guard Self.isSessionID(id), let session = try store.session(id: id), account.mayUse(listener: session.listener)
        else { throw StudioError.notFoundHere }
        return session
    }

    /// Ids are lowercase UUIDs: nothing else (no `..`, no `/`) is ever looked up, let alone joined to a path.
    static func isSessionID(_ id: String) -> Bool {
        id.utf8.count == 36 && id.allSatisfy { $0.isHexDigit && !$0.isUppercase || $0 == "-" }
            && UUID(uuidString: id) != nil
    }

    /// The file `name` (a constant of the studio's, never the request's) of a visible session's folder.
    func sessionFile(_ session: StoredSession, _ name: String) -> URL {
        maker.sessionFolder(session.id).appendingPathComponent(name)
    }
}
