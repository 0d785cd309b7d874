internal import Yams

/// A YAML node with its path in the document, read with every problem recorded into
/// `Diagnostics` instead of thrown, so one pass reports all problems of a file.
struct YAMLNode {
    let node: Node
    /// Element path, e.g. `steps[2].owner`.
    let path: String
    /// Line of the key that holds this value, when it is a mapping value.
    var keyLine: Int? = nil

    /// Line of the value itself.
    var line: Int? { node.mark?.line }
    /// Line that names the element: its key's line, or its own for list items.
    var anchorLine: Int? { keyLine ?? line }

    /// Parses YAML text into its root node; records a syntax error with its line on failure.
    static func parse(_ text: String, diagnostics: inout Diagnostics) -> YAMLNode? {
        guard text.utf8.count <= 4 << 20 else {
            diagnostics.error("file_too_large", line: nil, "", "the file is larger than 4 MiB",
                              hint: "a definition file is a few kilobytes; check that this is the right file")
            return nil
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                diagnostics.error("empty_document", line: nil, "", "the file is empty", hint: "see docs/workflows.md for the format")
                return nil
            }
            return YAMLNode(node: node, path: "")
        } catch let error as YamlError {
            if case let .duplicatedKeysInMapping(duplicates, _) = error, let key = duplicates.sorted().first {
                diagnostics.error("duplicate_key", line: Self.secondOccurrence(of: key, in: text), key,
                                  "the key '\(key)' appears twice in one mapping", hint: "keep one of them")
                return nil
            }
            diagnostics.error("yaml_syntax", line: Self.line(of: error), "", "invalid YAML: \(Self.summary(of: error))",
                              hint: "check indentation and quoting around the reported line")
        } catch {
            diagnostics.error("yaml_syntax", line: nil, "", "invalid YAML: \(error)")
        }
        return nil
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): return mark.line
        default: return nil
        }
    }

    /// The line where `key:` appears again at the same indentation as its first appearance.
    private static func secondOccurrence(of key: String, in text: String) -> Int? {
        var firstIndent: Int?
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let indent = raw.prefix { $0 == " " }.count
            let rest = raw.dropFirst(indent)
            guard rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") else { continue }
            if let first = firstIndent, first == indent { return i + 1 }
            if firstIndent == nil { firstIndent = indent }
        }
        return nil
    }

    private static func summary(of error: YamlError) -> String {
        switch error {
        case let .scanner(context, problem, _, _), let .parser(context, problem, _, _), let .composer(context, problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        default: return String(describing: error).split(separator: "\n").first.map(String.init) ?? "unreadable"
        }
    }

    private func child(_ node: Node, _ suffix: String, keyLine: Int? = nil) -> YAMLNode {
        YAMLNode(node: node, path: path.isEmpty ? suffix : (suffix.hasPrefix("[") ? path + suffix : path + "." + suffix),
                 keyLine: keyLine)
    }

    /// The entries of a mapping, in document order; records an error if this is not one.
    /// Keys not in `allowed` (when given) are reported with a spelling hint.
    func mapping(_ d: inout Diagnostics, allowed: [String]? = nil) -> [(key: String, value: YAMLNode)]? {
        if case .alias = node {
            d.error("yaml_alias", line: line, path, "YAML anchors and aliases are not supported in definitions",
                    hint: "write the value out where it is used")
            return nil
        }
        guard case let .mapping(map) = node else {
            d.error("wrong_type", line: line, path, "expected a mapping (key: value pairs), found \(kind)")
            return nil
        }
        var result: [(key: String, value: YAMLNode)] = []
        var seen = Set<String>()
        for (k, v) in map {
            guard let key = k.string else { continue }
            if !seen.insert(key).inserted {
                d.error("duplicate_key", line: k.mark?.line, child(v, key).path, "the key '\(key)' appears twice",
                        hint: "keep one of them")
                continue
            }
            if let allowed, !allowed.contains(key) {
                d.error("unknown_key", line: k.mark?.line, child(v, key).path, "unknown key '\(key)'",
                        hint: Suggestion.hint(for: key, among: allowed, noun: "key"))
                continue
            }
            result.append((key, child(v, key, keyLine: k.mark?.line)))
        }
        return result
    }

    /// The items of a sequence; records an error if this is not one.
    func sequence(_ d: inout Diagnostics) -> [YAMLNode]? {
        guard case let .sequence(seq) = node else {
            d.error("wrong_type", line: line, path, "expected a list, found \(kind)")
            return nil
        }
        return seq.enumerated().map { child($1, "[\($0)]") }
    }

    /// A scalar as text; records an error for mappings, lists and null.
    func string(_ d: inout Diagnostics) -> String? {
        guard case let .scalar(s) = node, !(s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string))
        else {
            d.error("wrong_type", line: line, path, "expected a text value, found \(kind)")
            return nil
        }
        return s.string
    }

    /// An integer scalar; records an error otherwise.
    func int(_ d: inout Diagnostics) -> Int? {
        guard case let .scalar(s) = node, let value = Int(s.string) else {
            d.error("wrong_type", line: line, path, "expected a whole number, found \(describe)")
            return nil
        }
        return value
    }

    /// A number scalar; records an error otherwise.
    func double(_ d: inout Diagnostics) -> Double? {
        guard case let .scalar(s) = node, let value = Double(s.string), value.isFinite else {
            d.error("wrong_type", line: line, path, "expected a number, found \(describe)")
            return nil
        }
        return value
    }

    /// A boolean scalar; records an error otherwise.
    func bool(_ d: inout Diagnostics) -> Bool? {
        guard case let .scalar(s) = node, let value = Bool(s.string.lowercased()) else {
            d.error("wrong_type", line: line, path, "expected true or false, found \(describe)")
            return nil
        }
        return value
    }

    /// A scalar or a list of scalars, as a list of text values.
    func strings(_ d: inout Diagnostics) -> [String]? {
        if case .scalar = node { return string(&d).map { [$0] } }
        return sequence(&d)?.compactMap { $0.string(&d) }
    }

    var kind: String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case let .scalar(s): s.string.isEmpty || s.string == "null" || s.string == "~" ? "nothing" : "'\(s.string)'"
        }
    }

    private var describe: String { kind }
}
