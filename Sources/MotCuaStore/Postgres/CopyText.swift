import NIOCore

/// Rows for `COPY … FROM STDIN` in PostgreSQL's text format: columns separated by tabs,
/// rows by newlines, and in each value the backslash, tab, newline and carriage return
/// written as backslash sequences, so that no value can end a column, a row or the data
/// (`\.`) early, nor read as NULL (`\N`: a value's own backslash is doubled).
struct CopyText {
    private(set) var buffer: ByteBuffer

    init(capacity: Int = 64 * 1024) { buffer = ByteBufferAllocator().buffer(capacity: capacity) }

    /// Appends one row of non-NULL values.
    mutating func appendRow(_ values: [String]) {
        for (i, value) in values.enumerated() {
            if i > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            append(value)
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    private mutating func append(_ value: String) {
        let utf8 = value.utf8
        if !utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            buffer.writeString(value)
            return
        }
        for byte in utf8 {
            switch byte {
            case 0x5C: buffer.writeBytes([0x5C, 0x5C])
            case 0x09: buffer.writeBytes([0x5C, UInt8(ascii: "t")])
            case 0x0A: buffer.writeBytes([0x5C, UInt8(ascii: "n")])
            case 0x0D: buffer.writeBytes([0x5C, UInt8(ascii: "r")])
            default: buffer.writeInteger(byte)
            }
        }
    }
}
