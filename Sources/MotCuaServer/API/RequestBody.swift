import Foundation
import Hummingbird
import MotCuaCore

/// Strict reading of JSON request bodies: content type, size (1 MiB → 413), UTF-8, an
/// object, known fields only, expected types and lengths. Every failure is a 4xx in the
/// contract's shape; nothing half-read reaches the store.
struct RequestBody {
    static let limit = 1 << 20
    let fields: [String: JSONValue]

    static func read(_ request: Request, allowed: Set<String>, limit: Int = Self.limit) async throws -> RequestBody {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type == "application/json" || type.hasPrefix("application/json;") else {
            throw APIError(.badRequest, "unsupported_content_type", "send the body as JSON with Content-Type: application/json")
        }
        let tooLarge = APIError(.contentTooLarge, "too_large", "the body is larger than \(limit >> 20) MiB")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge }
        var collected = ByteBuffer()
        for try await var chunk in request.body {
            guard collected.readableBytes + chunk.readableBytes <= limit else { throw tooLarge }
            collected.writeBuffer(&chunk)
        }
        let data = Data(collected.readableBytesView)
        guard String(data: data, encoding: .utf8) != nil else {
            throw APIError.malformed("the body is not valid UTF-8")
        }
        guard let value = JSONValue.parse(data) else { throw APIError.malformed("the body is not valid JSON") }
        guard case let .object(fields) = value else { throw APIError.malformed("the body must be a JSON object") }
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.malformed("unknown field '\(unknown)'", details: ["field": .string(unknown),
                                                                          "allowed": .array(allowed.sorted().map(JSONValue.string))])
        }
        return RequestBody(fields: fields)
    }

    /// A string field, trimmed; `nil` when absent or null.
    func string(_ key: String, max: Int, in object: [String: JSONValue]? = nil, path: String? = nil) throws -> String? {
        let source = object ?? fields
        switch source[key] {
        case nil, .null?: return nil
        case let .string(s)?:
            // Counting characters walks the string: only when its bytes could be too many.
            guard s.utf8.count <= max || s.count <= max else {
                throw APIError(.unprocessableContent, "invalid_field", "'\(path ?? key)' is longer than \(max) characters",
                               details: ["field": .string(path ?? key)])
            }
            // A scalar below U+0020 is one byte below 0x20 in UTF-8, and no other byte is.
            if s.utf8.contains(where: { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }) {
                throw APIError(.unprocessableContent, "invalid_field", "'\(path ?? key)' contains control characters",
                               details: ["field": .string(path ?? key)])
            }
            // Nothing to trim when neither end is white space (most values, Vietnamese ones
            // included): no Foundation pass. Unicode's White_Space is the set Foundation
            // trims (Z* and U+0009–U+000D, U+0085).
            if let first = s.unicodeScalars.first, let last = s.unicodeScalars.last,
               !first.properties.isWhitespace, !last.properties.isWhitespace {
                return s
            }
            return s.trimmingCharacters(in: .whitespacesAndNewlines)
        default:
            throw wrongType(path ?? key, "a string")
        }
    }

    /// An integer field within a range.
    func int(_ key: String, in object: [String: JSONValue], path: String, range: ClosedRange<Int>) throws -> Int? {
        var value = object[key]
        // JSON has one number type: 871.0 is the whole number 871 (JSON Schema agrees).
        if case let .double(d)? = value, let whole = Int(exactly: d) { value = .int(whole) }
        switch value {
        case nil, .null?: return nil
        case let .int(i)?:
            guard range.contains(i) else {
                throw APIError(.unprocessableContent, "invalid_field", "'\(path)' must be between \(range.lowerBound) and \(range.upperBound)",
                               details: ["field": .string(path)])
            }
            return i
        default: throw wrongType(path, "a whole number")
        }
    }

    /// An object field.
    func object(_ key: String, in object: [String: JSONValue]? = nil, path: String? = nil) throws -> [String: JSONValue]? {
        switch (object ?? fields)[key] {
        case nil, .null?: return nil
        case let .object(o)?: return o
        default: throw wrongType(path ?? key, "an object")
        }
    }

    /// An array field with at most `max` items.
    func array(_ key: String, max: Int, in object: [String: JSONValue]? = nil) throws -> [JSONValue]? {
        switch (object ?? fields)[key] {
        case nil, .null?: return nil
        case let .array(a)?:
            guard a.count <= max else {
                throw APIError(.unprocessableContent, "invalid_field", "'\(key)' has more than \(max) items", details: ["field": .string(key)])
            }
            return a
        default: throw wrongType(key, "a list")
        }
    }

    /// Rejects an explicit `null` where the schema allows none (in `object`, or the body).
    func rejectNulls(in object: [String: JSONValue]? = nil, path: String? = nil) throws {
        for (key, value) in (object ?? fields).sorted(by: { $0.key < $1.key }) {
            guard case .null = value else { continue }
            let name = path.map { "\($0).\(key)" } ?? key
            throw APIError.malformed("'\(name)' must not be null; leave it out instead", details: ["field": .string(name)])
        }
    }

    /// Rejects keys outside `allowed` in a nested object.
    func checkKeys(_ object: [String: JSONValue], allowed: Set<String>, path: String) throws {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.malformed("unknown field '\(path).\(unknown)'", details: ["field": .string("\(path).\(unknown)")])
        }
    }

    func wrongType(_ field: String, _ expected: String) -> APIError {
        APIError.malformed("'\(field)' must be \(expected)", details: ["field": .string(field)])
    }
}
