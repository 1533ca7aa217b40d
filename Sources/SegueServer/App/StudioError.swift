import HTTPTypes
import Hummingbird
import SegueCore

/// A request the studio refuses or cannot serve. The message is for the person at the browser or script: it never
/// names a file on the server or carries a stack trace.
public struct StudioError: SegueError, Equatable, HTTPResponseError {
    /// What went wrong; each code has its HTTP status.
    public enum Code: String, Sendable {
        case badRequest, unauthorized, forbidden, notFound, conflict, tooLarge, tooManyRequests, unavailable
        case rangeNotSatisfiable, internalError
    }

    public var code: Code
    /// What is wrong, for a person.
    public var message: String
    /// Extra response headers (`Retry-After`, `Content-Range`).
    public var headers: HTTPFields

    public init(_ code: Code, message: String, headers: HTTPFields = [:]) {
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var description: String { message }

    /// The HTTP status of `code`.
    public var status: HTTPResponse.Status {
        switch code {
        case .badRequest: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .tooLarge: .contentTooLarge
        case .tooManyRequests: .tooManyRequests
        case .unavailable: .serviceUnavailable
        case .rangeNotSatisfiable: .rangeNotSatisfiable
        case .internalError: .internalServerError
        }
    }

    /// A JSON body `{"error": code, "message": ...}`.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = ErrorBody(error: code.rawValue, message: message)
        var response = try context.responseEncoder.encode(body, from: request, context: context)
        response.status = status
        for field in headers { response.headers.append(field) }
        return response
    }

    struct ErrorBody: Codable {
        var error: String
        var message: String
    }

    static let notSignedIn = StudioError(.unauthorized, message: "sign in first")
    static let notFoundHere = StudioError(.notFound, message: "not found")
}
