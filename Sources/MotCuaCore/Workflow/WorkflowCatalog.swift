/// The workflows a running system knows: every version of every definition, so that a
/// dossier always runs on the version it started with, and the newest per procedure for
/// new submissions.
public struct WorkflowCatalog: Sendable {
    private let byIDVersion: [String: Workflow]
    private let newestByProcedure: [String: Workflow]

    /// A catalog of compiled workflows.
    public init(_ workflows: [Workflow]) {
        var byID: [String: Workflow] = [:]
        var newest: [String: Workflow] = [:]
        for w in workflows {
            byID["\(w.id)@\(w.version)"] = w
            guard let code = w.procedure?.code else { continue }
            if let current = newest[code], current.version >= w.version { continue }
            newest[code] = w
        }
        byIDVersion = byID
        newestByProcedure = newest
    }

    /// The workflow a dossier runs on.
    public func workflow(id: String, version: Int) -> Workflow? { byIDVersion["\(id)@\(version)"] }

    /// The workflow new submissions of a procedure start on.
    public func workflow(forProcedure code: String) -> Workflow? { newestByProcedure[code] }

    /// The newest workflow of every procedure, ordered by procedure code.
    public var procedures: [Workflow] { newestByProcedure.values.sorted { ($0.procedure?.code ?? "") < ($1.procedure?.code ?? "") } }

    /// Every version of every workflow.
    public var all: [Workflow] { Array(byIDVersion.values) }
}
