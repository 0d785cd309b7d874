/// JSON string literals, written by hand where a `JSONEncoder` would be too slow or would
/// not keep key order. `<` is escaped too, so output is safe to embed in HTML.
public enum JSONText {
    /// Appends `s` as a quoted, escaped JSON string.
    public static func quote(_ s: String, into out: inout String) {
        // Most strings need no escape: one append instead of one per scalar.
        if !s.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 == 0x3C || $0 < 0x20 }) {
            out += "\""
            out += s
            out += "\""
            return
        }
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// Appends `s` as a quoted, escaped JSON string to UTF-8 bytes: the same text as the
    /// `String` form, byte for byte. Runs between escapes are copied whole (most strings
    /// have none: one copy instead of a branch and an append per byte).
    public static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { utf8 in
            var start = 0
            for j in utf8.indices where needsEscape(utf8[j]) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<j]))
                escape(utf8[j], into: &out)
                start = j + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        out.append(0x22)
    }

    @inline(__always)
    private static func needsEscape(_ b: UInt8) -> Bool { b < 0x20 || b == 0x22 || b == 0x5C || b == 0x3C }

    private static func escape(_ b: UInt8, into out: inout [UInt8]) {
        switch b {
        case 0x22: out += [0x5C, 0x22]
        case 0x5C: out += [0x5C, 0x5C]
        case 0x0A: out += [0x5C, UInt8(ascii: "n")]
        case 0x0D: out += [0x5C, UInt8(ascii: "r")]
        case 0x09: out += [0x5C, UInt8(ascii: "t")]
        case 0x3C: out += "\\u003c".utf8
        default:
            let hex = Array("0123456789abcdef".utf8)
            out += "\\u00".utf8
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 0xF)])
        }
    }
}
