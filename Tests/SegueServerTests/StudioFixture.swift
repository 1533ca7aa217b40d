import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SegueServer
import SegueSession
import SegueSpeech
import SegueTestSupport
import Testing

/// A studio over the sample catalog and listeners in a fresh temporary folder, with one account per role (password
/// "password1"): admin `ada`, editor `ed`, reviewer `rita`, listeners `ana` (listener ana) and `ben` (listener ben).
struct StudioFixture {
    static let password = "password1"
    static let names: [Role: String] = [.admin: "ada", .editor: "ed", .reviewer: "rita", .listener: "ana"]

    let studio: Studio
    let folder: URL
    let routes = RouteLog()

    /// The engine, loaded once for the whole suite.
    static let engine = Task { () throws -> SegueEngine in
        try await SegueEngine.load(
            EngineConfiguration(
                catalogURL: Fixtures.catalogURL, promptsURL: Fixtures.prompts, voicesURL: Fixtures.voices),
            synthesizer: ESpeakSynthesizer.shared)
    }

    init(queueCapacity: Int = 8, signInLimit: Int = 5, secureCookies: Bool = false) async throws {
        folder = try Fixtures.temporaryFolder("studio")
        studio = try Studio(
            configuration: StudioConfiguration(
                dataFolder: folder, hasher: .forTesting, queueCapacity: queueCapacity, secureCookies: secureCookies,
                signInLimit: signInLimit),
            engine: try await Self.engine.value,
            listeners: try ListenerDirectory.folder(Fixtures.samples.appendingPathComponent("listeners")))
        for (role, name) in Self.names {
            try studio.addAccount(
                Account(name: name, role: role, listener: role == .listener ? "ana" : nil), password: Self.password)
        }
        try studio.addAccount(Account(name: "ben", role: .listener, listener: "ben"), password: Self.password)
    }

    /// The application under test.
    var app: some ApplicationProtocol { Application(router: buildRouter(studio, routes: routes)) }

    /// `Authorization: Bearer` headers of a new token for `name`.
    func bearer(_ name: String) throws -> HTTPFields {
        [.authorization: "Bearer \(try studio.store.issueToken(for: name))"]
    }

    /// A signed-in browser: its cookie header, and its CSRF token.
    func browser(_ name: String) throws -> (headers: HTTPFields, csrf: String) {
        let session = try studio.store.startBrowserSession(for: name, lifetime: 3600)
        return ([.cookie: "segue_session=\(session.id)"], session.csrf)
    }

    /// Registers a session for `listener` whose audio is `audio` (not a real render: the server never parses it),
    /// with captions and no script.
    func fakeSession(listener: String, audio: [UInt8]) throws -> String {
        let id = UUID().uuidString.lowercased()
        let sessionFolder = folder.appendingPathComponent("sessions/\(id)")
        try FileManager.default.createDirectory(at: sessionFolder, withIntermediateDirectories: true)
        try Data(audio).write(to: sessionFolder.appendingPathComponent("session.wav"))
        try Data("WEBVTT\n\nL1\n00:00:01.000 --> 00:00:02.000\nHello\n".utf8)
            .write(to: sessionFolder.appendingPathComponent("captions.vtt"))
        try studio.store.addSession(
            StoredSession(
                id: id, owner: listener, created: Date(),
                request: SessionRequest(listener: listener, minutes: 1, seed: 1)))
        return id
    }
}

extension ByteBuffer {
    /// The JSON body decoded.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(readableBytesView))
    }
}

extension String {
    /// A form body, percent-encoded.
    static func form(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}
