/// Why a document could not be read, with where (1-based line and column when known).
public struct XMLReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable for tests and API error codes.
    public enum Kind: String, Sendable, Equatable {
        /// Larger than `XMLReadLimits.maxBytes`.
        case tooLarge = "too_large"
        /// Empty input.
        case empty
        /// Bytes other than whitespace or a byte-order mark before the first `<`.
        case strayBytes = "stray_bytes"
        /// A `<!DOCTYPE`: DTDs (and so entity declarations) are not accepted.
        case doctype
        /// Nested deeper than `XMLReadLimits.maxDepth`.
        case tooDeep = "too_deep"
        /// More attributes on one element than `XMLReadLimits.maxAttributes`.
        case tooManyAttributes = "too_many_attributes"
        /// A prefix used without a declaration (strict reading only).
        case undeclaredPrefix = "undeclared_prefix"
        /// Bytes that do not match the declared (or detected) encoding, or an unknown encoding.
        case encoding
        /// Not well-formed XML.
        case malformed
    }

    /// The kind of failure.
    public var kind: Kind
    /// What is wrong, in one sentence.
    public var message: String
    /// 1-based line, 0 when unknown.
    public var line: Int
    /// 1-based column, 0 when unknown.
    public var column: Int

    /// An error with everything given.
    public init(_ kind: Kind, _ message: String, line: Int = 0, column: Int = 0) {
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
    }

    /// `line L, column C: message`.
    public var description: String {
        line > 0 ? "line \(line), column \(column): \(message)" : message
    }
}

/// A problem that did not stop the reading (an undeclared prefix kept in lenient mode).
public struct XMLReadWarning: Sendable, Equatable, CustomStringConvertible {
    /// What was found.
    public var message: String
    /// 1-based line.
    public var line: Int

    /// A warning with everything given.
    public init(message: String, line: Int) {
        self.message = message
        self.line = line
    }

    /// `line L: message`.
    public var description: String { "line \(line): \(message)" }
}
