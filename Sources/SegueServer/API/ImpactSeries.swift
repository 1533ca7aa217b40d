import Foundation
import SegueCore
import SegueFiles

/// The impact of recent sessions, oldest first: one point per finished session whose `impact.json` the studio
/// wrote, for one listener or for every listener (`listener` nil). The impact page and `/api/impact` both show it.
public struct ImpactSeries: Sendable, Codable, Equatable {
    /// One session's lineup measured.
    public struct Point: Sendable, Codable, Equatable {
        public var session: String
        public var listener: String
        public var created: Date
        public var tracks: Int
        /// Shares of picks whose lead artist is in the head, mid and tail popularity bin.
        public var head: Double
        public var mid: Double
        public var tail: Double
        public var newArtistShare: Double
        public var diversity: Double
        public var smoothTransitionShare: Double

        init(_ session: StoredSession, _ report: ImpactReport) {
            self.session = session.id
            listener = session.listener
            created = session.created
            tracks = report.tracks
            head = report.popularityMix.head
            mid = report.popularityMix.mid
            tail = report.popularityMix.tail
            newArtistShare = report.newArtistShare
            diversity = report.intraListDiversity
            smoothTransitionShare = report.smoothTransitionShare
        }
    }

    /// The listener of the series; nil for every listener.
    public var listener: String?
    public var points: [Point]

    /// The most sessions a series holds: the newest ones.
    static let limit = 30
}

extension Studio {
    /// The series of the newest sessions (of `listener`, or of everyone when nil) that have an impact report.
    func impactSeries(listener: String?) throws -> ImpactSeries {
        var points: [ImpactSeries.Point] = []
        for session in try store.sessions(listener: listener) {
            guard let report = impactReport(of: session) else { continue }
            points.append(ImpactSeries.Point(session, report))
            if points.count == ImpactSeries.limit { break }
        }
        return ImpactSeries(listener: listener, points: points.reversed())
    }

    /// The session's `impact.json`, which `SessionMaker` writes beside the audio; nil for a session made without.
    func impactReport(of session: StoredSession) -> ImpactReport? {
        try? JSONFile.decode(ImpactReport.self, from: sessionFile(session, SessionMaker.impactFile))
    }
}
