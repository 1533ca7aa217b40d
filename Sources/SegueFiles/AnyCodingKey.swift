/// Any key of a JSON object, to list the keys a file holds (`KeyedDecodingContainer.allKeys`), known or not.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        return nil
    }

    /// The keys of the object `decoder` is at, or none when it is not at an object.
    static func keys(at decoder: any Decoder) -> [String] {
        ((try? decoder.container(keyedBy: AnyCodingKey.self))?.allKeys ?? []).map(\.stringValue)
    }
}
