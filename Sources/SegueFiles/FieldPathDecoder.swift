import Foundation
import SegueCore

/// A decoder that wraps Foundation's JSON decoder and says where a number did not fit its field.
///
/// Foundation's `JSONDecoder` (on Linux) reports a number too large for its field (`"plays": 1e30`, `1e400`) or a
/// fraction where a whole number is expected as "The given data was not valid JSON." with no coding path: the
/// failure happens inside a container's `decode`, which throws an internal error that the top level rewraps. This
/// decoder forwards every call to Foundation's and turns such a failure into a `DecodingError.dataCorrupted` at the
/// field's path, with the value and the allowed range (`DocumentedRanges` of the type being decoded, else the Swift
/// type's own range). `JSONFile` decodes a second time through it only after a decode failed without a path, so
/// reading a good file costs nothing extra.
struct FieldPathDecoder: Decoder {
    let base: any Decoder
    /// The allowed ranges of the type this decoder is decoding, if it documents them.
    let ranges: (any DocumentedRanges.Type)?

    var codingPath: [any CodingKey] { base.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { base.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keyed(base: try base.container(keyedBy: type), ranges: ranges))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        Unkeyed(base: try base.unkeyedContainer())
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        Single(base: try base.singleValueContainer(), decoder: base)
    }

    /// Decodes `T` through a decoder that wraps `base`, so `T`'s own fields are traced too. Foundation's special
    /// cases (`Date`, `Data`, `URL`, `Decimal`, which it reads from other JSON than their `Codable` form) are left to
    /// `plain`.
    static func decode<T: Decodable>(
        _ type: T.Type, from base: () throws -> any Decoder, plain: () throws -> T
    )
        throws -> T
    {
        if T.self == Date.self || T.self == Data.self || T.self == URL.self || T.self == Decimal.self {
            return try plain()
        }
        return try T(from: FieldPathDecoder(base: try base(), ranges: T.self as? any DocumentedRanges.Type))
    }

    /// Runs a number's decode; a failure that is not a `DecodingError` (Foundation's internal "not representable")
    /// becomes one at `path`, saying what the number was and what the field allows. `retry` reads the number as
    /// a `Double`, to tell a fraction from a number out of range.
    static func number<T>(
        _ type: T.Type, at path: [any CodingKey], field: String?, ranges: (any DocumentedRanges.Type)?,
        _ decode: () throws -> T, retry: () throws -> Double
    ) throws -> T {
        do {
            return try decode()
        } catch let error as DecodingError {
            throw error
        } catch {
            let written = Self.writtenNumber(in: error) ?? (try? retry()).map { "\($0)" }
            let allowed = field.flatMap { ranges?.allowedValues(forField: $0) } ?? Self.range(of: T.self)
            let value = written ?? "the number"
            let whole = T.self is any FixedWidthInteger.Type
            let fraction = whole && (try? retry()).map { $0.isFinite && $0.rounded(.towardZero) != $0 } == true
            let problem = fraction ? "\(value) is not a whole number" : "\(value) is out of range"
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: path, debugDescription: "\(problem) (allowed: \(allowed))"))
        }
    }

    /// The number as the file wrote it, from Foundation's internal error (`numberIsNotRepresentableInSwift(parsed:
    /// "1e30")`), when its description still has that shape.
    static func writtenNumber(in error: any Error) -> String? {
        let text = String(describing: error)
        guard let start = text.range(of: "parsed: \""), let end = text[start.upperBound...].firstIndex(of: "\"")
        else { return nil }
        let number = text[start.upperBound..<end]
        guard !number.isEmpty, number.count <= 40,
            number.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." || $0 == "e" || $0 == "E" })
        else { return nil }
        return String(number)
    }

    /// What a Swift number type holds, for a person.
    static func range<T>(of type: T.Type) -> String {
        switch type {
        case is Int.Type: "a whole number from \(Int.min) to \(Int.max)"
        case is Int64.Type: "a whole number from \(Int64.min) to \(Int64.max)"
        case is Int32.Type: "a whole number from \(Int32.min) to \(Int32.max)"
        case is Int16.Type: "a whole number from \(Int16.min) to \(Int16.max)"
        case is Int8.Type: "a whole number from \(Int8.min) to \(Int8.max)"
        case is UInt.Type: "a whole number from 0 to \(UInt.max)"
        case is UInt64.Type: "a whole number from 0 to \(UInt64.max)"
        case is UInt32.Type: "a whole number from 0 to \(UInt32.max)"
        case is UInt16.Type: "a whole number from 0 to \(UInt16.max)"
        case is UInt8.Type: "a whole number from 0 to \(UInt8.max)"
        case is Float.Type: "a number from \(-Float.greatestFiniteMagnitude) to \(Float.greatestFiniteMagnitude)"
        default: "a number from \(-Double.greatestFiniteMagnitude) to \(Double.greatestFiniteMagnitude)"
        }
    }

    /// A keyed container that traces its numbers and hands nested values a tracing decoder.
    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let base: KeyedDecodingContainer<Key>
        let ranges: (any DocumentedRanges.Type)?

        var codingPath: [any CodingKey] { base.codingPath }
        var allKeys: [Key] { base.allKeys }

        func contains(_ key: Key) -> Bool { base.contains(key) }
        func decodeNil(forKey key: Key) throws -> Bool { try base.decodeNil(forKey: key) }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try base.decode(type, forKey: key) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try base.decode(type, forKey: key) }

        func number<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
            try FieldPathDecoder.number(
                type, at: codingPath + [key], field: key.stringValue, ranges: ranges,
                { try base.decode(type, forKey: key) }, retry: { try base.decode(Double.self, forKey: key) })
        }

        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try number(type, key) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try number(type, key) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try number(type, key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try number(type, key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try number(type, key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try number(type, key) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try number(type, key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try number(type, key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try number(type, key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try number(type, key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try number(type, key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try number(type, key) }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            // A missing key answers as Foundation's does (keyNotFound); a super decoder would read it as null.
            guard base.contains(key) else { return try base.decode(type, forKey: key) }
            return try FieldPathDecoder.decode(
                type, from: { try base.superDecoder(forKey: key) }, plain: { try base.decode(type, forKey: key) })
        }

        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type, forKey key: Key
        ) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            KeyedDecodingContainer(
                Keyed<NestedKey>(base: try base.nestedContainer(keyedBy: type, forKey: key), ranges: nil))
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            Unkeyed(base: try base.nestedUnkeyedContainer(forKey: key))
        }

        func superDecoder() throws -> any Decoder { FieldPathDecoder(base: try base.superDecoder(), ranges: nil) }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            FieldPathDecoder(base: try base.superDecoder(forKey: key), ranges: nil)
        }
    }

    /// An array's container that traces its numbers and hands nested values a tracing decoder.
    struct Unkeyed: UnkeyedDecodingContainer {
        var base: any UnkeyedDecodingContainer

        var codingPath: [any CodingKey] { base.codingPath }
        var count: Int? { base.count }
        var isAtEnd: Bool { base.isAtEnd }
        var currentIndex: Int { base.currentIndex }

        mutating func decodeNil() throws -> Bool { try base.decodeNil() }
        mutating func decode(_ type: Bool.Type) throws -> Bool { try base.decode(type) }
        mutating func decode(_ type: String.Type) throws -> String { try base.decode(type) }

        mutating func number<T: Decodable>(_ type: T.Type) throws -> T {
            let path = codingPath + [IndexKey(index: currentIndex)]
            var copy = base
            return try FieldPathDecoder.number(
                type, at: path, field: nil, ranges: nil, { try base.decode(type) },
                retry: { try copy.decode(Double.self) })
        }

        mutating func decode(_ type: Double.Type) throws -> Double { try number(type) }
        mutating func decode(_ type: Float.Type) throws -> Float { try number(type) }
        mutating func decode(_ type: Int.Type) throws -> Int { try number(type) }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try number(type) }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try number(type) }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try number(type) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try number(type) }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try number(type) }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try number(type) }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try number(type) }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try number(type) }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try number(type) }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            guard !isAtEnd else { return try base.decode(type) }
            return try FieldPathDecoder.decode(
                type, from: { try base.superDecoder() }, plain: { try base.decode(type) })
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type
        ) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            KeyedDecodingContainer(Keyed<NestedKey>(base: try base.nestedContainer(keyedBy: type), ranges: nil))
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            Unkeyed(base: try base.nestedUnkeyedContainer())
        }

        mutating func superDecoder() throws -> any Decoder {
            FieldPathDecoder(base: try base.superDecoder(), ranges: nil)
        }
    }

    /// A single value's container; its number is at the decoder's own path.
    struct Single: SingleValueDecodingContainer {
        let base: any SingleValueDecodingContainer
        /// The decoder of this value, for a nested type that decodes itself from it.
        let decoder: any Decoder

        var codingPath: [any CodingKey] { base.codingPath }

        func decodeNil() -> Bool { base.decodeNil() }
        func decode(_ type: Bool.Type) throws -> Bool { try base.decode(type) }
        func decode(_ type: String.Type) throws -> String { try base.decode(type) }

        func number<T: Decodable>(_ type: T.Type) throws -> T {
            try FieldPathDecoder.number(
                type, at: codingPath, field: nil, ranges: nil, { try base.decode(type) },
                retry: { try base.decode(Double.self) })
        }

        func decode(_ type: Double.Type) throws -> Double { try number(type) }
        func decode(_ type: Float.Type) throws -> Float { try number(type) }
        func decode(_ type: Int.Type) throws -> Int { try number(type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try number(type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try number(type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try number(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try number(type) }
        func decode(_ type: UInt.Type) throws -> UInt { try number(type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try number(type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try number(type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try number(type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try number(type) }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try FieldPathDecoder.decode(type, from: { decoder }, plain: { try base.decode(type) })
        }
    }

    /// An array index in a coding path.
    struct IndexKey: CodingKey {
        let index: Int
        var stringValue: String { "\(index)" }
        var intValue: Int? { index }
        init(index: Int) { self.index = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { index = intValue }
    }
}
