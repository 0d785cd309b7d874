/// A strict JSON reader for request bodies: RFC 8259 grammar over valid UTF-8 (no byte
/// order mark, no trailing data, no lone surrogate escapes), plus three rules of its own,
/// each of which can be switched off in `Rules` (the fuzz oracle does, to tell a rule's
/// refusal from a bug):
/// - **duplicate keys** are refused (which one wins is ambiguous between parsers);
/// - **depth**: arrays and objects nest at most 64 deep;
/// - **number range**: a whole number must lie strictly within ±2^53 (exact in a double,
///   the range every JSON client agrees on); a fraction or exponent must be a finite
///   double; a number literal is at most 40 characters.
/// Anything else is `nil`, never a trap.
public struct StrictJSON {
    /// The reader's own rules beyond the grammar.
    public struct Rules: Sendable {
        /// Refuse an object with the same key twice.
        public var refuseDuplicateKeys = true
        /// Deepest nesting of arrays and objects.
        public var maxDepth = 64
        /// Refuse numbers outside the documented range.
        public var limitNumbers = true

        /// The rules request bodies are read with.
        public static let strict = Rules()
        /// The grammar alone: every rule off (nesting still bounded, so the reader cannot
        /// exhaust the stack).
        public static let grammarOnly = Rules(refuseDuplicateKeys: false, maxDepth: 10_000, limitNumbers: false)
    }

    /// Whole numbers are exact strictly within ±2^53.
    public static let integerLimit = 1 << 53

    private let bytes: [UInt8]
    private let rules: Rules
    private var i = 0
    private var depth = 0

    /// Parses `bytes` under `rules`; `nil` for anything that is not JSON or breaks a rule.
    public static func parse(_ bytes: [UInt8], rules: Rules = .strict) -> JSONValue? {
        guard String(validating: bytes, as: UTF8.self) != nil else { return nil }
        var parser = StrictJSON(bytes: bytes, rules: rules)
        guard let value = parser.value() else { return nil }
        parser.skipSpace()
        return parser.i == bytes.count ? value : nil
    }

    private init(bytes: [UInt8], rules: Rules) {
        self.bytes = bytes
        self.rules = rules
    }

    private mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    private mutating func value() -> JSONValue? {
        skipSpace()
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "\""): return string().map(JSONValue.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return number()
        }
    }

    private mutating func literal(_ word: String, _ value: JSONValue) -> JSONValue? {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { return nil }
        i += w.count
        return value
    }

    private mutating func object() -> JSONValue? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= rules.maxDepth else { return nil }
        i += 1
        var result: [String: JSONValue] = [:]
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(result) }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\""), let key = string() else { return nil }
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            guard let v = value(), !rules.refuseDuplicateKeys || result[key] == nil else { return nil }
            result[key] = v
            skipSpace()
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(result) }
            return nil
        }
    }

    private mutating func array() -> JSONValue? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= rules.maxDepth else { return nil }
        i += 1
        var result: [JSONValue] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(result) }
        while true {
            guard let v = value() else { return nil }
            result.append(v)
            skipSpace()
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(result) }
            return nil
        }
    }

    private mutating func string() -> String? {
        i += 1
        // The whole input was validated as UTF-8 before parsing, and runs are cut only at
        // ASCII bytes (a quote, a backslash), so every run is valid UTF-8 on its own.
        var result = ""
        var start = i
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let run = String(decoding: bytes[start..<i], as: UTF8.self)
                i += 1
                if result.isEmpty { return run }
                result += run
                return result
            }
            if b < 0x20 { return nil }
            if b == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count else { return nil }
                result += String(decoding: bytes[start..<i], as: UTF8.self)
                let e = bytes[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "\""): result.append("\"")
                case UInt8(ascii: "\\"): result.append("\\")
                case UInt8(ascii: "/"): result.append("/")
                case UInt8(ascii: "b"): result.append("\u{08}")
                case UInt8(ascii: "f"): result.append("\u{0C}")
                case UInt8(ascii: "n"): result.append("\n")
                case UInt8(ascii: "r"): result.append("\r")
                case UInt8(ascii: "t"): result.append("\t")
                case UInt8(ascii: "u"):
                    guard var code = hex4() else { return nil }
                    if (0xD800...0xDBFF).contains(code) {
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { return nil }
                        i += 2
                        guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { return nil }
                    result.unicodeScalars.append(scalar)
                default: return nil
                }
                start = i
                continue
            }
            i += 1
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard i + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for b in bytes[i..<i + 4] {
            let d: UInt8
            switch b {
            case 48...57: d = b - 48
            case 65...70: d = b - 55
            case 97...102: d = b - 87
            default: return nil
            }
            v = v * 16 + UInt32(d)
        }
        i += 4
        return v
    }

    private mutating func number() -> JSONValue? {
        let start = i
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, (48...57).contains(bytes[i]) else { return nil }
        if bytes[i] == 48, i + 1 < bytes.count, (48...57).contains(bytes[i + 1]) { return nil }  // no leading zeros
        while i < bytes.count, (48...57).contains(bytes[i]) { i += 1 }
        var isInteger = true
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard i < bytes.count, (48...57).contains(bytes[i]) else { return nil }
            while i < bytes.count, (48...57).contains(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, (48...57).contains(bytes[i]) else { return nil }
            while i < bytes.count, (48...57).contains(bytes[i]) { i += 1 }
        }
        guard let text = String(validating: bytes[start..<i], as: UTF8.self) else { return nil }
        guard rules.limitNumbers else {
            if isInteger, let n = Int(text) { return .int(n) }
            return Double(text).map(JSONValue.double)
        }
        guard i - start <= 40 else { return nil }
        if isInteger {
            // Compared without `abs`, which traps on Int.min.
            guard let n = Int(text), n > -Self.integerLimit, n < Self.integerLimit else { return nil }
            return .int(n)
        }
        guard let d = Double(text), d.isFinite else { return nil }
        return .double(d)
    }
}
