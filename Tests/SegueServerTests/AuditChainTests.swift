import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SegueServer

/// The audit log's hash chain: intact as the studio writes it, and broken, at the right entry, by an edit, a deletion
/// or an insertion made in the database behind the studio's back.
@Suite struct AuditChainTests {
    /// A store with `count` audit entries written by the studio, some with notes that look like the chain's own
    /// format.
    static func store(entries count: Int) throws -> (StudioStore, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("segue-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try StudioStore(url: folder.appendingPathComponent("studio.db"))
        for index in 0..<count {
            try store.audit(
                AuditEntry(
                    actor: index % 2 == 0 ? "rita" : "ed", action: index % 3 == 0 ? "flag" : "approve",
                    target: "session:s\(index)/L\(index)", detail: index == 2 ? "\",\"x\u{1F}\nnote" : "n\(index)",
                    at: Date(timeIntervalSince1970: 1_790_000_000 + Double(index))))
        }
        return (store, folder)
    }

    @Test func theChainIsIntactAsTheStudioWritesIt() throws {
        let (store, folder) = try Self.store(entries: 6)
        defer { try? FileManager.default.removeItem(at: folder) }
        let check = try store.verifyAuditChain()
        #expect(check == AuditChainCheck(entries: 6, intact: true, brokenAt: nil, head: try store.auditLog()[0].hash))
        #expect(Set(try store.auditLog().map(\.hash)).count == 6)
    }

    @Test(arguments: [
        (["UPDATE audit_log SET detail = 'approved' WHERE id = 3"], 3),
        (["UPDATE audit_log SET actor = 'mallory' WHERE id = 5"], 5),
        (["UPDATE audit_log SET at = at + 1 WHERE id = 1"], 1),
        (["DELETE FROM audit_log WHERE id = 4"], 4),
        // A row slipped in after the second, carrying the second's hash.
        (
            [
                "UPDATE audit_log SET id = id + 100 WHERE id > 2",
                "INSERT INTO audit_log (id, at, actor, action, target, detail, hash) "
                    + "SELECT 3, at, 'mallory', 'approve', 'template:x', '', hash FROM audit_log WHERE id = 2",
            ], 3
        ),
    ])
    func aChangeBehindTheStudiosBackBreaksTheChainWhereItWasMade(changes: [String], position: Int) throws {
        let (store, folder) = try Self.store(entries: 6)
        defer { try? FileManager.default.removeItem(at: folder) }
        try store.write { db in
            for change in changes { try db.execute(sql: change) }
        }
        let check = try store.verifyAuditChain()
        #expect(!check.intact)
        #expect(check.brokenAt == position)
        #expect(check.entries == (changes[0].hasPrefix("DELETE") ? 5 : changes.count == 2 ? 7 : 6))
    }

    @Test func theAuditPageAndAPISayWhetherTheChainHolds() async throws {
        let fixture = try await StudioFixture()
        try fixture.studio.store.audit(AuditEntry(actor: "rita", action: "flag", target: "session:a/L1", detail: "x"))
        try fixture.studio.store.audit(AuditEntry(actor: "ed", action: "approve", target: "template:t"))
        let browser = try fixture.browser("rita")
        let reviewer = try fixture.bearer("rita")
        try await fixture.app.test(.router) { client in
            try await client.execute(uri: "/api/audit/chain", method: .get, headers: reviewer) { response in
                let check = try response.body.decode(AuditChainCheck.self)
                #expect(check.intact && check.entries == 2)
            }
            try await client.execute(uri: "/api/audit/chain", method: .get, headers: try fixture.bearer("ed")) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/audit", method: .get, headers: browser.headers) { response in
                #expect(String(buffer: response.body).contains("The hash chain is intact over all 2 entries"))
            }
            try fixture.studio.store.write { db in try db.execute(sql: "UPDATE audit_log SET actor = 'x' WHERE id = 1")
            }
            try await client.execute(uri: "/audit", method: .get, headers: browser.headers) { response in
                #expect(String(buffer: response.body).contains("The hash chain breaks at entry 1 of 2"))
            }
        }
    }
}
