/// Strict base64 for `ContentTransferEncoded`: the standard alphabet, whitespace (line
/// breaks) ignored, padding only at the end, length a multiple of four. Anything else is
/// an error naming the offset, so a truncated or corrupted attachment is never registered
/// as if it were whole.
enum Base64Content {
    /// Why decoding stopped.
    struct Failure: Error, Equatable {
        /// What was wrong.
        var message: String
    }

    private static let table: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            t[Int(c)] = UInt8(i)
        }
        return t
    }()

    static func decode(_ text: String) throws(Failure) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count / 4 * 3)
        var quad: UInt32 = 0
        var count = 0
        var padding = 0
        var offset = 0
        for byte in text.utf8 {
            offset += 1
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                continue
            case UInt8(ascii: "="):
                padding += 1
                if padding > 2 || count % 4 < 2 { throw Failure(message: "misplaced '=' at offset \(offset)") }
                quad <<= 6
                count += 1
            default:
                let value = table[Int(byte)]
                guard value != 0xFF else {
                    throw Failure(message: "character '\(printable(byte))' at offset \(offset) is not base64")
                }
                guard padding == 0 else { throw Failure(message: "data after the '=' padding at offset \(offset)") }
                quad = quad << 6 | UInt32(value)
                count += 1
            }
            if count % 4 == 0 {
                out.append(UInt8(truncatingIfNeeded: quad >> 16))
                if padding < 2 { out.append(UInt8(truncatingIfNeeded: quad >> 8)) }
                if padding < 1 { out.append(UInt8(truncatingIfNeeded: quad)) }
                quad = 0
            }
        }
        if count % 4 != 0 {
            throw Failure(message: "the content is truncated: \(count) base64 characters is not a multiple of 4")
        }
        return out
    }

    private static func printable(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16, uppercase: true)
    }
}
