/// The workflows a running system knows: every version of every definition, so that a
/// dossier always runs on the version it started with, and the newest per procedure for
/// new submissions.
public struct WorkflowCatalog: Sendable {
    private let byIDVersion: [String: Workflow]
    private let newestByProcedure: [String: Workflow]
    private let newestDocuments: [String: Workflow]

    /// A catalog of compiled workflows.
    public init(_ workflows: [Workflow]) {
        var byID: [String: Workflow] = [:]
        var newest: [String: Workflow] = [:]
        var documents: [String: Workflow] = [:]
        for w in workflows {
            byID["\(w.id)@\(w.version)"] = w
            if w.caseKind != .dossier, (documents[w.id]?.version ?? 0) < w.version { documents[w.id] = w }
            guard let code = w.procedure?.code else { continue }
            if let current = newest[code], current.version >= w.version { continue }
            newest[code] = w
        }
        byIDVersion = byID
        newestByProcedure = newest
        newestDocuments = documents
    }

    /// The workflow a dossier runs on.
    public func workflow(id: String, version: Int) -> Workflow? { byIDVersion["\(id)@\(version)"] }

    /// The workflow new submissions of a procedure start on; for documents, whose cases
    /// carry their workflow's id where a dossier carries its procedure code, the newest
    /// document workflow of that id.
    public func workflow(forProcedure code: String) -> Workflow? { newestByProcedure[code] ?? newestDocuments[code] }

    /// The newest document workflow for a kind of document (the first by id when several).
    public func documentWorkflow(_ kind: CaseKind) -> Workflow? {
        newestDocuments.values.filter { $0.caseKind == kind }.min { $0.id < $1.id }
    }

    /// The newest workflow of every procedure, ordered by procedure code.
    public var procedures: [Workflow] { newestByProcedure.values.sorted { ($0.procedure?.code ?? "") < ($1.procedure?.code ?? "") } }

    /// Every version of every workflow.
    public var all: [Workflow] { Array(byIDVersion.values) }
}
