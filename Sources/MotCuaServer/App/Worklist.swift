import Foundation
public import MotCuaCore
public import MotCuaStore

/// The inbox rule, one copy for the API and the console: the queues of the states the
/// reader owns (in steps that name an officer, the unassigned ones and their own), most
/// urgent step first, within the read policy's list scope; each dossier is asked of the
/// policy again (a workflow version the scope did not foresee is still never shown), and
/// the reading is recorded in the personal-data access log under `view`.
public struct Worklist: Sendable {
    let env: ServerEnvironment

    /// The worklist over the server's store and definitions.
    public init(env: ServerEnvironment) { self.env = env }

    /// One page of `user`'s inbox after `cursor`, with what the user may see of each dossier.
    public func page(for user: User, filter: DossierStore.Filter, limit: Int, after cursor: InboxCursor?,
                     view: String) async throws -> (items: [(dossier: Dossier, access: ReadAccess)], next: InboxCursor?) {
        var filter = filter
        filter.scope = ReadPolicy.listScope(role: user.role, department: user.department, workflows: env.catalog.all)
        let page = try await env.dossiers.inbox(queues: WorkQueue.keys(role: user.role, department: user.department, userID: user.id),
                                                filter: filter, limit: limit, after: cursor)
        let visible = page.items.map { d in
            (dossier: d, access: ReadPolicy.access(d, by: user.actor, workflow: env.catalog.workflow(id: d.workflowID, version: d.workflowVersion)))
        }.filter { $0.access != .none }
        let now = env.now()
        try await env.dossiers.recordAccess(visible.map { AccessEntry(dossierCode: $0.dossier.code, reader: user.actor, view: view, at: now) })
        return (visible, page.next)
    }
}
