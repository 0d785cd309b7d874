public import ArgumentParser
public import MotCuaCore
import MotCuaDefinitions

/// `motcua graph WORKFLOW`: draws a workflow as Mermaid or Graphviz DOT.
struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Draw a workflow (Mermaid or Graphviz DOT).")

    @Argument(help: "Workflow id (optionally id@version) or procedure code.")
    var workflow: String

    @Option(help: "Output format: mermaid or dot.")
    var format: WorkflowGraph.Format = .mermaid

    @OptionGroup var files: ConfigFiles

    func run() throws {
        let calendar = try files.loadCalendar()
        let all = try files.loadWorkflows(calendar: calendar)
        let parts = workflow.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let name = parts.first ?? ""
        let version = parts.count == 2 ? Int(parts[1]) : nil
        let matches = all.filter { ($0.id == name || $0.procedure?.code == name) && (version == nil || $0.version == version) }
        guard let chosen = matches.max(by: { $0.version < $1.version }) else {
            let known = all.map(\.id).sorted().joined(separator: ", ")
            throw UserFailure(message: "no workflow '\(workflow)' in \(files.workflowsDirectory)/; known: \(known)")
        }
        print(WorkflowGraph.render(chosen, format: format), terminator: "")
    }
}

extension WorkflowGraph.Format: ExpressibleByArgument {}
