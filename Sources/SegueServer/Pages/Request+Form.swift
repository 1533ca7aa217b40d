import Hummingbird

extension Request {
    /// The body, an HTML form (`application/x-www-form-urlencoded`, at most the context's upload size), decoded as
    /// `type`. - Throws: `StudioError.badRequest` when it does not decode.
    func decodeForm<T: Decodable>(as type: T.Type, context: StudioContext) async throws -> T {
        var request = self
        let text = String(buffer: try await request.collectBody(upTo: context.maxUploadSize))
        do { return try URLEncodedFormDecoder().decode(type, from: text) } catch {
            throw StudioError(.badRequest, message: "the form is not complete")
        }
    }
}
