import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SegueServer

@Suite struct SpokenPreviewTests {
    /// The 16-bit mono samples and rate of a WAV file the studio wrote (a 44-byte header).
    static func samples(of wav: [UInt8]) throws -> (rate: Int, samples: [Double]) {
        try #require(wav.count > 44 && String(decoding: wav.prefix(4), as: UTF8.self) == "RIFF")
        let rate = wav[24..<28].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let body = wav.dropFirst(44)
        let samples = stride(from: body.startIndex, to: body.endIndex - 1, by: 2).map { index in
            Double(Int16(bitPattern: UInt16(body[index]) | UInt16(body[index + 1]) << 8)) / 32768
        }
        return (rate, samples)
    }

    @Test func thePreviewIsSpokenAndOnlyEditorsHearIt() async throws {
        let fixture = try await StudioFixture()
        try fixture.copyTemplates()
        let editor = try fixture.browser("ed")
        try await fixture.app.test(.router) { client in
            let page = try await client.execute(
                uri: "/editor/\(EditorTests.id)", method: .get, headers: editor.headers
            ) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            let source = try #require(
                page.firstMatch(
                    of: /<audio id="spoken-preview" controls preload="none" src="\/speech\/([A-Za-z0-9_-]+)"/))
            let id = String(source.1)
            let preview = try TemplateDesk(studio: fixture.studio).preview(EditorTests.id)
            let wav = try await client.execute(uri: "/speech/\(id)", method: .get, headers: editor.headers) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "audio/wav")
                return Array(response.body.readableBytesView)
            }
            let (rate, samples) = try Self.samples(of: wav)
            let duration = Double(samples.count) / Double(rate)
            let rms = (samples.reduce(0) { $0 + $1 * $1 } / Double(max(samples.count, 1))).squareRoot()
            #expect(rms > 0.02, "rms \(rms)")
            // Speech runs at two to five words a second.
            let words = Double(preview.split(separator: " ").count)
            #expect(duration > words / 5 && duration < words / 2 + 1, "\(duration) s for \(words) words")
            // The page shown again reuses the clip.
            try await client.execute(uri: "/editor/\(EditorTests.id)", method: .get, headers: editor.headers) {
                #expect(String(buffer: $0.body).contains("src=\"/speech/\(id)\""))
            }
            try await client.execute(uri: "/speech/\(id)", method: .get, headers: try fixture.browser("ana").headers) {
                #expect($0.status == .forbidden)
            }
            // Signed out, a page sends the browser to sign in.
            try await client.execute(uri: "/speech/\(id)", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/signin")
            }
            try await client.execute(uri: "/speech/nothing-here", method: .get, headers: editor.headers) {
                #expect($0.status == .notFound)
            }
        }
    }
}
