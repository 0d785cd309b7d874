/// The bounds an untrusted document must stay within. Anything beyond them is refused
/// before it costs memory: the size before parsing starts, depth and attribute count as each
/// start tag is reported.
public struct XMLReadLimits: Sendable, Equatable {
    /// Largest document in bytes.
    public var maxBytes: Int
    /// Deepest element nesting (the root is depth 1).
    public var maxDepth: Int
    /// Most attributes (namespace declarations included) on one element.
    public var maxAttributes: Int
    /// Whether an element or attribute prefix that was never declared refuses the document
    /// (strict) or is kept with a warning (lenient, for real packages that need it).
    public var refuseUndeclaredPrefixes: Bool

    /// Limits with everything given.
    public init(maxBytes: Int, maxDepth: Int, maxAttributes: Int, refuseUndeclaredPrefixes: Bool) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxAttributes = maxAttributes
        self.refuseUndeclaredPrefixes = refuseUndeclaredPrefixes
    }

    /// Strict defaults for definition files such as BPMN: 16 MB, depth 64, 64 attributes.
    public static let strict = XMLReadLimits(maxBytes: 16 << 20, maxDepth: 64, maxAttributes: 64,
                                             refuseUndeclaredPrefixes: true)

    /// edXML packages: 64 MB (attachments travel inside, base64), depth 32, 32 attributes,
    /// undeclared prefixes kept with a warning as the national SDK's own samples need.
    public static let edXML = XMLReadLimits(maxBytes: 64 << 20, maxDepth: 32, maxAttributes: 32,
                                            refuseUndeclaredPrefixes: false)
}
