import Foundation
import SegueCore

/// Reads JSON input files and turns decoding failures into messages that name the file and the field.
public enum JSONFile {
    /// Decodes `T` from the file at `url`.
    /// - Throws: `CatalogError` naming the file, and the field path for a malformed value.
    public static func decode<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        let path = url.path
        let data: Data
        do {
            data = try InputFile.read(url)
        } catch let error as FileError {
            // Callers tell a missing file from a bad one by these codes (an unknown listener, a missing voice).
            switch error.code {
            case .notFound: throw CatalogError(.fileNotFound, path: path, message: "no such file")
            default:
                throw CatalogError(
                    .unreadable, path: path, message: error.message + (error.cause.map { " (\($0))" } ?? ""))
            }
        }
        do {
            let decoder = JSONDecoder()
            // "NaN" in a numeric field means unknown; the catalog treats it so.
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(
                positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            return try decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw CatalogError(.malformedJSON, path: path, message: describe(error, in: data))
        } catch {
            throw CatalogError(.malformedJSON, path: path, message: "not valid JSON (\(error))")
        }
    }

    /// Writes `value` as pretty, key-sorted JSON.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(value)
    }

    /// A message for a decoding failure: `line:column: not valid JSON: ...` for a syntax error in `data` (Foundation
    /// gives no position, so `JSONSyntaxError` finds it), else what is wrong and the field path where.
    static func describe(_ error: DecodingError, in data: Data) -> String {
        func location(_ path: [any CodingKey]) -> String {
            guard !path.isEmpty else { return "the top level" }
            return path.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }
                .joined().trimmingPrefix(".").description
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            let bytes = [UInt8](data)
            guard let syntax = JSONSyntaxError.first(in: bytes) else {
                // Valid JSON that the decoder still calls "not valid JSON": a number that does not fit its field.
                return "a number does not fit its field (a fraction where a whole number is expected, "
                    + "or a number out of range); the JSON syntax is valid"
            }
            let (line, column) = JSONSyntaxError.lineAndColumn(of: syntax.offset, in: bytes)
            return "\(line):\(column): not valid JSON: \(syntax.message)"
        case .dataCorrupted(let context):
            return "invalid value at \(location(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "missing required field '\(key.stringValue)' at \(location(context.codingPath))"
        case .typeMismatch(let type, let context):
            return "wrong type at \(location(context.codingPath)): expected \(type) (\(context.debugDescription))"
        case .valueNotFound(let type, let context):
            return "null where \(type) is required at \(location(context.codingPath))"
        @unknown default:
            return "not valid JSON (\(error))"
        }
    }
}
