import MotCuaCore
import MotCuaServer
import MotCuaStore

/// A dossier as an officer may read it: found by its code, with its workflow and what the read
/// policy gives this officer; nil when it does not exist or gives less than asked (the pages
/// answer both alike, telling nothing of the dossier).
struct ReadableDossier {
    let dossier: Dossier
    let workflow: Workflow?
    let access: ReadAccess

    static func find(_ code: String, by user: User, needing minimum: ReadAccess, in env: ServerEnvironment) async throws -> ReadableDossier? {
        guard code.utf8.count <= 100, let d = try await env.dossiers.dossier(code) else { return nil }
        let workflow = env.catalog.workflow(id: d.workflowID, version: d.workflowVersion)
        let access = ReadPolicy.access(d, by: user.actor, workflow: workflow)
        guard access >= minimum, access != .none else { return nil }
        return ReadableDossier(dossier: d, workflow: workflow, access: access)
    }
}
