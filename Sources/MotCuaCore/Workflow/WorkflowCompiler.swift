/// Turns definition documents into workflows: resolves `extends:`, merges states, inserts
/// the procedure's steps, expands placeholders, then validates. Reports every problem.
public enum WorkflowCompiler {
    /// Compiles every document. Templates are compiled too (with no steps), so that a
    /// template's own mistakes surface even before a procedure uses it.
    public static func compile(_ documents: [WorkflowDocument], organization: Organization?,
                               standardDaySeconds: Int = 8 * 3600) -> (workflows: [Workflow], problems: [Problem]) {
        var problems: [Problem] = []
        var byID: [String: [WorkflowDocument]] = [:]
        for doc in documents {
            if let twin = byID[doc.id]?.first(where: { $0.version == doc.version }) {
                problems.append(Problem(code: "duplicate_definition", file: doc.file, line: nil, element: "id",
                                        message: "'\(doc.id)' version \(doc.version) is also defined in \(twin.file)",
                                        hint: "give the newer definition a higher version"))
                continue
            }
            byID[doc.id, default: []].append(doc)
        }
        var workflows: [Workflow] = []
        for doc in documents {
            guard let chain = ancestry(of: doc, byID: byID, problems: &problems) else { continue }
            var merged = MergedDefinition(chain: chain, leaf: doc)
            var found: [Problem] = []
            guard let workflow = merged.build(organization: organization, problems: &found) else { continue }
            // Checks on a workflow that failed to build would only repeat the same mistake.
            if found.contains(where: { $0.severity == .error }) {
                problems += found
                continue
            }
            found += WorkflowValidator.validate(workflow, organization: organization, standardDaySeconds: standardDaySeconds,
                                                isTemplate: doc.kind == .template)
            problems += found
            if doc.kind != .template && !found.contains(where: { $0.severity == .error }) { workflows.append(workflow) }
        }
        var seen = Set<String>()
        problems = problems.filter { seen.insert($0.description).inserted }
        return (workflows, problems)
    }

    /// The chain from the root template down to `doc`; `nil` (with a problem) on a missing
    /// template or a cycle.
    static func ancestry(of doc: WorkflowDocument, byID: [String: [WorkflowDocument]], problems: inout [Problem]) -> [WorkflowDocument]? {
        var chain = [doc]
        var visited = ["\(doc.id)@\(doc.version)"]
        var current = doc
        while let parent = current.extends {
            let (name, version) = split(parent.value)
            let candidates = (byID[name] ?? []).filter { version == nil || $0.version == version }
            guard let next = candidates.max(by: { $0.version < $1.version }) else {
                problems.append(Problem(code: "extends_missing", file: parent.location.file, line: parent.location.line,
                                        element: parent.location.element,
                                        message: "extends '\(parent.value)', which is not defined",
                                        hint: Suggestion.hint(for: name, among: Array(byID.keys), noun: "definition")))
                return nil
            }
            let key = "\(next.id)@\(next.version)"
            if visited.contains(key) {
                problems.append(Problem(code: "extends_cycle", file: parent.location.file, line: parent.location.line,
                                        element: parent.location.element,
                                        message: "extends forms a cycle: \((visited + [key]).joined(separator: " → "))",
                                        hint: "a template must not extend, directly or not, a definition that extends it"))
                return nil
            }
            visited.append(key)
            chain.insert(next, at: 0)
            current = next
        }
        return chain
    }

    private static func split(_ reference: String) -> (String, Int?) {
        let parts = reference.split(separator: "@", maxSplits: 1)
        guard parts.count == 2 else { return (reference, nil) }
        return (String(parts[0]), Int(parts[1]))
    }
}
