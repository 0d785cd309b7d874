public import Foundation
public import MotCuaCore

/// The strict JSON reader against Foundation's `JSONSerialization`, input by input:
/// - what the strict reader accepts, `JSONSerialization` accepts with the same values;
/// - what only `JSONSerialization` accepts must break one of the strict reader's documented
///   rules (duplicate keys, depth, number range): the same bytes parse when those rules are
///   off, or hold a number the range rule refuses.
/// A description of the disagreement is returned; `nil` means the two agree.
public enum JSONDifferential {
    /// Checks one input.
    public static func check(_ bytes: [UInt8]) -> String? {
        let strict = StrictJSON.parse(bytes)
        let foundation = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        switch (strict, foundation) {
        case let (value?, other?):
            if same(value, other) { return nil }
            // Foundation on Linux drops U+FEFF wherever it stands, keys included (which can
            // merge two keys): compare with what the input says once those are gone.
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            if bytes.count >= 3, (0...(bytes.count - 3)).contains(where: { Array(bytes[$0..<$0 + 3]) == bom }),
               let stripped = StrictJSON.parse(removing(bom, from: bytes), rules: .grammarOnly), same(stripped, other) {
                return nil
            }
            return "values differ: strict \(value.text.prefix(200)) vs Foundation \(String(describing: other).prefix(200))"
        case (_?, nil):
            return "only the strict reader accepts \(show(bytes))"
        case (nil, _?):
            if StrictJSON.parse(bytes, rules: .grammarOnly) != nil { return nil }
            if foundationLeniency(bytes) { return nil }
            return "Foundation accepts \(show(bytes)) which breaks none of the strict reader's rules"
        case (nil, nil):
            return nil
        }
    }

    /// Whether Foundation accepted `bytes` only through one of its known leniencies, none of
    /// which is JSON for a request body: a byte order mark, UTF-16 or UTF-32 text (it guesses
    /// the encoding), trailing commas. Undoing them must give what the strict grammar takes.
    static func foundationLeniency(_ bytes: [UInt8]) -> Bool {
        var candidates: [[UInt8]] = [bytes]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { candidates.append(Array(bytes.dropFirst(3))) }
        for encoding: String.Encoding in [.utf16BigEndian, .utf16LittleEndian, .utf32BigEndian, .utf32LittleEndian, .utf16, .utf32] {
            if let text = String(data: Data(bytes), encoding: encoding) {
                candidates.append(Array(text.utf8))
                if text.hasPrefix("\u{FEFF}") { candidates.append(Array(text.dropFirst().utf8)) }
            }
        }
        return candidates.contains { StrictJSON.parse(withoutTrailingCommas($0), rules: .grammarOnly) != nil }
    }

    /// Foundation's known leniency, which is not JSON (RFC 8259 has no trailing commas):
    /// `[1,]` and `{"a":1,}`. Removing such commas outside strings gives what Foundation
    /// read; if the strict grammar takes that, the disagreement is Foundation's, not ours.
    static func withoutTrailingCommas(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var inString = false, escaped = false
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                out.append(b)
            } else if b == UInt8(ascii: "\"") {
                inString = true
                out.append(b)
            } else if b == UInt8(ascii: ",") {
                var j = i + 1
                while j < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[j]) { j += 1 }
                if j < bytes.count, bytes[j] == UInt8(ascii: "]") || bytes[j] == UInt8(ascii: "}") { i += 1; continue }
                out.append(b)
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }

    static func withoutFEFF(_ s: String) -> String { String(String.UnicodeScalarView(s.unicodeScalars.filter { $0 != "\u{FEFF}" })) }

    /// `bytes` without any occurrence of `sequence`.
    static func removing(_ sequence: [UInt8], from bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if i + sequence.count <= bytes.count, Array(bytes[i..<i + sequence.count]) == sequence {
                i += sequence.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    static func show(_ bytes: [UInt8]) -> String {
        "\(bytes.count) bytes: " + String(decoding: bytes.prefix(120), as: UTF8.self).debugDescription
    }

    /// Structural equality; numbers compare as doubles (Foundation picks its own number type).
    static func same(_ a: JSONValue, _ b: Any) -> Bool {
        switch a {
        case .null: return b is NSNull
        case let .bool(x):
            guard let n = b as? NSNumber, isBoolean(n) else { return false }
            return n.boolValue == x
        case let .int(x):
            guard let n = b as? NSNumber, !isBoolean(n) else { return false }
            return n.doubleValue == Double(x) && (n.int64Value == Int64(x) || !n.doubleValue.isFinite)
        case let .double(x):
            guard let n = b as? NSNumber, !isBoolean(n) else { return false }
            // Foundation reads long decimals as NSDecimalNumber, whose `doubleValue` is
            // imprecise; the value it holds is its decimal text.
            let value = Double(n.stringValue) ?? n.doubleValue
            return value == x || (value - x).magnitude <= x.magnitude * 1e-15
        case let .string(s):
            guard let other = b as? String else { return false }
            // Foundation on Linux drops U+FEFF from some strings; the strict reader keeps
            // every character it was sent.
            return other == s || withoutFEFF(other) == withoutFEFF(s)
        case let .array(items):
            guard let other = b as? [Any], other.count == items.count else { return false }
            return zip(items, other).allSatisfy { same($0, $1) }
        case let .object(fields):
            guard let other = b as? [String: Any] else { return false }
            // Keys compared without U+FEFF, which Foundation drops from some strings.
            let theirs = Dictionary(other.map { (withoutFEFF($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
            let ours = Dictionary(fields.map { (withoutFEFF($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
            guard theirs.count == ours.count, other.count == fields.count || ours.count < fields.count || theirs.count < other.count
            else { return false }
            return ours.allSatisfy { key, value in theirs[key].map { same(value, $0) } ?? false }
        case let .ordered(pairs):
            return same(.object(Dictionary(pairs, uniquingKeysWith: { a, _ in a })), b)
        }
    }

    static func isBoolean(_ n: NSNumber) -> Bool {
        #if canImport(Darwin)
        return CFGetTypeID(n) == CFBooleanGetTypeID()
        #else
        return n === NSNumber(value: true) || n === NSNumber(value: false) || String(cString: n.objCType) == "c"
        #endif
    }
}
