import Foundation
import SegueSession

/// A session in a list: what it is and where its audio is.
public struct SessionSummary: Sendable, Codable, Equatable {
    public var id: String
    public var listener: String
    public var created: Date
    public var minutes: Double
    public var discovery: Double
    public var arc: String
    public var seed: UInt64
    public var audio: String
    public var captions: String

    init(_ session: StoredSession) {
        id = session.id
        listener = session.listener
        created = session.created
        minutes = session.request.minutes
        discovery = session.request.discovery
        arc = session.request.arc.rawValue
        seed = session.request.seed
        audio = "/api/sessions/\(session.id)/audio"
        captions = "/api/sessions/\(session.id)/captions.vtt"
    }
}

/// A session with its lineup (every pick with why it was chosen) and its script lines with their times.
public struct SessionDetail: Sendable, Codable, Equatable {
    /// A track as it plays.
    public struct Track: Sendable, Codable, Equatable {
        public var position: Int
        public var trackID: String
        public var title: String
        public var artist: String
        public var start: Double
        public var end: Double
        /// Why this track: the sequencer's reasons in words.
        public var reasons: [String]
    }

    /// A line of the DJ's script.
    public struct Line: Sendable, Codable, Equatable {
        public var id: String
        public var text: String
        public var spoken: Bool
        public var start: Double?
        public var end: Double?
    }

    public var session: SessionSummary
    public var tracks: [Track]
    public var lines: [Line]
    public var warnings: [String]

    init(_ session: StoredSession, document: SessionDocument) {
        self.session = SessionSummary(session)
        tracks = document.tracks.map {
            Track(
                position: $0.position, trackID: $0.trackID, title: $0.title, artist: $0.artist, start: $0.start,
                end: $0.end, reasons: $0.reasons)
        }
        lines = document.lines.map {
            Line(id: $0.line.id, text: $0.line.text, spoken: $0.line.isSpoken, start: $0.start, end: $0.end)
        }
        warnings = document.warnings
    }
}
