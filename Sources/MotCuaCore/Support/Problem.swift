/// One problem found in a definition or configuration file, located precisely enough
/// for its author to fix it: file, line, element path, what is wrong and a hint.
public struct Problem: Error, Sendable, Hashable, CustomStringConvertible, Codable {
    /// Whether the problem stops the file from loading.
    public enum Severity: String, Sendable, Codable { case error, warning }

    /// Error or warning.
    public var severity: Severity
    /// Stable snake_case identifier of the kind of problem (for tests and tools).
    public var code: String
    /// The file as given by the caller (relative paths stay relative).
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// Path of the element inside the document, e.g. `steps[2].owner.department`.
    public var element: String
    /// What is wrong, in one sentence.
    public var message: String
    /// What to do about it.
    public var hint: String?

    /// A problem with all its parts.
    public init(_ severity: Severity = .error, code: String, file: String, line: Int?, element: String,
                message: String, hint: String? = nil) {
        self.severity = severity
        self.code = code
        self.file = file
        self.line = line
        self.element = element
        self.message = message
        self.hint = hint
    }

    /// `file:line: error: element: message (hint)` — the shape compilers use, so editors link it.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": \(severity.rawValue): \(element.isEmpty ? "(document)" : element): \(message)"
        if let hint { text += " — hint: \(hint)" }
        return text
    }
}

/// Collects problems while a document is read, so that one run reports all of them.
public struct Diagnostics: Sendable {
    /// Everything found so far, in the order found.
    public private(set) var problems: [Problem] = []
    /// The file being read.
    public let file: String

    /// An empty collection for a file.
    public init(file: String) { self.file = file }

    /// Whether any problem is an error.
    public var hasErrors: Bool { problems.contains { $0.severity == .error } }

    /// Records an error.
    public mutating func error(_ code: String, line: Int?, _ element: String, _ message: String, hint: String? = nil) {
        problems.append(Problem(.error, code: code, file: file, line: line, element: element, message: message, hint: hint))
    }

    /// Records a warning.
    public mutating func warning(_ code: String, line: Int?, _ element: String, _ message: String, hint: String? = nil) {
        problems.append(Problem(.warning, code: code, file: file, line: line, element: element, message: message, hint: hint))
    }

    /// Appends problems found elsewhere.
    public mutating func append(contentsOf other: [Problem]) { problems.append(contentsOf: other) }
}
