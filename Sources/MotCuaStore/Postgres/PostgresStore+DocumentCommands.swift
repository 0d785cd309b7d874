public import Foundation
import Logging
public import MotCuaCore
import PostgresNIO
import Synchronization

/// Official documents on PostgreSQL. As on SQLite, a document is decided inside its
/// transaction (duplicate check, register number, supersession must see every document
/// committed before it). What the single SQLite writer gave for free is taken here with
/// locks: arrivals take one advisory lock for all instances (documents are hundreds a day,
/// so arrivals taking turns costs nothing and two arrivals of one document on two
/// instances can never both miss each other), and every case a command decides on is read
/// `FOR UPDATE`, so its version cannot move under the decision.
extension PostgresStore {
    /// The advisory lock every arrival holds until its commit.
    static let arrivalLock = "motcua.documents.arrival"

    /// Stores an arriving document as a new case, with its files and duplicate keys: the
    /// same contract as `DossierStore.receive` (refused or flagged duplicates, the same
    /// package replayed, registered on arrival with `registering`, supersession of an
    /// original in the same transaction).
    public func receive(_ submission: Submission, files: [DocumentFile], by actor: Actor, at now: Date, catalog: WorkflowCatalog,
                        calendar: WorkingCalendar, duplicates: ClericalRules.Policy, registering: String?,
                        idempotency claim: IdempotencyClaim?) async throws -> CommandAnswer {
        guard let document = submission.document else { throw StoreError.rejected(.invalidField("document", reason: "is required")) }
        guard let workflow = catalog.workflow(forProcedure: submission.procedureCode) else {
            throw StoreError.unknownProcedure(submission.procedureCode)
        }
        let (agency, router, cache, logger) = (agencyCode, self.router, self.cache, self.logger)
        let incoming = document.direction == .incomingDocument
        let supersedes = incoming ? document.supersededDocumentId : nil
        // The cases it may retire, as they are now: no cached copy answers for them meanwhile.
        let retired = try await supersessionChain(of: supersedes)
        let people = router == nil ? nil : try await self.people.people(database)
        let answer: CommandAnswer
        do {
            answer = try await cache.whileWriting(retired) {
                try await database.transaction { c -> CommandAnswer in
                    if let claim, let previous = try await Self.claimKey(c, claim, logger: logger) { return try previous.replay(for: claim) }
                    try await c.query("SELECT pg_advisory_xact_lock(hashtextextended(\(Self.arrivalLock), 0))", logger: logger)
                    let arrival = Arrival(submission: submission, files: files, actor: actor, now: now, workflow: workflow, catalog: catalog,
                                          calendar: calendar, duplicates: duplicates, registering: registering, claim: claim,
                                          people: people)
                    return try await Self.store(c, arrival, agency: agency, router: router, cache: cache, logger: logger)
                }
            }
        } catch let unknown as PostgresCommitUnknown {
            // The same package again is recognised as its first arrival; the sender (or the
            // poller) retries.
            for code in retired { cache.remove(code) }
            throw PostgresUnavailable(reason: unknown.description)
        }
        if case let .applied(result) = answer {
            for code in retired + [result.dossier.document?.supersedes].compactMap({ $0 }) { cache.remove(code) }
            cache.put(.init(dossier: result.dossier, hash: result.headHash))
        }
        return answer
    }

    /// What `receive` was asked, carried into its transaction.
    struct Arrival: Sendable {
        let submission: Submission
        let files: [DocumentFile]
        let actor: Actor
        let now: Date
        let workflow: Workflow
        let catalog: WorkflowCatalog
        let calendar: WorkingCalendar
        let duplicates: ClericalRules.Policy
        let registering: String?
        let claim: IdempotencyClaim?
        /// The officers' addresses notices are routed to (nil without a router).
        let people: PostgresPeople?
    }

    /// `receive`'s transaction, under the arrival lock.
    static func store(_ c: PostgresConnection, _ a: Arrival, agency: String, router: NotificationRouter?, cache: SnapshotCache,
                      logger: Logger) async throws -> CommandAnswer {
        var submission = a.submission
        guard let document = submission.document else { throw StoreError.rejected(.invalidField("document", reason: "is required")) }
        let incoming = document.direction == .incomingDocument
        let keys = document.duplicateKeys
        let matches = incoming ? try await duplicates(c, of: keys, logger: logger) : []
        for (code, _) in matches {
            if let sha = document.packageSHA256, let head = try await head(c, code: code, cache: cache, logger: logger),
               head.dossier.document?.packageSHA256 == sha {
                return .replayed(status: 201, dossier: head.dossier, body: "")
            }
        }
        let supersedes = incoming ? document.supersededDocumentId : nil
        let retiring = try await supersedes.asyncMap { try await supersession(c, of: $0, from: document, cache: cache, logger: logger) }
        if let (duplicate, reason) = matches.first(where: { !(retiring?.chain.contains($0.0) ?? false) }) {
            if a.duplicates == .refuse { throw StoreError.duplicateDocument(of: duplicate, reason: reason) }
            submission.document?.duplicateOf = duplicate
            submission.document?.duplicateReason = reason
        }
        submission.document?.supersedes = retiring?.head.dossier.code
        var decision: Decision
        switch Engine.open(submission, code: "", by: a.actor, at: a.now, workflow: a.workflow, calendar: a.calendar) {
        case let .failure(rejection): throw StoreError.rejected(rejection)
        case let .success(d): decision = d
        }
        if let action = a.registering {
            var command = Command(action: action)
            command.registerNumber = try await nextRegisterNumber(c, book: document.book, at: a.now, calendar: a.calendar, logger: logger)
            switch Engine.decide(decision.dossier, command, by: a.actor, at: a.now, workflow: a.workflow, calendar: a.calendar) {
            case let .failure(rejection): throw StoreError.rejected(rejection)
            case let .success(registered): decision = Decision(dossier: registered.dossier, events: decision.events + registered.events)
            }
        }
        let day = codeDay(a.now, calendar: a.calendar)
        let code = Self.code(agency: agency, day: day, number: try await reserveCodes(c, agency: agency, day: day, count: 1, logger: logger))
        let (dossier, snapshot, hash) = try await insert(c, PreparedOpening(decision: decision, workflow: a.workflow), code: code, logger: logger)
        if let number = dossier.document?.registerNumber {
            try await registerLine(c, book: document.book, number: number, code: code, at: a.now, calendar: a.calendar, logger: logger)
        }
        if incoming {
            try await c.query("INSERT INTO document_keys (case_code, document_id, organ_key) VALUES (\(code), \(keys.documentId), \(keys.organNumberNotation))",
                              logger: logger)
        } else if let answered = document.replyTo {
            try await c.query("INSERT INTO document_replies (outgoing_code, incoming_code) VALUES (\(code), \(answered))", logger: logger)
        }
        for file in a.files {
            try await c.query("""
                INSERT INTO document_files (case_code, name, content_type, sha256, bytes)
                VALUES (\(code), \(file.name), \(file.contentType), \(file.sha256), \(file.bytes))
                """, logger: logger)
        }
        if let retiring {
            try await retire(c, retiring.head, by: code, notation: document.header.numberAndNotation,
                             update: document.header.businessType == .update, arrival: a, router: router, logger: logger)
        }
        if let router {
            let messages = router.messages(previous: nil, after: dossier, events: decision.events, workflow: a.workflow, calendar: a.calendar,
                                           people: a.people)
            try await enqueue(c, messages, dossier: code, seq: decision.events.last?.seq ?? 0, at: a.now, logger: logger)
        }
        if let claim = a.claim { try await saveKey(c, claim, status: 201, snapshot: snapshot, at: a.now, logger: logger) }
        return .applied(DossierStore.Result(dossier: dossier, events: decision.events, headHash: hash))
    }

    /// The cases an arriving document duplicates, and why; empty when it is new.
    static func duplicates(_ c: PostgresConnection, of keys: DuplicateKeys, logger: Logger) async throws -> [(String, String)] {
        let rows = try await c.rows("""
            SELECT case_code, document_id, organ_key FROM document_keys
            WHERE document_id = \(keys.documentId) OR organ_key = \(keys.organNumberNotation) ORDER BY case_code LIMIT 20
            """, logger: logger)
        return try rows.compactMap { row in
            let other = DuplicateKeys(documentId: try row.value("document_id"), organNumberNotation: try row.value("organ_key"))
            let code: String = try row.value("case_code")
            return keys.duplicate(of: other).map { (code, $0) }
        }
    }

    /// Performs an action on a document case, decided in the transaction on the row read
    /// `FOR UPDATE`: a registration takes the book's next number there, a recall deletes the
    /// received bytes there. A commit whose outcome was lost is settled by the row, as for
    /// dossiers.
    func performOnDocument(_ command: Command, on code: String, by actor: Actor, at now: Date, catalog: WorkflowCatalog,
                           calendar: WorkingCalendar, idempotency claim: IdempotencyClaim?) async throws -> CommandAnswer {
        let (router, cache, logger) = (self.router, self.cache, self.logger)
        let people = router == nil ? nil : try await self.people.people(database)
        let decided = Mutex<DossierStore.Result?>(nil)
        do {
            return try await cache.whileWriting(code) {
                let answer = try await database.transaction { c -> CommandAnswer in
                    if let claim, let previous = try await Self.claimKey(c, claim, logger: logger) { return try previous.replay(for: claim) }
                    let answer = try await Self.decideOnDocument(c, command, on: code, by: actor, at: now, catalog: catalog, calendar: calendar,
                                                                 router: router, people: people, cache: cache, claim: claim,
                                                                 logger: logger)
                    if case let .applied(result) = answer { decided.withLock { $0 = result } }
                    return answer
                }
                if case let .applied(result) = answer { cache.put(.init(dossier: result.dossier, hash: result.headHash)) }
                return answer
            }
        } catch is PostgresCommitUnknown {
            cache.remove(code)
            let result = decided.withLock { $0 }
            if let result, let stored = try await head(code, fresh: true),
               stored.dossier.version == result.dossier.version, stored.hash == result.headHash {
                return .applied(result)
            }
            throw PostgresUnavailable(reason: "the connection was lost while the action on \(code) committed; read the case and send the action again if it is not there")
        } catch {
            cache.remove(code)
            throw error
        }
    }
}

extension Optional {
    /// `map` for an asynchronous transform.
    func asyncMap<U>(_ transform: (Wrapped) async throws -> U) async rethrows -> U? {
        switch self {
        case let .some(value): try await transform(value)
        case .none: nil
        }
    }
}
