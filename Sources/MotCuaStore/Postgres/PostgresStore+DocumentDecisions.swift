public import Foundation
import Logging
public import MotCuaCore
import PostgresNIO

/// The parts of a document command decided inside its transaction on PostgreSQL: the case
/// read `FOR UPDATE`, register numbers, supersession, the opinion queues.
extension PostgresStore {
    /// A case and its head hash, locked until the transaction ends: nothing moves it while
    /// the command decided on it commits.
    static func lockedHead(_ c: PostgresConnection, code: String, cache: SnapshotCache, logger: Logger) async throws -> SnapshotCache.Head? {
        guard try await c.rows("SELECT version FROM dossiers WHERE code = \(code) FOR UPDATE", logger: logger).first != nil else { return nil }
        return try await head(c, code: code, cache: cache, logger: logger)
    }

    /// `performOnDocument`'s transaction.
    static func decideOnDocument(_ c: PostgresConnection, _ command: Command, on code: String, by actor: Actor, at now: Date,
                                 catalog: WorkflowCatalog, calendar: WorkingCalendar, router: NotificationRouter?,
                                 people: PostgresPeople?, cache: SnapshotCache, claim: IdempotencyClaim?, logger: Logger) async throws -> CommandAnswer {
        guard let base = try await lockedHead(c, code: code, cache: cache, logger: logger) else { throw StoreError.dossierNotFound(code) }
        let d = base.dossier
        let workflow = try DocumentCommand.workflow(of: d, in: catalog)
        var command = command
        if let book = DocumentCommand.numberingBook(command, on: d, workflow: workflow) {
            command.registerNumber = try await nextRegisterNumber(c, book: book, at: now, calendar: calendar, logger: logger)
        }
        let decision = try DocumentCommand.decide(d, command, by: actor, at: now, workflow: workflow, calendar: calendar)
        let prepared = PreparedCommand(decision: decision, on: d, code: code, previousHash: base.hash ?? EventChain.genesis, workflow: workflow)
        let after = decision.dossier
        let messages = router?.messages(previous: d, after: after, events: decision.events, workflow: workflow, calendar: calendar,
                                        people: people) ?? []
        try await commitAlone(c, prepared, messages: messages, at: now, logger: logger)
        if let number = decision.events.last?.registerNumber, let document = after.document {
            try await registerLine(c, book: document.book, number: number, code: code, at: now, calendar: calendar, logger: logger)
            if document.direction == .outgoingDocument {
                // Numbered: now it has the DocumentId its recipients' answers will name.
                let keys = document.duplicateKeys
                try await c.query("""
                    INSERT INTO document_keys (case_code, document_id, organ_key) VALUES (\(code), \(keys.documentId), \(keys.organNumberNotation))
                    ON CONFLICT (case_code) DO UPDATE SET document_id = EXCLUDED.document_id, organ_key = EXCLUDED.organ_key
                    """, logger: logger)
            }
        }
        if after.document?.contentDestroyed == true && d.document?.contentDestroyed != true {
            try await c.query("DELETE FROM document_files WHERE case_code = \(code)", logger: logger)
        }
        try await keepOpinions(c, code: code, before: d, after: after, workflow: workflow, logger: logger)
        if let claim { try await saveKey(c, claim, status: 200, snapshot: prepared.snapshot, at: now, logger: logger) }
        return .applied(DossierStore.Result(dossier: after, events: decision.events, headHash: prepared.headHash))
    }

    /// The case an update or replacement of `documentId` retires (the original, or the last
    /// update already in its place), locked; `chain` holds every case from the original on.
    static func supersession(_ c: PostgresConnection, of documentId: String, from arriving: DocumentRecord, cache: SnapshotCache,
                             logger: Logger) async throws -> (head: SnapshotCache.Head, chain: Set<String>) {
        let code: String? = try await c.rows("""
            SELECT case_code FROM document_keys WHERE document_id = \(documentId) ORDER BY case_code LIMIT 1
            """, logger: logger).first?.value("case_code")
        guard let code, var head = try await lockedHead(c, code: code, cache: cache, logger: logger),
              head.dossier.document?.direction == .incomingDocument,
              head.dossier.document?.header.from.organId == arriving.header.from.organId
        else {
            throw StoreError.supersessionRefused(original: documentId, reason: "Không có văn bản gốc \(documentId) của cơ quan gửi tại đây")
        }
        var chain: Set<String> = [code]
        while let next = head.dossier.document?.supersededBy, chain.insert(next).inserted,
              let later = try await lockedHead(c, code: next, cache: cache, logger: logger) {
            head = later
        }
        return (head, chain)
    }

    /// The original's `replace` action, naming the case `code` that takes its place, with its
    /// messages queued.
    static func retire(_ c: PostgresConnection, _ head: SnapshotCache.Head, by code: String, notation: String, update: Bool,
                       arrival a: Arrival, router: NotificationRouter?, logger: Logger) async throws {
        let d = head.dossier
        let (decision, workflow) = try DocumentCommand.retirement(of: d, by: code, notation: notation, update: update, actor: a.actor,
                                                                  at: a.now, catalog: a.catalog, calendar: a.calendar)
        let prepared = PreparedCommand(decision: decision, on: d, code: d.code, previousHash: head.hash ?? EventChain.genesis, workflow: workflow)
        let messages = router?.messages(previous: d, after: decision.dossier, events: decision.events, workflow: workflow,
                                        calendar: a.calendar, people: a.people) ?? []
        try await commitAlone(c, prepared, messages: messages, at: a.now, logger: logger)
        try await keepOpinions(c, code: d.code, before: d, after: decision.dossier, workflow: workflow, logger: logger)
    }

    /// Keeps `document_opinions` in step with a document's awaited opinions.
    static func keepOpinions(_ c: PostgresConnection, code: String, before: Dossier, after: Dossier, workflow: Workflow,
                             logger: Logger) async throws {
        let open = !(workflow.states[after.state]?.terminal ?? true)
        let awaited = open ? (after.document?.opinions ?? []).filter { $0.givenAt == nil } : []
        let previous = (before.document?.opinions ?? []).filter { $0.givenAt == nil }
        if open && awaited == previous { return }
        try await c.query("DELETE FROM document_opinions WHERE case_code = \(code)", logger: logger)
        for opinion in awaited {
            try await c.query("""
                INSERT INTO document_opinions (asked_of, opinion_due, case_code) VALUES (\(opinion.department), \(opinion.dueAt.timeIntervalSince1970), \(code))
                """, logger: logger)
        }
    }

    /// The next number of `book` in the local year of `now`: the counter row is upserted in
    /// the command's transaction and held until it ends (no repeat, no gap on rollback).
    static func nextRegisterNumber(_ c: PostgresConnection, book: String, at now: Date, calendar: WorkingCalendar,
                                   logger: Logger) async throws -> Int {
        let year = calendar.local(now).date.year
        return try await c.rows("""
            INSERT INTO register_counters (book, year, value) VALUES (\(book), \(year), 1)
            ON CONFLICT (book, year) DO UPDATE SET value = register_counters.value + 1 RETURNING value
            """, logger: logger).first?.value("value") ?? 1
    }

    /// The register line of a number just given (its primary key keeps the number unique).
    static func registerLine(_ c: PostgresConnection, book: String, number: Int, code: String, at now: Date, calendar: WorkingCalendar,
                             logger: Logger) async throws {
        try await c.query("""
            INSERT INTO document_register (book, year, number, case_code, registered_at)
            VALUES (\(book), \(calendar.local(now).date.year), \(number), \(code), \(now.timeIntervalSince1970))
            """, logger: logger)
    }

    /// Allocates the next number of `book` in a transaction of its own.
    public func allocateRegisterNumber(book: String, at now: Date, calendar: WorkingCalendar) async throws -> Int {
        let logger = self.logger
        return try await database.transaction { c in try await Self.nextRegisterNumber(c, book: book, at: now, calendar: calendar, logger: logger) }
    }

    /// The last number given in `book` for `year` (0 when none yet).
    public func lastRegisterNumber(book: String, year: Int) async throws -> Int {
        let logger = self.logger
        return try await database.read { c in
            try await c.rows("SELECT value FROM register_counters WHERE book = \(book) AND year = \(year)", logger: logger).first?.value("value") ?? 0
        }
    }
}
