import Foundation
import MotCuaCore

/// The parts of a document command that both stores decide alike, whatever holds their
/// transaction: the workflow of a case, whether the action takes a register number, and
/// the original's `replace` when an update or replacement arrives.
enum DocumentCommand {
    /// The workflow a stored case runs on.
    static func workflow(of d: Dossier, in catalog: WorkflowCatalog) throws -> Workflow {
        guard let workflow = catalog.workflow(id: d.workflowID, version: d.workflowVersion) else {
            throw StoreError.workflowMissing(id: d.workflowID, version: d.workflowVersion)
        }
        return workflow
    }

    /// The register book `command` takes its next number from: the action leads to a
    /// registration and the document has no number yet. `nil` when it takes none.
    static func numberingBook(_ command: Command, on d: Dossier, workflow: Workflow) -> String? {
        let target = workflow.transition(command.action, from: d.state)?.targetState.flatMap { workflow.states[$0] }
        guard target?.milestone == .registration, let document = d.document, document.registerNumber == nil else { return nil }
        return document.book
    }

    /// The engine's decision, a refusal thrown as the store's error.
    static func decide(_ d: Dossier, _ command: Command, by actor: Actor, at now: Date, workflow: Workflow,
                       calendar: WorkingCalendar) throws -> Decision {
        switch Engine.decide(d, command, by: actor, at: now, workflow: workflow, calendar: calendar) {
        case let .success(decided): decided
        case let .failure(rejection): throw StoreError.rejected(rejection)
        }
    }

    /// The original `d`'s `replace` action, naming the case `code` (numbered `notation`) that
    /// takes its place; an original whose state has no `replace` refuses the whole arrival.
    static func retirement(of d: Dossier, by code: String, notation: String, update: Bool, actor: Actor, at now: Date,
                           catalog: WorkflowCatalog, calendar: WorkingCalendar) throws -> (Decision, Workflow) {
        let workflow = try workflow(of: d, in: catalog)
        var command = Command(action: "replace", reason: "\(update ? "Cập nhật" : "Thay thế") bằng văn bản \(notation) (\(code))")
        command.supersededBy = code
        switch Engine.decide(d, command, by: actor, at: now, workflow: workflow, calendar: calendar) {
        case let .success(decided): return (decided, workflow)
        case .failure(.invalidAction):
            let label = workflow.states[d.state]?.label ?? d.state
            throw StoreError.supersessionRefused(original: d.document?.header.documentId ?? d.code,
                                                 reason: "Văn bản gốc \(d.document?.header.numberAndNotation ?? d.code) ở trạng thái "
                                                     + "\"\(label)\", không thể cập nhật, thay thế")
        case let .failure(rejection): throw StoreError.rejected(rejection)
        }
    }
}

extension DossierRepository {
    /// The cases an update or replacement of `documentId` may retire, as they are now: the
    /// original and every update already in its place (at most 100), so that no cached copy
    /// of them answers a read while the arrival is written.
    func supersessionChain(of documentId: String?) async throws -> [String] {
        var chain: [String] = []
        guard let documentId, var next = try await documentCase(documentId: documentId) else { return chain }
        while !chain.contains(next), chain.count < 100 {
            chain.append(next)
            guard let later = try await dossier(next)?.document?.supersededBy else { break }
            next = later
        }
        return chain
    }
}
