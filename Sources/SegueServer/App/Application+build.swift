import Hummingbird
import Logging

/// The studio's HTTP application: the router with its middleware and every page group's routes, and the job queue
/// as a service that shuts down gracefully with the server (Hummingbird's template: `@main` only calls this).
public func buildApplication(
    _ studio: Studio, hostname: String = "127.0.0.1", port: Int = 8080,
    logger: Logger = Logger(label: "segue.studio")
) -> some ApplicationProtocol {
    var app = Application(
        router: buildRouter(studio),
        configuration: .init(address: .hostname(hostname, port: port), serverName: "Segue Studio"),
        logger: logger)
    app.addServices(studio.jobs)
    return app
}

/// The studio's router. Each page group registers its own routes (`SessionsAPI`, `ListenerPage`, ...): a later page
/// (editor, review, impact) is one more controller file added here.
/// - Parameter routes: told every route registered.
public func buildRouter(_ studio: Studio, routes: RouteLog = RouteLog()) -> Router<StudioContext> {
    let base = Router(context: StudioContext.self)
    base.add(middleware: ErrorMiddleware())
    base.add(middleware: BodyLimitMiddleware())
    base.add(middleware: AuthMiddleware(store: studio.store))
    let router = RouteRecorder(router: base, log: routes)
    OpenAPIDocument.addRoutes(to: router)
    SessionsAPI(studio: studio).addRoutes(to: router)
    ListenersAPI(studio: studio).addRoutes(to: router)
    AccountsPage(studio: studio).addRoutes(to: router)
    AccountPage(studio: studio).addRoutes(to: router)
    SignInPage(studio: studio).addRoutes(to: router)
    ListenerPage(studio: studio).addRoutes(to: router)
    TemplatesAPI(studio: studio).addRoutes(to: router)
    EditorPage(studio: studio).addRoutes(to: router)
    ReviewAPI(studio: studio).addRoutes(to: router)
    ReviewPage(studio: studio).addRoutes(to: router)
    ScriptsAPI(studio: studio).addRoutes(to: router)
    ScriptsPage(studio: studio).addRoutes(to: router)
    ImpactPage(studio: studio).addRoutes(to: router)
    Assets.addRoutes(to: router)
    return base
}
