import Foundation
import SegueCore

/// One line to check, as `segue check --jsonl` reads it: {"id", "text", "facts"}, plus the optional
/// `label` and `category` of a labelled evaluation set.
public struct SafetyCheckItem: Sendable, Equatable {
    public var id: String
    public var text: String
    /// Slot name → value; numbers are kept as their text ("1962").
    public var facts: [String: String]
    /// `safe` or `unsafe`, in a labelled set.
    public var label: String?
    public var category: String?

    /// Parses one JSON object.
    /// - Throws: `CatalogError` naming `context` (file:line) and what is wrong.
    public init(json data: Data, context: String) throws {
        self = try data.withUnsafeBytes { try SafetyCheckItem(json: $0, context: context) }
    }

    /// Parses one JSON object from UTF-8 bytes: the usual shape by hand, anything else as `init(serializing:context:)`
    /// does, with the same result.
    /// - Throws: `CatalogError` naming `context` (file:line) and what is wrong.
    public init(json bytes: UnsafeRawBufferPointer, context: @autoclosure () -> String) throws {
        if let object = FlatJSONObject(bytes), let item = SafetyCheckItem(object) {
            self = item
        } else {
            self = try SafetyCheckItem(serializing: Data(bytes), context: context())
        }
    }

    /// The item from a hand-read object, or nil when a field has a type only `JSONSerialization`'s path handles.
    private init?(_ object: FlatJSONObject) {
        func string(_ key: String) -> String?? {
            switch object.members[key] {
            case nil: .some(nil)
            case .string(let value): value
            default: nil
            }
        }
        guard case .string(let text) = object.members["text"], let id = string("id"), let label = string("label"),
            let category = string("category")
        else { return nil }
        switch object.members["facts"] {
        case nil: facts = [:]
        case .object(let members):
            facts = members.compactMapValues { value in
                switch value {
                case .string(let text), .integer(let text): text
                case .object: nil
                }
            }
        default: return nil
        }
        self.text = text
        self.id = id ?? ""
        self.label = label
        self.category = category
    }

    /// Parses one JSON object with `JSONSerialization`: the reference `init(json:context:)` agrees with.
    /// - Throws: `CatalogError` naming `context` (file:line) and what is wrong: the column of a syntax error, the
    ///   field path and allowed range of a number out of range.
    public init(serializing data: Data, context: String) throws {
        let object = try Self.object(data, context: context, what: "not a JSON object")
        guard let text = object["text"] as? String else {
            throw CatalogError(.malformedJSON, path: context, message: "missing required string field 'text'")
        }
        self.text = text
        id = object["id"].map { "\($0)" } ?? ""
        label = object["label"] as? String
        category = object["category"] as? String
        facts =
            try object["facts"].map { value in
                guard let dictionary = value as? [String: Any] else {
                    throw CatalogError(.malformedJSON, path: context, message: "'facts' must be a JSON object")
                }
                return Self.scalars(dictionary)
            } ?? [:]
    }

    /// Parses a JSON object of facts given on its own (`--facts`).
    public static func facts(json data: Data, context: String) throws -> [String: String] {
        scalars(try object(data, context: context, what: "facts must be a JSON object"))
    }

    /// The JSON object in `data`.
    /// - Throws: `CatalogError` naming `context`: why the text is not JSON (`JSONFile.diagnose`), or `notAnObject`
    ///   for JSON of another kind.
    private static func object(_ data: Data, context: String, what notAnObject: String) throws -> [String: Any] {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            // JSONSerialization's own error is a Foundation dump with no position; the diagnosis says where.
            let message = JSONFile.diagnose([UInt8](data)) ?? "not valid JSON"
            throw CatalogError(.malformedJSON, path: context, message: message)
        }
        guard let object = parsed as? [String: Any] else {
            throw CatalogError(.malformedJSON, path: context, message: notAnObject)
        }
        return object
    }

    /// Every item of a JSON Lines file; blank lines are skipped.
    /// - Throws: `CatalogError` naming the file, or the file and line of a malformed item.
    public static func load(jsonl url: URL) throws -> [SafetyCheckItem] {
        let data = try JSONFile.read(url)
        return try data.split(separator: UInt8(ascii: "\n")).enumerated().compactMap { index, line in
            line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") })
                ? nil
                : try SafetyCheckItem(json: Data(line), context: "\(url.path):\(index + 1)")
        }
    }

    private static func scalars(_ object: [String: Any]) -> [String: String] {
        object.compactMapValues { value in
            switch value {
            case let string as String: string
            case let number as NSNumber: number.stringValue
            default: nil
            }
        }
    }
}
