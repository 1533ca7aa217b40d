import Foundation
import Synchronization

/// Headless Chromium driven over the Chrome DevTools Protocol on `--remote-debugging-pipe`: Chromium reads commands
/// on its descriptor 3 and writes replies and events on 4, each a JSON message ended by a NUL byte. A shell maps our
/// pipes to those descriptors, so Foundation's `Process` is enough (no WebSocket client needed).
final class HeadlessChromium {
    struct DevToolsError: Error, CustomStringConvertible {
        var description: String
    }

    /// Where Chromium is, or nil when it is not installed.
    static let executable: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    let process: Process
    let commands: FileHandle
    let profile: URL
    let inbox = Inbox()
    let width: Int, height: Int

    /// Whole messages that are replies, by id; the bytes after the last NUL; the last id sent.
    final class Inbox: Sendable {
        let state = Mutex<(replies: [Int: Data], pending: Data, nextID: Int)>(([:], Data(), 0))
    }

    init(executable: String, width: Int = 1100, height: Int = 1300) throws {
        self.width = width
        self.height = height
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("segue-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        let toChromium = Pipe(), fromChromium = Pipe()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", "exec 3<&0 4>&1 </dev/null >/dev/null 2>/dev/null; exec \"$@\"", "sh", executable, "--headless",
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars", "--remote-debugging-pipe",
            "--user-data-dir=\(profile.path)", "--window-size=\(width),\(height)", "about:blank",
        ]
        process.standardInput = toChromium
        process.standardOutput = fromChromium
        process.standardError = FileHandle.nullDevice
        commands = toChromium.fileHandleForWriting
        let inbox = inbox
        fromChromium.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            guard !chunk.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            inbox.state.withLock { state in
                state.pending.append(chunk)
                while let end = state.pending.firstIndex(of: 0) {
                    let message = Data(state.pending[state.pending.startIndex..<end])
                    state.pending = Data(state.pending[(end + 1)...])
                    let object = try? JSONSerialization.jsonObject(with: message) as? [String: Any]
                    if let id = object?["id"] as? Int { state.replies[id] = message }
                }
            }
        }
        try process.run()
    }

    /// Sends `method` (to the page `session` when given) and waits for its reply's `result`.
    /// - Throws: `DevToolsError` for an error reply, or no reply within `timeout` seconds.
    func send(
        _ method: String, _ params: [String: Any] = [:], session: String? = nil, timeout: Double = 20
    ) async throws -> [String: Any] {
        let id = inbox.state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if let session { message["sessionId"] = session }
        try commands.write(contentsOf: JSONSerialization.data(withJSONObject: message) + Data([0]))
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let reply = inbox.state.withLock({ $0.replies.removeValue(forKey: id) }) {
                let object = try JSONSerialization.jsonObject(with: reply) as? [String: Any] ?? [:]
                if let error = object["error"] { throw DevToolsError(description: "\(method): \(error)") }
                return object["result"] as? [String: Any] ?? [:]
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        throw DevToolsError(description: "\(method): no reply in \(timeout) s")
    }

    /// A new page, attached: the session id its commands go to.
    func newPage() async throws -> String {
        let target = try await send(
            "Target.createTarget", ["url": "about:blank", "newWindow": true, "width": width, "height": height])
        guard let targetID = target["targetId"] as? String else { throw DevToolsError(description: "no target") }
        let attached = try await send("Target.attachToTarget", ["targetId": targetID, "flatten": true])
        guard let session = attached["sessionId"] as? String else { throw DevToolsError(description: "no session") }
        return session
    }

    /// The value of the JavaScript `expression` in the page.
    func evaluate(_ expression: String, session: String) async throws -> Any? {
        let result = try await send(
            "Runtime.evaluate", ["expression": expression, "returnByValue": true], session: session)
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Navigates the page `session` to `url` and waits until it has loaded at `path` (a redirect elsewhere, such as to
    /// the sign-in page, is not a load).
    /// - Returns: whether it loaded within ten seconds.
    func load(_ url: String, path: String, session: String) async throws -> Bool {
        _ = try await send("Page.navigate", ["url": url], session: session)
        for _ in 0..<200 {
            let state = try await evaluate("document.readyState", session: session) as? String
            let now = try await evaluate("location.pathname", session: session) as? String
            if state == "complete" && now == path { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// Ends Chromium and removes its profile.
    func close() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: profile)
    }
}
