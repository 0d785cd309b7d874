import Foundation
import GRDB
import MotCuaCore

/// Updates and replacements received (`BussinessDocType` 2 and 3): the new package is
/// registered as a document of its own and its original takes the workflow's `replace`
/// action in the same transaction — linked both ways, 15 to the sender by the
/// `edxml-status` route. An update whose original is not here, or is closed, is refused
/// whole (`StoreError.supersessionRefused`, answered 16): nothing is registered.
extension DossierStore {
    /// The case an update or replacement of the sender's document `documentId` retires
    /// (`head`): that document's, or the last update that already took its place; `chain`
    /// holds every case from the original to it.
    static func supersession(_ db: Database, of documentId: String, from arriving: DocumentRecord,
                             cache: SnapshotCache) throws -> (head: SnapshotCache.Head, chain: Set<String>) {
        guard let code = try Self.caseCode(db, documentId: documentId),
              var head = try Self.head(db, code: code, cache: cache),
              head.dossier.document?.direction == .incomingDocument,
              head.dossier.document?.header.from.organId == arriving.header.from.organId
        else {
            throw StoreError.supersessionRefused(original: documentId, reason: "Không có văn bản gốc \(documentId) của cơ quan gửi tại đây")
        }
        var chain: Set<String> = [code]
        while let next = head.dossier.document?.supersededBy, chain.insert(next).inserted, let later = try Self.head(db, code: next, cache: cache) {
            head = later
        }
        return (head, chain)
    }

    /// The original's `replace` action, naming the case `code` (numbered `notation`) that
    /// takes its place, with its messages queued.
    static func retire(_ head: SnapshotCache.Head, by code: String, notation: String, update: Bool, db: Database, actor: Actor,
                       at now: Date, catalog: WorkflowCatalog, calendar: WorkingCalendar, router: NotificationRouter?) throws {
        let d = head.dossier
        guard let workflow = catalog.workflow(id: d.workflowID, version: d.workflowVersion) else {
            throw StoreError.workflowMissing(id: d.workflowID, version: d.workflowVersion)
        }
        var command = Command(action: "replace", reason: "\(update ? "Cập nhật" : "Thay thế") bằng văn bản \(notation) (\(code))")
        command.supersededBy = code
        let decision: Decision
        switch Engine.decide(d, command, by: actor, at: now, workflow: workflow, calendar: calendar) {
        case let .success(decided): decision = decided
        case .failure(.invalidAction):
            let label = workflow.states[d.state]?.label ?? d.state
            throw StoreError.supersessionRefused(original: d.document?.header.documentId ?? d.code,
                                                 reason: "Văn bản gốc \(d.document?.header.numberAndNotation ?? d.code) ở trạng thái "
                                                     + "\"\(label)\", không thể cập nhật, thay thế")
        case let .failure(rejection): throw StoreError.rejected(rejection)
        }
        let prepared = PreparedCommand(decision: decision, on: d, code: d.code, previousHash: head.hash ?? EventChain.genesis, workflow: workflow)
        try Self.apply(db, prepared)
        try Self.keepOpinions(db, code: d.code, before: d, after: decision.dossier, workflow: workflow)
        if let router {
            try Self.enqueue(db, router.messages(previous: d, after: decision.dossier, events: decision.events, workflow: workflow,
                                                 calendar: calendar, people: UserDirectory(db: db)),
                             dossier: d.code, events: decision.events, at: now)
        }
    }
}
