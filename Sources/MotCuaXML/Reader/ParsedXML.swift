import CLibXML2

/// A libxml2 document parsed under the guard: the one place a `xmlDocPtr` lives. The reader
/// turns it into `XMLElement` values; the signature code hands it to xmlsec. Not shared
/// between tasks: each parse gets its own.
final class ParsedXML {
    let doc: xmlDocPtr
    /// Undeclared-prefix problems libxml2 reported (lenient reading only).
    let namespaceProblems: Int

    private init(doc: xmlDocPtr, namespaceProblems: Int) {
        self.doc = doc
        self.namespaceProblems = namespaceProblems
    }

    deinit { xmlFreeDoc(doc) }

    /// The root element.
    var root: xmlNodePtr? { xmlDocGetRootElement(doc) }

    /// libxml2's one-time setup (thread-safe parsing, no external entity loader at all).
    static let ready: Void = { mc_xml_init() }()

    /// Parses `bytes` within `limits`. Nothing is fetched from anywhere; a DOCTYPE is refused.
    static func parse(_ bytes: [UInt8], limits: XMLReadLimits) throws(XMLReadError) -> ParsedXML {
        _ = ready
        try precheck(bytes, limits: limits)
        var guardState = mc_xml_guard()
        guardState.max_depth = Int32(clamping: limits.maxDepth)
        guardState.max_attributes = Int32(clamping: limits.maxAttributes)
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_BIG_LINES.rawValue
            | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let outcome: (xmlDocPtr?, Int32) = withUnsafeMutablePointer(to: &guardState) { state in
            guard let context = mc_guarded_context(state) else { return (nil, 0) }
            defer { xmlFreeParserCtxt(context) }
            let doc = bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    xmlCtxtReadMemory(context, $0, Int32(buffer.count), nil, nil, options)
                }
            }
            return (doc, context.pointee.wellFormed)
        }
        let (doc, wellFormed) = outcome
        if let failure = failure(of: guardState, wellFormed: doc != nil && wellFormed != 0, limits: limits) {
            if let doc { xmlFreeDoc(doc) }
            throw failure
        }
        guard let doc, xmlDocGetRootElement(doc) != nil else {
            if let doc { xmlFreeDoc(doc) }
            throw XMLReadError(.malformed, "the document has no root element")
        }
        return ParsedXML(doc: doc, namespaceProblems: Int(guardState.namespace_errors))
    }

    /// Refusals that need no parser: empty, too large, bytes before the first `<`.
    private static func precheck(_ bytes: [UInt8], limits: XMLReadLimits) throws(XMLReadError) {
        if bytes.isEmpty { throw XMLReadError(.empty, "the document is empty") }
        if bytes.count > limits.maxBytes {
            throw XMLReadError(.tooLarge, "the document is \(bytes.count) bytes; at most \(limits.maxBytes) are accepted")
        }
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        // UTF-16 and UTF-32 documents announce themselves with a BOM or zero bytes; libxml2
        // detects those itself.
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) || bytes.first == 0 { return }
        var index = start
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        guard index < bytes.count, bytes[index] != UInt8(ascii: "<") else { return }
        var end = index
        while end < bytes.count, bytes[end] != UInt8(ascii: "<"), end - index < 4096 { end += 1 }
        let shown = bytes[index..<min(end, index + 16)].map { byte in
            (0x21...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16, uppercase: true)
        }.joined()
        let count = end - index
        throw XMLReadError(.strayBytes,
                           "\(count) stray byte\(count == 1 ? "" : "s") (\"\(shown)\(count > 16 ? "…" : "")\") before the XML declaration; the document must start with '<'",
                           line: 1, column: index + 1)
    }

    private static func failure(of g: mc_xml_guard, wellFormed: Bool, limits: XMLReadLimits) -> XMLReadError? {
        func tooDeep(_ line: Int, _ column: Int) -> XMLReadError {
            XMLReadError(.tooDeep, "elements are nested deeper than \(limits.maxDepth) levels", line: line, column: column)
        }
        let line = Int(g.stop_line), column = Int(g.stop_column)
        switch Int(g.stop_reason) {
        case Int(MC_STOP_DTD):
            return XMLReadError(.doctype, "a DOCTYPE is not accepted (no DTDs, no entity declarations)", line: line, column: column)
        case Int(MC_STOP_DEPTH):
            return tooDeep(line, column)
        case Int(MC_STOP_ATTRIBUTES):
            return XMLReadError(.tooManyAttributes, "an element has more than \(limits.maxAttributes) attributes", line: line, column: column)
        default: break
        }
        if !wellFormed || g.error_code != 0 {
            let message = text(of: g.error_message).trimmingSpaces
            let code = Int(g.error_code)
            let kind: XMLReadError.Kind = [9, 31, 32, 79, 81, 6000, 6001, 6002, 6003].contains(code) || message.contains("encoding")
                ? .encoding : .malformed
            let line = Int(g.error_line), column = Int(g.error_column)
            // libxml2's own limit (256) when ours is set higher.
            if message.contains("Excessive depth") { return tooDeep(line, column) }
            return XMLReadError(kind, message.isEmpty ? "the document is not well-formed XML" : message, line: line, column: column)
        }
        if g.namespace_errors > 0 && limits.refuseUndeclaredPrefixes {
            return XMLReadError(.undeclaredPrefix, text(of: g.namespace_message).trimmingSpaces,
                                line: Int(g.namespace_line), column: Int(g.namespace_column))
        }
        return nil
    }

    private static func text<T>(of tuple: T) -> String {
        withUnsafeBytes(of: tuple) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}

extension String {
    /// Without leading and trailing XML whitespace (space, tab, CR, LF), over the UTF-8 bytes
    /// (Character-level trimming costs more than the rest of reading a field).
    var trimmingSpaces: String {
        let bytes = utf8
        guard let first = bytes.first, let last = bytes.last else { return self }
        func space(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        if !space(first) && !space(last) { return self }
        guard let start = bytes.firstIndex(where: { !space($0) }) else { return "" }
        let end = bytes.lastIndex(where: { !space($0) })!
        return String(self[start...end])
    }
}
