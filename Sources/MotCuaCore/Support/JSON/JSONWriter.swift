public import Foundation

/// Writes JSON straight into UTF-8 bytes, keys in the order written: what `JSONValue`
/// renders, without building the tree first (a dossier view is ~40 values; building and
/// then walking the tree cost more than the request's own work). Commas are placed by the
/// writer; the caller writes a key before each value inside an object.
public struct JSONWriter {
    /// The JSON written so far.
    public private(set) var bytes: [UInt8]
    private var needsComma = false

    /// An empty writer with room for `capacity` bytes.
    public init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    /// Opens an object (`{`); close it with `endObject`.
    public mutating func beginObject() { open(UInt8(ascii: "{")) }

    /// Closes the innermost object (`}`).
    public mutating func endObject() { close(UInt8(ascii: "}")) }

    /// Opens an array (`[`); close it with `endArray`.
    public mutating func beginArray() { open(UInt8(ascii: "[")) }

    /// Closes the innermost array (`]`).
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        needsComma = false
    }

    private mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        needsComma = true
    }

    /// An object's key; its value is what is written next.
    public mutating func key(_ k: String) {
        separate()
        JSONText.quote(k, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A value built as a tree (for the rarer, irregular parts of a view).
    public mutating func value(_ v: JSONValue) {
        separate()
        bytes += v.bytes
    }

    /// A string, or `null`.
    public mutating func string(_ s: String?) {
        separate()
        if let s { JSONText.quote(s, into: &bytes) } else { bytes += "null".utf8 }
    }

    /// A whole number, or `null`.
    public mutating func int(_ i: Int?) {
        separate()
        if let i { bytes += String(i).utf8 } else { bytes += "null".utf8 }
    }

    /// `true` or `false`.
    public mutating func bool(_ b: Bool) {
        separate()
        bytes += (b ? "true" : "false").utf8
    }

    /// `null`.
    public mutating func null() {
        separate()
        bytes += "null".utf8
    }

    /// An instant as quoted ISO 8601 text at `offset` (`Timestamp.iso`), or `null`.
    public mutating func time(_ date: Date?, offset: Int) {
        separate()
        if let date { Timestamp.quotedISO(date, offset: offset, into: &bytes) } else { bytes += "null".utf8 }
    }

    /// `key: string` (or `null`).
    public mutating func field(_ k: String, _ s: String?) {
        key(k)
        string(s)
    }

    /// `key: number` (or `null`).
    public mutating func field(_ k: String, _ i: Int?) {
        key(k)
        int(i)
    }
}
