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
        var text = text
        let result: Result<[UInt8], Failure> = text.withUTF8 { bytes in
            table.withUnsafeBufferPointer { table in decode(bytes, table: table) }
        }
        return try result.get()
    }

    /// The loop over contiguous bytes, the table in hand (a static read per byte costs a
    /// `swift_once` check each time).
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, table: UnsafeBufferPointer<UInt8>) -> Result<[UInt8], Failure> {
        var out = [UInt8](repeating: 0, count: bytes.count / 4 * 3 + 3)
        var written = 0
        var quad: UInt32 = 0
        var count = 0
        var padding = 0
        var offset = 0
        for byte in bytes {
            offset += 1
            let value = table[Int(byte)]
            if value < 64 {
                guard padding == 0 else { return .failure(Failure(message: "data after the '=' padding at offset \(offset)")) }
                quad = quad << 6 | UInt32(value)
                count += 1
            } else if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                continue
            } else if byte == UInt8(ascii: "=") {
                padding += 1
                if padding > 2 || count % 4 < 2 { return .failure(Failure(message: "misplaced '=' at offset \(offset)")) }
                quad <<= 6
                count += 1
            } else {
                return .failure(Failure(message: "character '\(printable(byte))' at offset \(offset) is not base64"))
            }
            if count & 3 == 0 {
                out[written] = UInt8(truncatingIfNeeded: quad >> 16)
                out[written + 1] = UInt8(truncatingIfNeeded: quad >> 8)
                out[written + 2] = UInt8(truncatingIfNeeded: quad)
                written += 3 - padding
                quad = 0
            }
        }
        if count % 4 != 0 {
            return .failure(Failure(message: "the content is truncated: \(count) base64 characters is not a multiple of 4"))
        }
        out.removeSubrange(written...)
        return .success(out)
    }

    private static func printable(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16, uppercase: true)
    }
}
