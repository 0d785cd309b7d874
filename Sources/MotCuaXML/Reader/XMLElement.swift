/// An element read from an XML document, as a plain value: its resolved namespace, the
/// prefix it was written with (kept only for messages and for writing back), its local name,
/// attributes, children and the line it started on.
///
/// Readers of a vocabulary (edXML, BPMN) match on `namespace` and `name`, never on the
/// prefix: the same document may be written with any prefix, or with a default namespace.
public struct XMLElement: Sendable, Equatable {
    /// The namespace URI, `nil` when the element is in no namespace (or its prefix was not
    /// declared: see `undeclaredPrefix`).
    public var namespace: String?
    /// The prefix as written, or `nil` for a default-namespace or unqualified name.
    public var prefix: String?
    /// The local name.
    public var name: String
    /// Attributes in document order.
    public var attributes: [XMLAttribute]
    /// Element and text children in document order (comments and processing instructions
    /// are dropped; CDATA is text).
    public var children: [XMLNode]
    /// 1-based line of the start tag (0 when built in memory).
    public var line: Int

    /// An element with everything given.
    public init(namespace: String?, prefix: String? = nil, name: String, attributes: [XMLAttribute] = [],
                children: [XMLNode] = [], line: Int = 0) {
        self.namespace = namespace
        self.prefix = prefix
        self.name = name
        self.attributes = attributes
        self.children = children
        self.line = line
    }

    /// True when the element was written with a prefix that no enclosing element declared.
    /// Such real packages exist (the SDK's `edXML:AttachmentEncoded`): the reader keeps the
    /// element, with `namespace` nil, and reports a warning.
    public var undeclaredPrefix: Bool { namespace == nil && prefix != nil }

    /// The element children, in order.
    public var elements: [XMLElement] {
        children.compactMap { if case .element(let e) = $0 { e } else { nil } }
    }

    /// The concatenated text of the direct text children.
    public var text: String {
        var out = ""
        for case .text(let t) in children { out += t }
        return out
    }

    /// The value of the attribute with this local name (and namespace, when given).
    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        attributes.first { $0.name == name && (namespace == nil || $0.namespace == namespace) }?.value
    }
}

/// One attribute: namespace (nil for unqualified ones), prefix as written, local name, value.
public struct XMLAttribute: Sendable, Equatable {
    /// The namespace URI of a prefixed attribute, `nil` for an unqualified one.
    public var namespace: String?
    /// The prefix as written.
    public var prefix: String?
    /// The local name.
    public var name: String
    /// The value, with entity and character references resolved.
    public var value: String

    /// An attribute with everything given.
    public init(namespace: String? = nil, prefix: String? = nil, name: String, value: String) {
        self.namespace = namespace
        self.prefix = prefix
        self.name = name
        self.value = value
    }
}

/// A child of an element.
public enum XMLNode: Sendable, Equatable {
    /// A child element.
    case element(XMLElement)
    /// Character data (text or CDATA).
    case text(String)
}
