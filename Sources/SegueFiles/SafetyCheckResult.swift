import SegueCore

/// One answer of `segue check --jsonl`: {"id", "verdict", "text", "findings"}, or {"error"} for a line that could
/// not be read.
public struct SafetyCheckResult: Sendable, Encodable, Equatable {
    public var id: String?
    public var verdict: String?
    public var text: String?
    public var findings: [SafetyFinding]?
    public var error: String?

    /// The answer for a checked item.
    public init(id: String, report: SafetyReport) {
        self.id = id
        verdict = report.verdict.rawValue
        text = report.text
        findings = report.findings
    }

    /// The answer for a line that could not be read; `id` is its line number, so answers line up with the input.
    public init(error: String, id: String? = nil) {
        self.id = id
        self.error = error
    }

    /// Appends the result as one line of JSON: byte for byte what `JSONEncoder` writes with `.sortedKeys` and
    /// `.withoutEscapingSlashes` (a test holds the two equal), at a fraction of its cost.
    public func appendJSON(to out: inout [UInt8]) {
        var object = ObjectWriter(&out)
        object.field("error", error, &out)
        if let findings {
            object.key("findings", &out)
            out.append(UInt8(ascii: "["))
            for (index, finding) in findings.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                var inner = ObjectWriter(&out)
                inner.field("action", finding.action.rawValue, &out)
                inner.field("category", finding.category.rawValue, &out)
                inner.field("end", finding.end, &out)
                inner.field("evidence", finding.evidence, &out)
                inner.field("rule", finding.rule, &out)
                inner.field("slot", finding.slot, &out)
                inner.field("start", finding.start, &out)
                inner.field("tier", finding.tier.rawValue, &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "]"))
        }
        object.field("id", id, &out)
        object.field("text", text, &out)
        object.field("verdict", verdict, &out)
        out.append(UInt8(ascii: "}"))
    }

    /// Writes the members of one JSON object, given in sorted order; nil values are left out, as `encodeIfPresent` does.
    private struct ObjectWriter {
        private var empty = true

        init(_ out: inout [UInt8]) {
            out.append(UInt8(ascii: "{"))
        }

        mutating func key(_ name: StaticString, _ out: inout [UInt8]) {
            if !empty { out.append(UInt8(ascii: ",")) }
            empty = false
            out.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }

        mutating func field(_ name: StaticString, _ value: String?, _ out: inout [UInt8]) {
            guard let value else { return }
            key(name, &out)
            Self.append(value, to: &out)
        }

        mutating func field(_ name: StaticString, _ value: Int, _ out: inout [UInt8]) {
            key(name, &out)
            out.append(contentsOf: String(value).utf8)
        }

        private static let hex = Array("0123456789abcdef".utf8)

        /// A JSON string as JSONEncoder writes it: `"` and `\` escaped, \b \t \n \f \r by name, other control
        /// characters as \u00xx, everything else (DEL and non-ASCII included) as it is.
        static func append(_ text: String, to out: inout [UInt8]) {
            out.append(UInt8(ascii: "\""))
            if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                out.append(contentsOf: text.utf8)  // the usual case: nothing to escape
                out.append(UInt8(ascii: "\""))
                return
            }
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), byte])
                case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
                case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
                case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0..<0x20:
                    out.append(contentsOf: [
                        UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                        hex[Int(byte >> 4)], hex[Int(byte & 15)],
                    ])
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
    }
}
