import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SegueServer

/// Real renders of short sessions (one minute of the sample catalog), one at a time.
@Suite(.serialized) struct SessionJobTests {
    /// Polls the job until it ends (at most two minutes).
    static func finished(_ id: String, client: any TestClientProtocol, headers: HTTPFields) async throws -> JobStatus {
        for _ in 0..<600 {
            let status = try await client.execute(uri: "/api/jobs/\(id)", method: .get, headers: headers) {
                try $0.body.decode(JobStatus.self)
            }
            if status.stage.isFinal { return status }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("job \(id) did not finish")
        throw CancellationError()
    }

    @Test func aSessionIsRenderedInTheBackgroundAndPlayedBack() async throws {
        let fixture = try await StudioFixture()
        let ana = try fixture.bearer("ana")
        try await fixture.app.test(.router) { client in
            let job = try await client.execute(
                uri: "/api/sessions", method: .post, headers: ana,
                body: ByteBuffer(string: #"{"minutes": 1, "discovery": 0.3, "arc": "steady", "seed": 11}"#)
            ) { response in
                #expect(response.status == .accepted)
                return try response.body.decode(JobStatus.self)
            }
            // The request returns at once: the job has not finished, there is no session yet.
            #expect(!job.stage.isFinal)
            #expect(job.session == nil)
            #expect(job.listener == "ana" && job.owner == "ana")
            // Another listener cannot follow it.
            try await client.execute(uri: "/api/jobs/\(job.id)", method: .get, headers: try fixture.bearer("ben")) {
                #expect($0.status == .notFound)
            }
            let done = try await Self.finished(job.id, client: client, headers: ana)
            #expect(done.stage == .done, "\(done.message ?? "")")
            #expect(done.fraction == 1)
            let id = try #require(done.session)

            let detail = try await client.execute(uri: "/api/sessions/\(id)", method: .get, headers: ana) {
                try $0.body.decode(SessionDetail.self)
            }
            #expect(detail.session.listener == "ana" && detail.session.arc == "steady" && detail.session.seed == 11)
            #expect(!detail.tracks.isEmpty)
            #expect(detail.tracks.allSatisfy { !$0.reasons.isEmpty })
            #expect(detail.lines.contains { $0.spoken && $0.start != nil })

            try await client.execute(uri: "/api/sessions/\(id)/audio", method: .get, headers: ana) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "audio/wav")
                #expect(String(decoding: response.body.readableBytesView.prefix(4), as: UTF8.self) == "RIFF")
                // A minute of 16-bit stereo at 44.1 kHz: about 10 MB.
                #expect(response.body.readableBytes > 5_000_000)
            }
            try await client.execute(uri: "/api/sessions/\(id)/captions.vtt", method: .get, headers: ana) {
                #expect(String(buffer: $0.body).hasPrefix("WEBVTT"))
            }
            try await client.execute(uri: "/?session=\(id)", method: .get, headers: try fixture.browser("ana").headers)
            { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<audio id=\"player\" controls"))
                #expect(page.contains("<track kind=\"captions\" default"))
                #expect(page.contains("/api/sessions/\(id)/captions.vtt"))
                #expect(page.contains("Why this track"))
                #expect(page.contains("data-line=\"L"))
            }
            // Published whole: the session's folder, no staging left.
            let sessions = try FileManager.default.contentsOfDirectory(
                atPath: fixture.folder.appendingPathComponent("sessions").path)
            #expect(sessions == [id])
        }
    }

    @Test func theFormStartsAJobAndThePageShowsItsProgress() async throws {
        let fixture = try await StudioFixture()
        let browser = try fixture.browser("ed")
        try await fixture.app.test(.router) { client in
            let form = String.form([
                ("csrf", browser.csrf), ("listener", "ben"), ("minutes", "1"), ("discovery", "0.4"),
                ("arc", "cooldown"),
            ])
            let location = try await client.execute(
                uri: "/sessions", method: .post, headers: browser.headers, body: ByteBuffer(string: form)
            ) { response in
                #expect(response.status == .seeOther)
                return try #require(response.headers[.location])
            }
            #expect(location.hasPrefix("/?job="))
            let jobID = String(location.dropFirst("/?job=".count))
            try await client.execute(uri: location, method: .get, headers: browser.headers) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<progress id=\"job-progress\""))
                #expect(page.contains("data-job=\"\(jobID)\""))
            }
            let done = try await Self.finished(jobID, client: client, headers: browser.headers)
            #expect(done.stage == .done)
            try await client.execute(uri: location, method: .get, headers: browser.headers) { response in
                let page = String(buffer: response.body)
                // Finished: no more refreshing, a link to the session.
                #expect(!page.contains("http-equiv=\"refresh\""))
                #expect(page.contains("/?session=\(done.session ?? "-")"))
            }
        }
    }

    @Test func aFullQueueIs429AndShutdownFinishesTheRunningJobAndCancelsTheRest() async throws {
        let fixture = try await StudioFixture(queueCapacity: 1)
        let ed = try fixture.bearer("ed")
        let body = ByteBuffer(string: #"{"listener": "ana", "minutes": 1, "seed": 5}"#)
        try await fixture.app.test(.router) { client in
            let first = try await client.execute(uri: "/api/sessions", method: .post, headers: ed, body: body) {
                try $0.body.decode(JobStatus.self)
            }
            let second = try await client.execute(uri: "/api/sessions", method: .post, headers: ed, body: body) {
                try $0.body.decode(JobStatus.self)
            }
            try await client.execute(uri: "/api/sessions", method: .post, headers: ed, body: body) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] != nil)
            }
            await fixture.studio.jobs.shutdown()
            let finished = try #require(await fixture.studio.jobs.status(id: first.id))
            #expect(finished.stage == .done, "\(finished.message ?? "")")
            #expect(await fixture.studio.jobs.status(id: second.id)?.stage == .cancelled)
            let id = try #require(finished.session)
            #expect(try fixture.studio.store.session(id: id)?.listener == "ana")
            #expect(
                FileManager.default.fileExists(
                    atPath: fixture.folder.appendingPathComponent("sessions/\(id)/session.wav").path))
            try await client.execute(uri: "/api/sessions", method: .post, headers: ed, body: body) {
                #expect($0.status == .serviceUnavailable)
            }
        }
    }

    @Test func oneAccountHasAtMostThreeSessionsOnTheWay() async throws {
        let fixture = try await StudioFixture()
        let ana = try fixture.bearer("ana")
        let body = ByteBuffer(string: #"{"minutes": 1}"#)
        try await fixture.app.test(.router) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/api/sessions", method: .post, headers: ana, body: body) {
                    #expect($0.status == .accepted)
                }
            }
            try await client.execute(uri: "/api/sessions", method: .post, headers: ana, body: body) {
                #expect($0.status == .tooManyRequests)
            }
            // Another account still gets in.
            try await client.execute(
                uri: "/api/sessions", method: .post, headers: try fixture.bearer("ben"), body: body
            ) { #expect($0.status == .accepted) }
        }
        await fixture.studio.jobs.shutdown()
    }

    @Test func aStagingFolderLeftByACrashIsRemovedAtStart() async throws {
        let fixture = try await StudioFixture()
        let staging = fixture.folder.appendingPathComponent("sessions/.staging-0000")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        _ = try Studio(
            configuration: fixture.studio.configuration, engine: fixture.studio.engine,
            listeners: fixture.studio.listeners)
        #expect(!FileManager.default.fileExists(atPath: staging.path))
    }

    /// DELETE on a job that is mixing stops the mix part-way: the job ends cancelled well before a whole render would,
    /// no session is registered, and no staging folder or half-written audio is left.
    @Test func cancellingAJobWhileItMixesStopsTheMix() async throws {
        let fixture = try await StudioFixture()
        let ana = try fixture.bearer("ana")
        try await fixture.app.test(.router) { client in
            let job = try await client.execute(
                uri: "/api/sessions", method: .post, headers: ana,
                body: ByteBuffer(string: #"{"minutes": 8, "seed": 4}"#)
            ) { try $0.body.decode(JobStatus.self) }
            var status = job
            for _ in 0..<6000 where status.stage != .mixing && !status.stage.isFinal {
                try await Task.sleep(for: .milliseconds(10))
                status = try #require(await fixture.studio.jobs.status(id: job.id))
            }
            #expect(status.stage == .mixing, "\(status.stage)")
            try await client.execute(uri: "/api/jobs/\(job.id)", method: .delete, headers: ana) {
                #expect($0.status == .ok)
            }
            let ended = try await SessionJobTests.finished(job.id, client: client, headers: ana)
            #expect(ended.stage == .cancelled)
            #expect(ended.fraction < 0.95, "the mix ran on to \(ended.fraction)")
            #expect(ended.session == nil)
        }
        #expect(try fixture.studio.store.sessions(listener: "ana").isEmpty)
        let left = try FileManager.default.contentsOfDirectory(
            atPath: fixture.folder.appendingPathComponent("sessions").path)
        #expect(left.isEmpty, "\(left)")
    }

    /// A job's status outlives the process: a finished job answers the same after a restart, and a job the last run
    /// left on the way answers failed, saying it was interrupted.
    @Test func aJobIsKnownAfterARestartAndOneLeftUnfinishedIsMarkedFailed() async throws {
        let fixture = try await StudioFixture()
        let ana = try fixture.bearer("ana")
        let finished = try await fixture.app.test(.router) { client in
            let job = try await client.execute(
                uri: "/api/sessions", method: .post, headers: ana, body: ByteBuffer(string: #"{"minutes": 1}"#)
            ) { try $0.body.decode(JobStatus.self) }
            return try await SessionJobTests.finished(job.id, client: client, headers: ana)
        }
        #expect(finished.stage == .done)
        let stranded = JobStatus(
            id: "stranded", kind: .session, listener: "ana", owner: "ana", stage: .mixing, fraction: 0.5,
            session: nil, script: nil, message: nil)
        try fixture.studio.store.saveJob(stranded)
        // A job finished long ago is forgotten at start; its record only, never a session.
        var old = stranded
        old.id = "old"
        old.stage = .done
        try fixture.studio.store.saveJob(old)
        try fixture.studio.store.write { db in try db.execute(sql: "UPDATE job SET updated_at = 0 WHERE id = 'old'") }

        let restarted = try Studio(
            configuration: fixture.studio.configuration, engine: fixture.studio.engine,
            listeners: fixture.studio.listeners)
        let app = Application(router: buildRouter(restarted))
        try await app.test(.router) { client in
            let again = try await client.execute(uri: "/api/jobs/\(finished.id)", method: .get, headers: ana) {
                try $0.body.decode(JobStatus.self)
            }
            #expect(again == finished)
            try await client.execute(uri: "/api/jobs/stranded", method: .get, headers: ana) { response in
                let status = try response.body.decode(JobStatus.self)
                #expect(status.stage == .failed)
                #expect(status.message?.hasPrefix("interrupted") == true)
            }
            try await client.execute(uri: "/api/jobs/old", method: .get, headers: ana) {
                #expect($0.status == .notFound)
            }
            // Still only for its owner.
            try await client.execute(
                uri: "/api/jobs/\(finished.id)", method: .get, headers: try fixture.bearer("ben")
            ) { #expect($0.status == .notFound) }
        }
    }
}
