import Hummingbird
import Synchronization

/// The routes registered on a studio router, as `METHOD /path/{param}`: a test holds them against the OpenAPI
/// document, so no endpoint goes undocumented.
public final class RouteLog: Sendable {
    private let entries = Mutex<[String]>([])

    public init() {}

    /// Every route registered so far, in order.
    public var routes: [String] { entries.withLock { $0 } }

    func append(_ route: String) { entries.withLock { $0.append(route) } }
}

/// Registers routes on a router and writes each in a `RouteLog` (groups made from it register through it too).
struct RouteRecorder: RouterMethods {
    typealias Context = StudioContext
    let router: Router<StudioContext>
    let log: RouteLog

    @discardableResult func on<Responder: HTTPResponder>(
        _ path: RouterPath, method: HTTPRequest.Method, responder: Responder
    ) -> Self where Responder.Context == Context {
        let described = path.components.map { element in
            let text = element.description
            return text.hasPrefix(":") ? "{\(text.dropFirst())}" : text
        }
        log.append("\(method.rawValue) /\(described.joined(separator: "/"))")
        router.on(path, method: method, responder: responder)
        return self
    }

    @discardableResult func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self {
        router.add(middleware: middleware)
        return self
    }
}
