public import Foundation
public import MotCuaCore

/// The store port the server calls: commands (decided outside the writer, committed
/// durably and exactly once), reads, the access log, deliveries, deadlines and record
/// keeping. `DossierStore` implements it on SQLite, `PostgresStore` on PostgreSQL; the
/// contract suite in `MotCuaStoreTests` runs against each.
public protocol DossierRepository: Sendable {
    /// Agency code: the first part of every dossier code.
    var agencyCode: String { get }

    // Commands.
    /// Logs a submission under the day's next code; a repeated key replays the first answer.
    func open(_ submission: Submission, by actor: Actor, at now: Date, catalog: WorkflowCatalog, calendar: WorkingCalendar,
              idempotency claim: IdempotencyClaim?) async throws -> CommandAnswer
    /// Performs an action (the command carries the expected version, if any).
    func perform(_ command: Command, on code: String, by actor: Actor, at now: Date, catalog: WorkflowCatalog,
                 calendar: WorkingCalendar, idempotency claim: IdempotencyClaim?) async throws -> CommandAnswer

    // Reads.
    /// A dossier by code.
    func dossier(_ code: String) async throws -> Dossier?
    /// A dossier's events in order, with their hashes.
    func events(_ code: String) async throws -> [StoredEvent]
    /// A page in logging order.
    func list(_ filter: DossierStore.Filter, limit: Int, after cursor: Int64?) async throws -> (items: [Dossier], next: Int64?)
    /// An inbox page, most urgent step first.
    func inbox(queues: [String], filter: DossierStore.Filter, limit: Int, after cursor: InboxCursor?) async throws
        -> (items: [Dossier], next: InboxCursor?)
    /// Dossiers waiting in `queues`, per state.
    func inboxCounts(queues: [String]) async throws -> [String: Int]
    /// Keys the inbox queue of rows written before queues existed.
    func assignQueues(catalog: WorkflowCatalog, batch: Int) async throws -> Int

    // Registers and reports.
    /// Rows for the service report: received or finished in `[start, end)`, or overdue at `overdueAt`.
    func reportRows(from start: Date, to end: Date, overdueAt: Date) async throws -> [ReportRow]
    /// The log book's dossiers: received in `[start, end)`, in order of receipt.
    func received(from start: Date, to end: Date, scope: ReadPolicy.ListScope?, limit: Int) async throws -> [Dossier]
    /// Who received each dossier.
    func receivingOfficers(_ codes: [String]) async throws -> [String: Actor]

    // Access log.
    /// Records reads of personal data (batched; flushed before the log is read and at shutdown).
    func recordAccess(_ entries: [AccessEntry]) async throws
    /// Writes every read still waiting.
    func flushAccessLog() async throws
    /// A dossier's reads, oldest first.
    func accessLog(dossier code: String, limit: Int) async throws -> [AccessEntry]
    /// All reads logged.
    func accessLogCount() async throws -> Int

    // Deliveries.
    /// A dossier's outbox rows.
    func outbox(dossier code: String) async throws -> [OutboxRow]
    /// Outbox rows by status.
    func outbox(status: OutboxStatus?) async throws -> [OutboxRow]
    /// Queues a dead or delivered message again.
    func retryOutbox(id: String, at now: Date) async throws -> Bool
    /// Messages due now, at most `limit`, none whose order key is busy.
    func dueMessages(at now: Date, limit: Int, busy: Set<String>, channels: [DeliveryChannel]) async throws -> [DueMessage]
    /// Records an attempt and its outcome.
    func record(_ attempt: AttemptRecord, for message: DueMessage) async throws
    /// Queues every dead message again; returns how many.
    func retryAllDead(at now: Date) async throws -> Int
    /// Queues an agency-level notice (no dossier).
    func enqueueNotice(id: String, to address: String, payload: String, at now: Date) async throws -> Bool
    /// Queues an agency-level message on a channel (no case).
    @discardableResult
    func enqueueNotice(id: String, channel: DeliveryChannel, to address: String, payload: String, at now: Date) async throws -> Bool

    // Deadlines and record keeping.
    /// The deadline warnings recorded for a dossier, in order.
    func deadlineWarnings(_ code: String) async throws -> [(stepSeq: Int, kind: String, state: String)]
    /// Marks overdue and due-soon steps once each; returns the marks made now.
    func scanDeadlines(at now: Date, dueSoonSeconds: Int, calendar: WorkingCalendar, catalog: WorkflowCatalog?) async throws
        -> [DeadlineWarning]
    /// Forgets idempotency keys older than `before`.
    func pruneIdempotencyKeys(before: Date, batch: Int) async throws -> Int
    /// Writes (and mails, when an inspector is named) a signed checkpoint of every chain head.
    func publishCheckpoint(to directory: String, key: AuditKey, at now: Date, iso: String, agencyName: String,
                           inspector: String?) async throws -> String
    /// Checks the history against every signed checkpoint in `directory`.
    func verifyCheckpoints(in directory: String, key: AuditKey) async throws -> (checked: Int, mismatch: CheckpointMismatch?)
    /// Checks every hash chain.
    func verifyAudit() async throws -> (checked: Int, broken: (code: String, reason: String)?)

    /// Runs a scheduled job's round if this instance gets it: no other instance is running
    /// `job` now, and (with `every`) its last round, on any instance, began at least `every`
    /// seconds before `now` — a job never run before starts its clock now and waits. Returns
    /// nil when the round was left to another instance or to later.
    func runJob<T: Sendable>(_ job: String, every: TimeInterval?, at now: Date,
                             _ body: @escaping @Sendable () async throws -> T) async throws -> T?

    // MARK: - Official documents

    /// Stores an arriving document as a new case (duplicates refused or flagged).
    func receive(_ submission: Submission, files: [DocumentFile], by actor: Actor, at now: Date, catalog: WorkflowCatalog,
                 calendar: WorkingCalendar, duplicates: ClericalRules.Policy, registering: String?,
                 idempotency claim: IdempotencyClaim?) async throws -> CommandAnswer
    /// A register book's lines for a year, in number order.
    func register(book: String, year: Int, after: Int, limit: Int) async throws -> [RegisterLine]
    /// Allocates the next number of a register book in a transaction of its own.
    func allocateRegisterNumber(book: String, at now: Date, calendar: WorkingCalendar) async throws -> Int
    /// The last number given in a register book for a year (0 when none yet).
    func lastRegisterNumber(book: String, year: Int) async throws -> Int
    /// The files received with a document.
    func documentFiles(_ code: String) async throws -> [DocumentFile]
    /// The case holding a document, by `DocumentId`.
    func documentCase(documentId: String) async throws -> String?
    /// Makes the directory of agencies what the axis lists.
    func syncAgencies(_ listed: [Agency], at now: Date) async throws -> Int
    /// The directory of agencies.
    func agencies() async throws -> [Agency]
    /// The outgoing documents drafted as replies to each of the incoming `codes`.
    func replies(to codes: [String]) async throws -> [String: [Dossier]]
}

extension DossierRepository {
    /// Logs a new submission (no idempotency key).
    public func open(_ submission: Submission, by actor: Actor, at now: Date, catalog: WorkflowCatalog,
                     calendar: WorkingCalendar) async throws -> DossierStore.Result {
        try await open(submission, by: actor, at: now, catalog: catalog, calendar: calendar, idempotency: nil).applied()
    }

    /// Performs an action on a dossier (no idempotency key).
    public func perform(_ command: Command, on code: String, by actor: Actor, at now: Date, catalog: WorkflowCatalog,
                        calendar: WorkingCalendar) async throws -> DossierStore.Result {
        try await perform(command, on: code, by: actor, at: now, catalog: catalog, calendar: calendar, idempotency: nil).applied()
    }

    /// The first 1,000 reads of a dossier.
    public func accessLog(dossier code: String) async throws -> [AccessEntry] { try await accessLog(dossier: code, limit: 1000) }

    /// Marks overdue and due-soon steps once each, without notices.
    public func scanDeadlines(at now: Date, dueSoonSeconds: Int, calendar: WorkingCalendar) async throws -> [DeadlineWarning] {
        try await scanDeadlines(at: now, dueSoonSeconds: dueSoonSeconds, calendar: calendar, catalog: nil)
    }

    /// Keys older rows' queues in batches of 500.
    public func assignQueues(catalog: WorkflowCatalog) async throws -> Int { try await assignQueues(catalog: catalog, batch: 500) }

    /// Prunes in batches of 1,000.
    public func pruneIdempotencyKeys(before: Date) async throws -> Int { try await pruneIdempotencyKeys(before: before, batch: 1000) }
}

extension DossierStore: DossierRepository {}
