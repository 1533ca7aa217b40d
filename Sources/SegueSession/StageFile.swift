import SegueCore

/// A stage's value that can be saved between commands (`segue plan`, `segue script`).
public protocol SavedStage: Sendable, Codable {
    /// The key the value is saved under: `plan`, `script`.
    static var stageName: String { get }
}

extension SessionPlan: SavedStage {
    public static var stageName: String { "plan" }
}

extension Script: SavedStage {
    public static var stageName: String { "script" }
}

/// A saved stage with the catalog it was made from, so the next command finds the same tracks.
public struct StageFile<Value: SavedStage>: Sendable, Codable {
    /// The catalog file, as the command that made the stage was given it.
    public var catalog: String
    public var value: Value

    public init(catalog: String, value: Value) {
        self.catalog = catalog
        self.value = value
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        catalog = try c.decode(String.self, forKey: Key("catalog"))
        value = try c.decode(Value.self, forKey: Key(Value.stageName))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(catalog, forKey: Key("catalog"))
        try c.encode(value, forKey: Key(Value.stageName))
    }
}
