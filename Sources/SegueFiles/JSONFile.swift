import Foundation
import SegueCore

/// Reads JSON input files and turns decoding failures into messages that name the file and the field.
public enum JSONFile {
    /// Decodes `T` from the file at `url`.
    /// - Throws: `CatalogError` naming the file, and the field path for a malformed value.
    public static func decode<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        try decode(type, from: try read(url), path: url.path)
    }

    /// The bytes of the input file at `url`.
    /// - Throws: `CatalogError`: `.fileNotFound` (callers tell a missing file from a bad one by it: an unknown
    ///   listener, a missing voice) or `.unreadable` with the system's reason.
    public static func read(_ url: URL) throws -> Data {
        do {
            return try InputFile.read(url)
        } catch let error as FileError {
            switch error.code {
            case .notFound: throw CatalogError(.fileNotFound, path: url.path, message: "no such file")
            default:
                throw CatalogError(
                    .unreadable, path: url.path, message: error.message + (error.cause.map { " (\($0))" } ?? ""))
            }
        }
    }

    /// Decodes `T` from `data`, the contents of the file at `path` (which only names it in errors): the one way
    /// Segue reads a JSON input, whether from a file or from memory.
    /// - Throws: `CatalogError` naming `path`: the line and column of a syntax error, else the field path of a
    ///   malformed value and, for a number that does not fit, what the field allows.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
        do {
            return try makeDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw CatalogError(.malformedJSON, path: path, message: describe(error, in: data, decoding: T.self))
        } catch let error as any SegueError {
            throw CatalogError(.malformedJSON, path: path, message: error.description)
        } catch {
            throw CatalogError(.malformedJSON, path: path, message: "cannot be read as JSON (\(Swift.type(of: error)))")
        }
    }

    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        // "NaN" in a numeric field means unknown; the catalog treats it so.
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }

    /// Writes `value` as pretty, key-sorted JSON.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(value)
    }

    /// A message for a decoding failure of `T` from `data`: `line:column: not valid JSON: ...` for a syntax error
    /// (Foundation gives no position, so `JSONSyntaxError` finds it), else what is wrong and the field path where.
    /// A number that does not fit its field is also reported by Foundation without a path; a second decode through
    /// `FieldPathDecoder` finds the field, the number and what the field allows.
    static func describe<T: Decodable>(_ error: DecodingError, in data: Data, decoding type: T.Type) -> String {
        if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
            let bytes = [UInt8](data)
            if let syntax = JSONSyntaxError.first(in: bytes) {
                let (line, column) = JSONSyntaxError.lineAndColumn(of: syntax.offset, in: bytes)
                return "\(line):\(column): not valid JSON: \(syntax.message)"
            }
            if let located = locate(T.self, in: data) { return describe(located) }
            if let number = JSONSyntaxError.first(in: bytes, checkingNumbers: true), let field = number.field {
                return "invalid value at \(field): \(number.message)"
            }
            // Valid JSON that the decoder still calls "not valid JSON", and no field to blame.
            return "a number does not fit its field (a fraction where a whole number is expected, "
                + "or a number out of range); the JSON syntax is valid"
        }
        return describe(error)
    }

    /// What is wrong and the field path where, for an error that has one.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            // Foundation's text here is "The given data was not valid JSON.", which says nothing more.
            return "not valid JSON"
        case .dataCorrupted(let context):
            return "invalid value at \(location(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "missing required field '\(key.stringValue)' at \(location(context.codingPath))"
        case .typeMismatch(let type, let context):
            return "wrong type at \(location(context.codingPath)): expected \(type) (\(context.debugDescription))"
        case .valueNotFound(let type, let context):
            return "null where \(type) is required at \(location(context.codingPath))"
        @unknown default:
            return "not valid JSON"
        }
    }

    /// A coding path as a person reads it: `tracks[3].popularity`, or "the top level".
    static func location(_ path: [any CodingKey]) -> String {
        guard !path.isEmpty else { return "the top level" }
        return path.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }
            .joined().trimmingPrefix(".").description
    }

    /// The error of a second decode of `T` through `FieldPathDecoder`, when it is an invalid value with a field path
    /// (what the decoder makes of a number that does not fit). Any other error would mean the second decode went
    /// another way than the first, and is not taken for its cause.
    static func locate<T: Decodable>(_ type: T.Type, in data: Data) -> DecodingError? {
        do {
            _ = try makeDecoder().decode(Located<T>.self, from: data)
        } catch let error as DecodingError {
            guard case .dataCorrupted(let context) = error, !context.codingPath.isEmpty else { return nil }
            return error
        } catch {}
        return nil
    }

    /// `Value`, decoded through a `FieldPathDecoder`.
    private struct Located<Value: Decodable>: Decodable {
        init(from decoder: any Decoder) throws {
            _ = try FieldPathDecoder.decode(Value.self, from: { decoder }, plain: { try Value(from: decoder) })
        }
    }

    /// Why `bytes`, which `JSONSerialization` refused, are not the JSON it reads: a syntax error with its position
    /// (`column 12: not valid JSON: ...` on the first line, `line:column: ...` after it), or a number out of range
    /// with its field path. Nil when neither is found.
    public static func diagnose(_ bytes: [UInt8]) -> String? {
        guard let error = JSONSyntaxError.first(in: bytes, checkingNumbers: true) else { return nil }
        if let field = error.field { return "invalid value at \(field): \(error.message)" }
        let (line, column) = JSONSyntaxError.lineAndColumn(of: error.offset, in: bytes)
        return (line == 1 ? "column \(column)" : "\(line):\(column)") + ": not valid JSON: \(error.message)"
    }
}
