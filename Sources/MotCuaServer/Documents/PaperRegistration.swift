public import Foundation
public import MotCuaCore
public import MotCuaStore

/// Registers a paper document the clerk enters, for the API and the console alike: entered
/// and numbered in one transaction (the clerk's entry is the registration), in the secret
/// book when marked secret, with its scan kept by the store.
public struct PaperRegistration: Sendable {
    let env: ServerEnvironment

    /// Registration on the server's store and definitions.
    public init(env: ServerEnvironment) { self.env = env }

    /// The new, registered case for `paper` and its `scan`, entered by the clerk `user` now.
    public func register(_ paper: PaperDocument, scan: DocumentFile?, by user: User, idempotency claim: IdempotencyClaim?) async throws
        -> CommandAnswer {
        guard user.role == .clerk else { throw DocumentEntryFailure.notAClerk }
        guard let desk = env.documents else { throw DocumentEntryFailure.notConfigured("documents.rules in config/motcua.yaml") }
        guard let workflow = env.catalog.documentWorkflow(.incomingDocument) else {
            throw DocumentEntryFailure.notConfigured("no incoming-document workflow in workflows/ (kind: incoming_document)")
        }
        let submission: Submission
        switch DocumentArrival.submission(paper, to: desk.organ, workflowID: workflow.id, rules: desk.rules) {
        case let .failure(refusal): throw DocumentEntryFailure.refused(refusal)
        case let .success(s): submission = s
        }
        return try await env.dossiers.receive(submission, files: scan.map { [$0] } ?? [], by: user.actor, at: env.now(), catalog: env.catalog,
                                              calendar: env.calendar, duplicates: desk.rules.duplicates, registering: "register",
                                              idempotency: claim)
    }
}

/// The paper-document rule for the console's form: the API's own checks, on its field names.
public enum PaperRule {
    /// A paper document and its scan from the fields of an API body.
    public static func parse(_ fields: [String: JSONValue]) throws(SubmissionRule.Problem) -> (PaperDocument, DocumentFile?) {
        try SubmissionRule.checked(fields, allowed: PaperDocumentParser.fields, PaperDocumentParser.parse)
    }
}
