public import Foundation
import GRDB
public import MotCuaCore

/// A file received with a document: the package itself, or one decoded attachment.
public struct DocumentFile: Sendable, Hashable {
    /// File name (unique within the document).
    public var name: String
    /// MIME type.
    public var contentType: String
    /// SHA-256 of `bytes`, lower-case hex.
    public var sha256: String
    /// The bytes.
    public var bytes: Data

    /// A file.
    public init(name: String, contentType: String, sha256: String, bytes: Data) {
        self.name = name
        self.contentType = contentType
        self.sha256 = sha256
        self.bytes = bytes
    }
}

/// Official documents on the dossier store. A document is decided inside the writing
/// transaction, not before it as a dossier is: its duplicate check and its register
/// number must see every document committed before it, and documents are few enough
/// (hundreds a day) that the writer's time does not matter.
extension DossierStore {
    /// Stores an arriving document as a new case in its workflow's entry state, with its
    /// files and its duplicate keys. A duplicate (same `DocumentId`, or same number,
    /// notation and issuing organ as a document already here) is refused with
    /// `StoreError.duplicateDocument` or stored flagged, as `duplicates` says; the very same
    /// package (same SHA-256) is a replay of its first arrival. With `registering`, the
    /// arrival is followed in the same transaction by that action, which registers it. A
    /// keyed request that was answered before is answered the same again.
    public func receive(_ submission: Submission, files: [DocumentFile], by actor: Actor, at now: Date, catalog: WorkflowCatalog,
                        calendar: WorkingCalendar, duplicates: ClericalRules.Policy, registering: String? = nil,
                        idempotency claim: IdempotencyClaim?) async throws -> CommandAnswer {
        guard let document = submission.document else { throw StoreError.rejected(.invalidField("document", reason: "is required")) }
        guard let workflow = catalog.workflow(forProcedure: submission.procedureCode) else {
            throw StoreError.unknownProcedure(submission.procedureCode)
        }
        let (agency, router, cache) = (agencyCode, self.router, self.cache)
        let keys = document.duplicateKeys
        // An update or a replacement retires its original in the same transaction.
        let incoming = document.direction == .incomingDocument
        let supersedes = incoming ? document.supersededDocumentId : nil
        // The cases it may retire (the original and the updates in its place), as they are
        // now: no cached copy of them answers a read until the write is over.
        let chain = try await supersessionChain(of: supersedes)
        let answer = try await cache.whileWriting(chain) {
            try await committer.write { db -> CommandAnswer in
                if let claim, let previous = try IdempotencyRecord.find(db, claim) { return try previous.replay(for: claim) }
                var submission = submission
                // A draft has no number yet: it duplicates nothing, and is keyed when numbered.
                let matches = incoming ? try Self.duplicates(db, of: keys) : []
                // The very same package again (the axis offering it a second time, a retry after
                // a crash): the same arrival, answered as before, never a second case.
                for (code, _) in matches {
                    if let sha = document.packageSHA256, let head = try Self.head(db, code: code, cache: cache),
                       head.dossier.document?.packageSHA256 == sha {
                        return .replayed(status: 201, dossier: head.dossier, body: "")
                    }
                }
                let retiring = try supersedes.map { try Self.supersession(db, of: $0, from: document, cache: cache) }
                // An update may keep its original's number: the documents it replaces are no duplicates of it.
                if let (duplicate, reason) = matches.first(where: { !(retiring?.chain.contains($0.0) ?? false) }) {
                    if duplicates == .refuse { throw StoreError.duplicateDocument(of: duplicate, reason: reason) }
                    submission.document?.duplicateOf = duplicate
                    submission.document?.duplicateReason = reason
                }
                submission.document?.supersedes = retiring?.head.dossier.code
                var decision: Decision
                switch Engine.open(submission, code: "", by: actor, at: now, workflow: workflow, calendar: calendar) {
                case let .failure(rejection): throw StoreError.rejected(rejection)
                case let .success(d): decision = d
                }
                if let action = registering {
                    // Registered on arrival: the book's next number, in this same transaction.
                    var command = Command(action: action)
                    command.registerNumber = try Self.nextRegisterNumber(db, book: document.book, at: now, calendar: calendar)
                    switch Engine.decide(decision.dossier, command, by: actor, at: now, workflow: workflow, calendar: calendar) {
                    case let .failure(rejection): throw StoreError.rejected(rejection)
                    case let .success(registered): decision = Decision(dossier: registered.dossier, events: decision.events + registered.events)
                    }
                }
                let code = try Self.nextCode(db, agency: agency, at: now, calendar: calendar)
                let inserted = try Self.insert(db, PreparedOpening(decision: decision, workflow: workflow), code: code)
                if let number = inserted.0.document?.registerNumber {
                    try Self.registerLine(db, book: document.book, number: number, code: code, at: now, calendar: calendar)
                }
                if incoming {
                    try db.cachedStatement(sql: "INSERT INTO document_keys (case_code, document_id, organ_key) VALUES (?, ?, ?)")
                        .execute(arguments: [code, keys.documentId, keys.organNumberNotation])
                } else if let answered = document.replyTo {
                    try db.cachedStatement(sql: "INSERT INTO document_replies (outgoing_code, incoming_code) VALUES (?, ?)")
                        .execute(arguments: [code, answered])
                }
                for file in files {
                    try db.cachedStatement(sql: "INSERT INTO document_files (case_code, name, content_type, sha256, bytes) VALUES (?, ?, ?, ?, ?)")
                        .execute(arguments: [code, file.name, file.contentType, file.sha256, file.bytes])
                }
                if let retiring {
                    try Self.retire(retiring.head, by: code, notation: document.header.numberAndNotation,
                                    update: document.header.businessType == .update, db: db, actor: actor, at: now,
                                    catalog: catalog, calendar: calendar, router: router)
                }
                return try Self.opened(db, inserted, events: decision.events, router: router, workflow: workflow, calendar: calendar,
                                       claim: claim, at: now)
            }
        }
        if case let .applied(result) = answer {
            for code in chain + [result.dossier.document?.supersedes].compactMap({ $0 }) { cache.remove(code) }
            cache.put(.init(dossier: result.dossier, hash: result.headHash))
        }
        return answer
    }

    /// The cases an arriving document duplicates, and why; empty when it is new.
    static func duplicates(_ db: Database, of keys: DuplicateKeys) throws -> [(String, String)] {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT case_code, document_id, organ_key FROM document_keys WHERE document_id = ? OR organ_key = ?
            ORDER BY case_code LIMIT 20
            """), arguments: [keys.documentId, keys.organNumberNotation])
        return rows.compactMap { row in
            let other = DuplicateKeys(documentId: row["document_id"], organNumberNotation: row["organ_key"])
            return keys.duplicate(of: other).map { (row["case_code"], $0) }
        }
    }

    /// Performs an action on a document case, deciding inside the writing transaction: a
    /// registration takes the book's next number there (a refused or failed command leaves
    /// no gap), a recall deletes the received bytes there.
    func performOnDocument(_ command: Command, on code: String, by actor: Actor, at now: Date, catalog: WorkflowCatalog,
                           calendar: WorkingCalendar, idempotency claim: IdempotencyClaim?) async throws -> CommandAnswer {
        let (router, cache) = (self.router, self.cache)
        do {
            return try await cache.whileWriting(code) {
                let answer = try await committer.write { db -> CommandAnswer in
                    if let claim, let previous = try IdempotencyRecord.find(db, claim) { return try previous.replay(for: claim) }
                    return try Self.decideOnDocument(db, command, on: code, by: actor, at: now, catalog: catalog, calendar: calendar,
                                                     router: router, cache: cache, claim: claim)
                }
                if case let .applied(result) = answer { cache.put(.init(dossier: result.dossier, hash: result.headHash)) }
                return answer
            }
        } catch {
            cache.remove(code)
            throw error
        }
    }

    /// `performOnDocument`'s transaction: decided on the committed dossier, with the book's
    /// next number when the action registers it.
    static func decideOnDocument(_ db: Database, _ command: Command, on code: String, by actor: Actor, at now: Date,
                                 catalog: WorkflowCatalog, calendar: WorkingCalendar, router: NotificationRouter?,
                                 cache: SnapshotCache, claim: IdempotencyClaim?) throws -> CommandAnswer {
        guard let base = try Self.head(db, code: code, cache: cache) else { throw StoreError.dossierNotFound(code) }
        let d = base.dossier
        let workflow = try DocumentCommand.workflow(of: d, in: catalog)
        var command = command
        if let book = DocumentCommand.numberingBook(command, on: d, workflow: workflow) {
            command.registerNumber = try Self.nextRegisterNumber(db, book: book, at: now, calendar: calendar)
        }
        let decision = try DocumentCommand.decide(d, command, by: actor, at: now, workflow: workflow, calendar: calendar)
        let prepared = PreparedCommand(decision: decision, on: d, code: code, previousHash: base.hash ?? EventChain.genesis,
                                       workflow: workflow)
        try Self.apply(db, prepared)
        let after = decision.dossier
        if let number = decision.events.last?.registerNumber, let document = after.document {
            try Self.registerLine(db, book: document.book, number: number, code: code, at: now, calendar: calendar)
            if document.direction == .outgoingDocument {
                // Numbered: now it has the DocumentId its recipients' answers will name.
                let keys = document.duplicateKeys
                try db.execute(sql: "INSERT OR REPLACE INTO document_keys (case_code, document_id, organ_key) VALUES (?, ?, ?)",
                               arguments: [code, keys.documentId, keys.organNumberNotation])
            }
        }
        if after.document?.contentDestroyed == true && d.document?.contentDestroyed != true {
            try db.execute(sql: "DELETE FROM document_files WHERE case_code = ?", arguments: [code])
        }
        try Self.keepOpinions(db, code: code, before: d, after: after, workflow: workflow)
        if let router {
            try Self.enqueue(db, router.messages(previous: d, after: after, events: decision.events, workflow: workflow,
                                                 calendar: calendar, people: UserDirectory(db: db)),
                             dossier: code, events: decision.events, at: now)
        }
        if let claim { try IdempotencyRecord.save(db, claim, status: 200, snapshot: prepared.snapshot, at: now) }
        return .applied(Result(dossier: after, events: decision.events, headHash: prepared.headHash))
    }

    /// The files received with a document (empty once a recall destroyed them).
    public func documentFiles(_ code: String) async throws -> [DocumentFile] {
        try await pool.reading { db in
            try Row.fetchAll(db, sql: "SELECT name, content_type, sha256, bytes FROM document_files WHERE case_code = ? ORDER BY name",
                             arguments: [code]).map { row in
                DocumentFile(name: row["name"], contentType: row["content_type"], sha256: row["sha256"], bytes: row["bytes"])
            }
        }
    }

    /// The case holding a document, by its `DocumentId` (recalls and status packages name it).
    public func documentCase(documentId: String) async throws -> String? {
        try await pool.reading { db in
            try Self.caseCode(db, documentId: documentId)
        }
    }

    /// The first case stored under a `DocumentId` (the original, when updates kept it).
    static func caseCode(_ db: Database, documentId: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT case_code FROM document_keys WHERE document_id = ? ORDER BY case_code LIMIT 1"),
                            arguments: [documentId])
    }

    /// The register line of a number just given (its primary key keeps the number unique).
    static func registerLine(_ db: Database, book: String, number: Int, code: String, at now: Date, calendar: WorkingCalendar) throws {
        try db.cachedStatement(sql: "INSERT INTO document_register (book, year, number, case_code, registered_at) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [book, calendar.local(now).date.year, number, code, now.timeIntervalSince1970])
    }
}
