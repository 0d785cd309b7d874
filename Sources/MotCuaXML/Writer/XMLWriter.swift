/// Writes `XMLElement` values as well-formed, namespace-correct XML in UTF-8, always the same
/// bytes for the same value: namespace declarations first (sorted by prefix), then the
/// attributes in their order, a declaration wherever a prefix is not yet bound to the
/// element's namespace, `xmlns=""` where an unqualified element sits under a default one.
public enum XMLWriter {
    /// The document: declaration, then the root. With `indent`, elements whose children are
    /// all elements are laid out one per line (text content is never touched).
    public static func document(_ root: XMLElement, indent: Bool = true) -> [UInt8] {
        var out: [UInt8] = Array(#"<?xml version="1.0" encoding="UTF-8"?>"#.utf8)
        out.append(0x0A)
        var scope = Scope()
        write(root, into: &out, scope: &scope, depth: 0, indent: indent)
        out.append(0x0A)
        return out
    }

    /// Prefix bindings in force, innermost last.
    private struct Scope {
        /// `xml` is bound by the specification itself and never declared.
        var bindings: [(prefix: String, uri: String)] = [("xml", "http://www.w3.org/XML/1998/namespace")]

        func uri(of prefix: String) -> String? {
            bindings.last { $0.prefix == prefix }?.uri
        }

        func prefix(for uri: String) -> String? {
            bindings.reversed().first { $0.uri == uri && !$0.prefix.isEmpty && self.uri(of: $0.prefix) == uri }?.prefix
        }
    }

    private static func write(_ e: XMLElement, into out: inout [UInt8], scope: inout Scope, depth: Int, indent: Bool) {
        let mark = scope.bindings.count
        var declarations: [(String, String)] = []
        func bind(_ prefix: String, _ uri: String) {
            if scope.uri(of: prefix) != uri {
                scope.bindings.append((prefix, uri))
                declarations.append((prefix, uri))
            }
        }
        let elementPrefix: String
        if let ns = e.namespace {
            elementPrefix = e.prefix ?? ""
            bind(elementPrefix, ns)
        } else {
            elementPrefix = ""
            if let current = scope.uri(of: ""), !current.isEmpty { bind("", "") }
        }
        var attributeNames: [String] = []
        var generated = 0
        for a in e.attributes {
            guard let ns = a.namespace else {
                attributeNames.append(a.name)
                continue
            }
            var p = a.prefix ?? scope.prefix(for: ns)
            if p == nil || p == "" {
                repeat { generated += 1; p = "ns\(generated)" } while scope.uri(of: p!) != nil
            }
            bind(p!, ns)
            attributeNames.append(p! + ":" + a.name)
        }
        let tag = elementPrefix.isEmpty ? e.name : elementPrefix + ":" + e.name
        out.append(UInt8(ascii: "<"))
        out.append(contentsOf: tag.utf8)
        for (prefix, uri) in declarations.sorted(by: { $0.0 < $1.0 }) {
            out.append(contentsOf: (prefix.isEmpty ? " xmlns=\"" : " xmlns:\(prefix)=\"").utf8)
            escape(uri, attribute: true, into: &out)
            out.append(UInt8(ascii: "\""))
        }
        for (name, a) in zip(attributeNames, e.attributes) {
            out.append(0x20)
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: "=\"".utf8)
            escape(a.value, attribute: true, into: &out)
            out.append(UInt8(ascii: "\""))
        }
        if e.children.isEmpty {
            out.append(contentsOf: "/>".utf8)
        } else {
            out.append(UInt8(ascii: ">"))
            let layout = indent && e.children.allSatisfy { if case .element = $0 { true } else { false } }
            for child in e.children {
                switch child {
                case .element(let c):
                    if layout { newline(depth + 1, into: &out) }
                    write(c, into: &out, scope: &scope, depth: depth + 1, indent: indent)
                case .text(let t):
                    escape(t, attribute: false, into: &out)
                }
            }
            if layout { newline(depth, into: &out) }
            out.append(contentsOf: "</".utf8)
            out.append(contentsOf: tag.utf8)
            out.append(UInt8(ascii: ">"))
        }
        scope.bindings.removeSubrange(mark...)
    }

    private static func newline(_ depth: Int, into out: inout [UInt8]) {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: depth * 2))
    }

    /// Escapes markup characters; in attributes also quotes and whitespace that a reader
    /// would otherwise normalise. Characters XML 1.0 forbids (most C0 controls) are dropped.
    static func escape(_ text: String, attribute: Bool, into out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\"") where attribute: out.append(contentsOf: "&quot;".utf8)
            case 0x0D: out.append(contentsOf: "&#xD;".utf8)
            case 0x0A where attribute: out.append(contentsOf: "&#xA;".utf8)
            case 0x09 where attribute: out.append(contentsOf: "&#x9;".utf8)
            case 0x09, 0x0A: out.append(byte)
            case 0x00...0x1F: continue
            default: out.append(byte)
            }
        }
    }
}
