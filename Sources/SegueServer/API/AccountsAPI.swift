import Hummingbird

/// `/api/accounts`: the studio's accounts, for admins only (`segue user add` creates them).
struct AccountsAPI: Sendable {
    let studio: Studio

    func addRoutes(to router: some RouterMethods<StudioContext>) {
        router.group("api").get("accounts") { _, context -> [Me] in
            _ = try context.require(.admin)
            return try studio.store.accounts().map { Me(name: $0.name, role: $0.role, listener: $0.listener) }
        }
    }
}
