import Foundation
import Logging
import MotCuaCore
import PostgresNIO

/// New dossiers of one instance written together: each day's code counter is a single row
/// held from its update to the commit (that is what keeps codes without gaps or repeats
/// across instances), so one transaction per opening would take turns on that row, one
/// commit after another. The openings waiting meanwhile are written by the next
/// transaction as one batch — one counter update for all of them, one commit — as the
/// SQLite store's group committer does.
actor PostgresOpenings {
    /// One opening and where its answer goes.
    struct Pending {
        let opening: PreparedOpening
        let decision: Decision
        let workflow: Workflow
        let claim: IdempotencyClaim?
        let now: Date
        let calendar: WorkingCalendar
        let answer: CheckedContinuation<CommandAnswer, any Error>
    }

    private let database: PostgresDatabase
    private let agency: String
    private let router: NotificationRouter?
    private let people: PeopleCache
    private var waiting: [Pending] = []
    private var writing = false
    /// At most this many openings per transaction.
    static let batchLimit = 64

    init(database: PostgresDatabase, agency: String, router: NotificationRouter?, people: PeopleCache) {
        self.database = database
        self.agency = agency
        self.router = router
        self.people = people
    }

    /// Queues an opening; the answer comes when its batch has committed (or failed).
    func write(_ item: @escaping @Sendable (CheckedContinuation<CommandAnswer, any Error>) -> Pending) async throws -> CommandAnswer {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(item(continuation))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !waiting.isEmpty {
            // Two openings with the same key go to different batches: the second is then
            // answered from the first's record.
            var batch: [Pending] = []
            var keys = Set<String>()
            var rest: [Pending] = []
            for item in waiting {
                let key = item.claim.map { "\($0.user)\u{0}\($0.key)" }
                if batch.count < Self.batchLimit, key.map({ keys.insert($0).inserted }) ?? true { batch.append(item) } else { rest.append(item) }
            }
            waiting = rest
            let outcomes: [Result<CommandAnswer, any Error>]
            do {
                outcomes = try await commit(batch)
            } catch let unknown as PostgresCommitUnknown {
                // The server could not say what became of the transaction (`settledTransaction`
                // asked it): the clients are told to retry (with an Idempotency-Key the retry is
                // answered from whichever outcome happened).
                outcomes = batch.map { _ in .failure(PostgresUnavailable(reason: unknown.description)) }
            } catch {
                outcomes = batch.map { _ in .failure(error) }
            }
            for (item, outcome) in zip(batch, outcomes) { item.answer.resume(with: outcome) }
        }
        writing = false
    }

    /// One transaction for the batch: keys first (a repeated key is answered from its first
    /// answer and takes no code), then one counter update per day for the rest, their rows
    /// (one statement for the dossiers, one for the events), messages and keys.
    private func commit(_ batch: [Pending]) async throws -> [Result<CommandAnswer, any Error>] {
        let (agency, router, logger) = (agency, router, database.logger)
        let people = router == nil ? nil : try await self.people.people(database)
        return try await database.settledTransaction { c in
            var outcomes = [Result<CommandAnswer, any Error>?](repeating: nil, count: batch.count)
            var days: [String: [Int]] = [:]
            var order: [String] = []
            for (i, item) in batch.enumerated() {
                if let claim = item.claim, let previous = try await PostgresStore.claimKey(c, claim, logger: logger) {
                    outcomes[i] = Result { try previous.replay(for: claim) }
                    continue
                }
                let day = PostgresStore.codeDay(item.now, calendar: item.calendar)
                if days[day] == nil { order.append(day) }
                days[day, default: []].append(i)
            }
            // Codes first (one counter update per day), then every row in two statements.
            var coded: [(index: Int, code: String)] = []
            for day in order {
                let members = days[day] ?? []
                let last = try await PostgresStore.reserveCodes(c, agency: agency, day: day, count: members.count, logger: logger)
                for (k, i) in members.enumerated() {
                    coded.append((i, PostgresStore.code(agency: agency, day: day, number: last - members.count + 1 + k)))
                }
            }
            let written = try await PostgresStore.insert(c, coded.map { (batch[$0.index].opening, $0.code) }, logger: logger)
            for ((i, code), (dossier, snapshot, hash)) in zip(coded, written) {
                let item = batch[i]
                if let router {
                    let messages = router.messages(previous: nil, after: dossier, events: item.decision.events, workflow: item.workflow,
                                                   calendar: item.calendar, people: people)
                    try await PostgresStore.enqueue(c, messages, dossier: code, seq: item.decision.events.last?.seq ?? 0,
                                                    at: item.now, logger: logger)
                }
                if let claim = item.claim {
                    try await PostgresStore.saveKey(c, claim, status: 201, snapshot: snapshot, at: item.now, logger: logger)
                }
                outcomes[i] = .success(.applied(DossierStore.Result(dossier: dossier, events: item.decision.events, headHash: hash)))
            }
            return outcomes.map { $0 ?? .failure(PostgresUnavailable(reason: "an opening was left out of its batch")) }
        }
    }
}
