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
    public var data: Data { Data(bytes) }

    /// Serialized JSON text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Serialized JSON as UTF-8 bytes: written byte by byte into one buffer, several times
    /// cheaper than growing a `String` (a page of the inbox is tens of kilobytes).
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(into: &out)
        return out
    }

    private func write(into out: inout [UInt8]) {
        switch self {
        case .null: out += "null".utf8
        case let .bool(b): out += (b ? "true" : "false").utf8
        case let .int(i): out += String(i).utf8
        case let .double(d): out += (d.isFinite ? String(d) : "null").utf8
        case let .string(s): JSONText.quote(s, into: &out)
        case let .array(items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case let .object(dict):
            JSONValue.ordered(dict.sorted { $0.key < $1.key }).write(into: &out)
        case let .ordered(pairs):
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.quote(k, into: &out)
                out.append(UInt8(ascii: ":"))
                v.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Parses JSON bytes strictly (see `StrictJSON`); `nil` for anything else.
    public static func parse(_ data: Data) -> JSONValue? { StrictJSON.parse([UInt8](data)) }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// A string value from a literal.
    public init(stringLiteral value: String) { self = .string(value) }
}
