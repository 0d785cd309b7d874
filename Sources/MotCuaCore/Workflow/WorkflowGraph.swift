import Foundation

/// Drawings of a workflow for people: Mermaid (for docs and issue trackers) and Graphviz DOT.
public enum WorkflowGraph {
    /// Output syntax.
    public enum Format: String, Sendable, CaseIterable { case mermaid, dot }

    /// One drawn edge: several actions between the same two states share it.
    struct Edge: Hashable {
        let from: String
        let to: String
        var labels: [String]
    }

    /// The drawing in the requested syntax.
    public static func render(_ w: Workflow, format: Format) -> String {
        format == .mermaid ? mermaid(w) : dot(w)
    }

    static func edges(_ w: Workflow) -> [Edge] {
        var enteredFrom: [String: [String]] = [:]
        for t in w.transitions { if let to = t.targetState, !(enteredFrom[to]?.contains(t.from) ?? false) { enteredFrom[to, default: []].append(t.from) } }
        var result: [Edge] = []
        func add(_ from: String, _ to: String, _ label: String) {
            if let i = result.firstIndex(where: { $0.from == from && $0.to == to }) {
                if !result[i].labels.contains(label) { result[i].labels.append(label) }
            } else {
                result.append(Edge(from: from, to: to, labels: [label]))
            }
        }
        for t in w.transitions {
            switch t.target {
            case let .state(to): add(t.from, to, t.action)
            case .stay: add(t.from, t.from, t.action)
            case .back: for to in enteredFrom[t.from] ?? [] { add(t.from, to, t.action) }
            }
        }
        return result
    }

    static func mermaid(_ w: Workflow) -> String {
        var lines = ["---", "title: \(escapeMermaid(w.name)) (\(w.id) v\(w.version))", "---", "stateDiagram-v2"]
        for id in w.stateOrder {
            guard let s = w.states[id] else { continue }
            lines.append("    \(id): \(escapeMermaid(s.label)) [\(s.portalStatus)]")
        }
        for (role, state) in w.entry.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            lines.append("    [*] --> \(state): \(role.rawValue)")
        }
        for e in edges(w) { lines.append("    \(e.from) --> \(e.to): \(e.labels.joined(separator: ", "))") }
        for id in w.stateOrder where w.states[id]?.terminal == true { lines.append("    \(id) --> [*]") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func dot(_ w: Workflow) -> String {
        var lines = ["digraph \"\(escapeDot(w.id))\" {", "  rankdir=LR;", "  label=\"\(escapeDot(w.name)) v\(w.version)\";",
                     "  node [shape=box, style=rounded, fontname=\"Helvetica\"];"]
        for id in w.stateOrder {
            guard let s = w.states[id] else { continue }
            let shape = s.terminal ? ", peripheries=2" : (s.clock == .paused ? ", style=\"rounded,dashed\"" : "")
            lines.append("  \"\(id)\" [label=\"\(escapeDot(s.label))\\n(\(id), \(s.portalStatus))\"\(shape)];")
        }
        for e in edges(w) {
            lines.append("  \"\(e.from)\" -> \"\(e.to)\" [label=\"\(escapeDot(e.labels.joined(separator: ", ")))\"];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func escapeDot(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: " ")
    }

    private static func escapeMermaid(_ s: String) -> String {
        s.replacingOccurrences(of: ":", with: "꞉").replacingOccurrences(of: "\n", with: " ")
    }
}
