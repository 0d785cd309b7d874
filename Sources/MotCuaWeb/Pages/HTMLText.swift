import Mustache

/// The templates' escaping (`{{% CONTENT_TYPE: MOTCUA_HTML }}` at the top of each): the
/// same five characters as swift-mustache's HTML escaping (`< > & " '`), over UTF-8 bytes
/// instead of Characters, and no copy at all for text that has none of them — most text
/// (Vietnamese names, labels, dates). The library's walks every Character through a
/// dictionary, which took a quarter of the inbox page's time.
struct HTMLText: MustacheContentType {
    static let name = "MOTCUA_HTML"

    /// Makes the content type known to the template parser (before any template is read).
    static func register() { MustacheContentTypes.register(HTMLText(), named: name) }

    func escapeText(_ text: String) -> String { Self.escape(text) }

    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&")
            || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 32)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "\""): out += Array("&quot;".utf8)
            case UInt8(ascii: "'"): out += Array("&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
