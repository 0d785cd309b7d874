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
        let (decision, workflow) = try DocumentCommand.retirement(of: d, by: code, notation: notation, update: update, actor: actor,
                                                                  at: now, catalog: catalog, calendar: calendar)
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
