import Foundation

/// The approval log replayed: which revision of each template is approved for production, by whom, and what is
/// wrong with the log. The log is the authority; a template's front matter only caches it.
///
/// A template speaks in production only when the log approves exactly its current revision, by someone other
/// than its author, after a submit of that revision, with a clean lint. The log is hash-chained: each entry names
/// the SHA-256 of the line before it, so an edited, deleted or inserted line is found, and nothing from that
/// line on is trusted.
public struct ApprovalLedger: Sendable, Equatable {
    /// An approval the log holds.
    public struct Approval: Sendable, Equatable {
        public var revision: String
        public var approver: String
        public var at: String
        public var author: String
    }

    /// Something wrong in the log, by line number (1-based).
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Where a template stands in the log.
    public enum State: Sendable, Equatable {
        case none
        case submitted(revision: String, author: String)
        case approved(Approval)
        case rejected
        case retired

        /// Whether the log approves some revision.
        public var isApproved: Bool {
            if case .approved = self { return true }
            return false
        }
    }

    /// The `prev` of the first entry.
    public static let genesis = "sha256:" + String(repeating: "0", count: 64)

    public private(set) var states: [String: State] = [:]
    public private(set) var problems: [Problem] = []
    /// The hash of the last trusted line: the `prev` the next entry carries.
    public private(set) var head = genesis
    /// The line where the chain breaks; nothing from it on is trusted, and nothing may be added until the log is
    /// restored.
    public private(set) var breakLine: Int?
    /// Entries that took effect (or were reported and ignored): all but those the chain does not vouch for.
    public private(set) var count = 0

    /// An empty log.
    public init() {}

    /// Replays a log's bytes, one JSON entry per line. A last line without its newline is read like the others.
    ///
    /// An entry takes effect once the line after it confirms its hash (or it is the last line): when the chain
    /// breaks at line N, line N−1 may be the one edited, or inserted, so neither it nor anything after it counts.
    public init(log: Data) {
        var number = 0
        var unconfirmed: (entry: ApprovalEntry, line: Int)?
        for line in log.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { continue }
            guard let entry = chained(Data(line), line: number) else { break }
            if let (previous, at) = unconfirmed { apply(previous, line: at) }
            unconfirmed = (entry, number)
        }
        if breakLine == nil, let (last, at) = unconfirmed { apply(last, line: at) }
    }

    /// Where `id` stands.
    public func state(of id: String) -> State { states[id] ?? .none }

    /// The approval that lets `template` speak in production, or why there is none.
    public func approval(of template: CommentaryTemplate) -> Result<Approval, Refusal> {
        switch state(of: template.id) {
        case .approved(let approval):
            guard approval.revision == template.currentRevision else {
                return .failure(
                    Refusal(
                        "it changed since approval (approved \(approval.revision), now \(template.currentRevision))"))
            }
            guard approval.approver != template.author else {
                return .failure(Refusal("approved by its own author"))
            }
            return .success(approval)
        case .retired: return .failure(Refusal("retired in the approval log"))
        case .submitted: return .failure(Refusal("in review: the approval log holds no approval of it"))
        case .none, .rejected: return .failure(Refusal("the approval log holds no approval of it"))
        }
    }

    /// Why a template may not speak.
    public struct Refusal: Error, Sendable, Equatable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }

    /// `entry` chained to this log, as the line (without its newline) to append.
    public func sealed(_ entry: ApprovalEntry) -> Data {
        var entry = entry
        entry.prev = head
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of strings cannot fail.
        return (try? encoder.encode(entry)) ?? Data()
    }

    /// The SHA-256 of a log line's bytes, as entries name it.
    public static func hash(_ line: Data) -> String {
        "sha256:" + ContentHash.sha256Hex(line)
    }

    /// The entry on `line` when it decodes and chains to the line before; else the chain breaks there.
    private mutating func chained(_ line: Data, line number: Int) -> ApprovalEntry? {
        guard let entry = try? JSONDecoder().decode(ApprovalEntry.self, from: line) else {
            let unchained = String(decoding: line, as: UTF8.self).contains("\"prev\"") == false
            breakChain(
                at: number,
                unchained
                    ? "an entry without the hash of the line before it (a log from before the chain: "
                        + "`segue templates migrate-log` carries it over)"
                    : "not a log entry (a JSON object with template, revision, action, by, at, lint and prev)")
            return nil
        }
        guard entry.prev == head else {
            breakChain(
                at: number,
                head == Self.genesis
                    ? "the chain does not start here: the lines before it were deleted"
                    : "the hash chain breaks here: the line before it was edited or inserted, or one was deleted")
            return nil
        }
        head = Self.hash(line)
        return entry
    }

    private mutating func breakChain(at number: Int, _ message: String) {
        breakLine = number
        let from = head != Self.genesis ? "the line before it and all after" : "entries from here on"
        problems.append(Problem(line: number, message: message + "; \(from) are not trusted"))
    }

    private mutating func apply(_ entry: ApprovalEntry, line number: Int) {
        count += 1
        let id = entry.template
        switch entry.action {
        case .submit:
            guard let author = entry.author, !author.isEmpty else {
                problems.append(Problem(line: number, message: "submit of \(id) names no author; ignored"))
                return
            }
            states[id] = .submitted(revision: entry.revision, author: author)
        case .approve:
            guard case .submitted(let revision, let author) = state(of: id), revision == entry.revision else {
                problems.append(
                    Problem(
                        line: number,
                        message: "approval of \(id) ignored: no submit of revision \(entry.revision) before it"))
                return
            }
            guard entry.by != author, !entry.by.isEmpty else {
                problems.append(Problem(line: number, message: "approval of \(id) ignored: by its own author"))
                return
            }
            guard entry.lint == "clean" else {
                problems.append(Problem(line: number, message: "approval of \(id) ignored: lint was not clean"))
                return
            }
            states[id] = .approved(Approval(revision: revision, approver: entry.by, at: entry.at, author: author))
        case .reject: states[id] = .rejected
        case .retire: states[id] = .retired
        }
    }
}
