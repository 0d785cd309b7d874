import CLibXML2

/// A document read safely: its root element and what was tolerated on the way.
public struct XMLReading: Sendable, Equatable {
    /// The root element.
    public var root: XMLElement
    /// Problems that did not stop the reading (undeclared prefixes, lenient mode only).
    public var warnings: [XMLReadWarning]
}

/// Reads untrusted XML through libxml2 into `XMLElement` values: no network, no DTD (so no
/// external entity and no expansion bomb), size, depth and attribute count bounded, declared
/// encodings honoured, namespaces resolved whatever the prefixes.
public enum XMLReader {
    /// Reads `bytes` within `limits`; throws `XMLReadError` with line and column.
    public static func read(_ bytes: [UInt8], limits: XMLReadLimits = .strict) throws(XMLReadError) -> XMLReading {
        let parsed = try ParsedXML.parse(bytes, limits: limits)
        return tree(of: parsed)
    }

    /// Parses `bytes` under the same guard and drops the tree: only whether it is acceptable
    /// XML. The floor the edXML benchmark measures itself against (libxml2's own parse).
    public static func check(_ bytes: [UInt8], limits: XMLReadLimits = .strict) throws(XMLReadError) {
        _ = try ParsedXML.parse(bytes, limits: limits)
    }

    /// The values of an already parsed document.
    static func tree(of parsed: ParsedXML) -> XMLReading {
        var warnings: [XMLReadWarning] = []
        let root = element(parsed.root!, warnings: &warnings, checkPrefixes: parsed.namespaceProblems > 0)
        return XMLReading(root: root, warnings: warnings)
    }

    private static func element(_ node: xmlNodePtr, warnings: inout [XMLReadWarning], checkPrefixes: Bool) -> XMLElement {
        let line = Int(xmlGetLineNo(node))
        // With a namespace, libxml2's name is the local name; without one, it may be the whole
        // `prefix:name` of an undeclared prefix.
        var prefix: String? = nil, name: String
        var namespace: String? = nil
        if let ns = node.pointee.ns {
            name = node.pointee.name.map { String(cString: $0) } ?? ""
            namespace = ns.pointee.href.map { String(cString: $0) }
            prefix = ns.pointee.prefix.map { String(cString: $0) }
        } else {
            (prefix, name) = qualified(node.pointee.name)
        }
        if namespace == nil, checkPrefixes, let written = prefix {
            warnings.append(XMLReadWarning(message: "element <\(written):\(name)> uses the prefix '\(written)' without declaring it", line: line))
        }
        var attributes: [XMLAttribute] = []
        var attribute = node.pointee.properties
        while let a = attribute {
            var (attributePrefix, attributeName) = qualified(a.pointee.name)
            var attributeNamespace: String? = nil
            if let ns = a.pointee.ns {
                attributeNamespace = ns.pointee.href.map { String(cString: $0) }
                attributePrefix = ns.pointee.prefix.map { String(cString: $0) }
            } else if checkPrefixes, let written = attributePrefix {
                warnings.append(XMLReadWarning(message: "attribute \(written):\(attributeName) on <\(name)> uses the prefix '\(written)' without declaring it", line: line))
            }
            var value = ""
            var child = a.pointee.children
            while let c = child {
                if let content = c.pointee.content { value += String(cString: content) }
                child = c.pointee.next
            }
            attributes.append(XMLAttribute(namespace: attributeNamespace, prefix: attributePrefix, name: attributeName, value: value))
            attribute = a.pointee.next
        }
        var children: [XMLNode] = []
        var child = node.pointee.children
        while let c = child {
            switch c.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(.element(element(c, warnings: &warnings, checkPrefixes: checkPrefixes)))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = c.pointee.content {
                    let text = String(cString: content)
                    if case .text(let previous) = children.last {
                        children[children.count - 1] = .text(previous + text)
                    } else {
                        children.append(.text(text))
                    }
                }
            default:
                break
            }
            child = c.pointee.next
        }
        return XMLElement(namespace: namespace, prefix: prefix, name: name, attributes: attributes,
                          children: children, line: line)
    }

    /// Splits a name libxml2 kept whole because its prefix was undeclared (`edXML:To`).
    private static func qualified(_ raw: UnsafePointer<xmlChar>?) -> (String?, String) {
        guard let raw else { return (nil, "") }
        let full = String(cString: raw)
        guard let colon = full.utf8.firstIndex(of: UInt8(ascii: ":")) else { return (nil, full) }
        return (String(full[..<colon]), String(full[full.utf8.index(after: colon)...]))
    }
}
