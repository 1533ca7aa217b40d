import Foundation
import SegueCore
import SegueFiles
import SegueSession

extension SessionMaker {
    /// The plan and the script of a script made for review, as `segue plan` and `segue script` write them.
    static let planFile = "plan.json"
    static let scriptFile = "script.json"

    /// `<data>/scripts`: one folder per script made for review, named by its id.
    var scriptsFolder: URL { folder.deletingLastPathComponent().appendingPathComponent("scripts", isDirectory: true) }

    /// The folder of the script `id` (an id the store gave; never a name from a request).
    func scriptFolder(_ id: String) -> URL { scriptsFolder.appendingPathComponent(id, isDirectory: true) }

    /// Plans and scripts `request` only, stores the plan and the script as stage files under the job's id, and
    /// registers the script as pending review.
    func makeScript(
        id: String, request: SessionRequest, owner: String,
        progress: @escaping @Sendable (JobStatus.Stage, Double) -> Void
    ) async throws -> PendingScript {
        let script = try await planAndScript(request, progress: progress)
        let staging = scriptsFolder.appendingPathComponent(".staging-\(id)", isDirectory: true)
        let catalog = engine.catalogPath
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
            try JSONFile.encode(StageFile(catalog: catalog, value: script.plan)).write(
                to: staging.appendingPathComponent(Self.planFile))
            try JSONFile.encode(StageFile(catalog: catalog, value: script)).write(
                to: staging.appendingPathComponent(Self.scriptFile))
            try FileManager.default.moveItem(at: staging, to: scriptFolder(id))
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
        let pending = PendingScript(id: id, request: request, owner: owner)
        try store.addScript(pending)
        return pending
    }

    /// The stored `script.json` of the script `id`, as bytes.
    func scriptData(_ id: String) throws -> Data {
        do { return try Data(contentsOf: scriptFolder(id).appendingPathComponent(Self.scriptFile)) } catch {
            throw StudioError(.internalError, message: "the script cannot be read")
        }
    }

    /// The stored script `id`.
    func storedScript(_ id: String) throws -> Script {
        do {
            return try JSONFile.decode(StageFile<Script>.self, from: scriptData(id), path: Self.scriptFile).value
        } catch {
            throw StudioError(.internalError, message: "the script cannot be read")
        }
    }

    /// Voices and mixes the approved script `scriptID` as it was stored (never scripted again) into the session
    /// `id`, and marks the script rendered.
    /// - Throws: `StudioError.conflict` when it is not approved or its file changed since approval.
    func renderApproved(
        scriptID: String, id: String, owner: String,
        progress: @escaping @Sendable (JobStatus.Stage, Double) -> Void
    ) async throws -> StoredSession {
        guard let pending = try store.script(id: scriptID), pending.status == .approved,
            let digest = pending.approvedDigest
        else { throw StudioError(.conflict, message: "only an approved script can be rendered") }
        let data = try scriptData(scriptID)
        guard StudioStore.digest(data: data) == digest else {
            throw StudioError(.conflict, message: "the script changed after it was approved")
        }
        let script: Script
        do { script = try JSONFile.decode(StageFile<Script>.self, from: data, path: Self.scriptFile).value } catch {
            throw StudioError(.internalError, message: "the script cannot be read")
        }
        let stored = try await render(
            id: id, script: script, request: pending.request, owner: owner, progress: progress)
        try store.markScriptRendered(id: scriptID, session: stored.id)
        return stored
    }
}
