import Foundation
import SegueCore

/// Reads JSON input files and turns decoding failures into messages that name the file and the field.
public enum JSONFile {
    /// Decodes `T` from the file at `url`.
    /// - Throws: `CatalogError` naming the file, and the field path for a malformed value.
    public static func decode<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw CatalogError(.fileNotFound, path: path, message: "no such file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CatalogError(.unreadable, path: path, message: "cannot be read (\(String(cString: strerror(errno))))")
        }
        do {
            let decoder = JSONDecoder()
            // "NaN" in a numeric field means unknown; the catalog treats it so.
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(
                positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            return try decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw CatalogError(.malformedJSON, path: path, message: describe(error))
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

    static func describe(_ error: DecodingError) -> String {
        func location(_ path: [any CodingKey]) -> String {
            guard !path.isEmpty else { return "the top level" }
            return path.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }
                .joined().trimmingPrefix(".").description
        }
        switch error {
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "not valid JSON at \(location(context.codingPath)): \(underlying ?? context.debugDescription)"
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
