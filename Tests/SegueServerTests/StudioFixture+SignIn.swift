import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

extension StudioFixture {
    /// A sign-in form POST as a browser sends it: the pre-session cookie and CSRF token of a form fetched first
    /// (`GET /signin`), with `name` and `password`.
    static func signIn(
        _ client: some TestClientProtocol, name: String, password: String = password
    ) async throws -> (headers: HTTPFields, body: ByteBuffer) {
        let (cookie, token) = try await client.execute(uri: "/signin", method: .get) { response in
            let cookie = try #require(response.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let page = String(buffer: response.body)
            let token = try #require(page.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1)
            return (cookie, String(token))
        }
        let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: cookie]
        return (headers, ByteBuffer(string: .form([("name", name), ("password", password), ("csrf", token)])))
    }
}
