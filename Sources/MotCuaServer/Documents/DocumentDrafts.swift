public import Foundation
public import MotCuaCore
public import MotCuaStore

/// Opens an outgoing document's case from a draft, for the API and the console alike: a
/// specialist of a department (the drafting unit, which reviews it) drafts on the
/// outgoing-document workflow, with the draft's files kept by the store.
public struct DocumentDrafts: Sendable {
    let env: ServerEnvironment

    /// Drafting on the server's store and definitions.
    public init(env: ServerEnvironment) { self.env = env }

    /// The new case for `draft` and its `files`, drafted by `user` now.
    public func open(_ draft: DocumentDraft, files: [DocumentFile], by user: User, idempotency claim: IdempotencyClaim?) async throws
        -> CommandAnswer {
        guard user.role == .specialist, let unit = user.department else { throw DocumentEntryFailure.notASpecialist }
        guard let desk = env.documents else { throw DocumentEntryFailure.notConfigured("documents.rules in config/motcua.yaml") }
        guard let workflow = env.catalog.documentWorkflow(.outgoingDocument) else {
            throw DocumentEntryFailure.notConfigured("no outgoing-document workflow in workflows/ (kind: outgoing_document)")
        }
        var draft = draft
        if let code = draft.replyTo {
            // A reply names an incoming document the drafter can read.
            guard let answered = try await env.dossiers.dossier(code), let header = answered.document?.header,
                  answered.document?.direction == .incomingDocument,
                  ReadPolicy.access(answered, by: user.actor, workflow: env.catalog.workflow(id: answered.workflowID, version: answered.workflowVersion))
                      != .none else {
                throw DocumentEntryFailure.refused(.init(code: "invalid_reply", reason: "Không có văn bản đến \(code) mà văn bản này trả lời"))
            }
            draft.replyHeader = header
        }
        let submission: Submission
        switch draft.submission(from: desk.organ, unit: unit, workflowID: workflow.id, rules: desk.rules) {
        case let .failure(refusal): throw DocumentEntryFailure.refused(refusal)
        case let .success(s): submission = s
        }
        return try await env.dossiers.receive(submission, files: files, by: user.actor, at: env.now(), catalog: env.catalog,
                                              calendar: env.calendar, duplicates: .flag, registering: nil, idempotency: claim)
    }
}
