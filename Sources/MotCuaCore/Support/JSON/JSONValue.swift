public import Foundation


/// A JSON value for building response bodies with a fixed key order and for reading
/// request bodies strictly (types, unknown fields) before they become domain values.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
    /// An object whose keys keep the given order (responses).
    case ordered([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.data == b.data }
    public func hash(into hasher: inout Hasher) { hasher.combine(data) }

    /// Serialized UTF-8 JSON.
    public var data: Data { Data(text.utf8) }

    /// Serialized JSON text.
    public var text: String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .int(i): out += String(i)
        case let .double(d): out += d.isFinite ? String(d) : "null"
        case let .string(s): JSONText.quote(s, into: &out)
        case let .array(items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case let .object(dict):
            JSONValue.ordered(dict.sorted { $0.key < $1.key }).write(into: &out)
        case let .ordered(pairs):
            out += "{"
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out += "," }
                JSONText.quote(k, into: &out)
                out += ":"
                v.write(into: &out)
            }
            out += "}"
        }
    }

    /// Parses JSON bytes strictly (see `StrictJSON`); `nil` for anything else.
    public static func parse(_ data: Data) -> JSONValue? { StrictJSON.parse([UInt8](data)) }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// A string value from a literal.
    public init(stringLiteral value: String) { self = .string(value) }
}
