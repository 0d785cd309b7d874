import Foundation
import Logging
import MotCuaCore
import PostgresNIO

/// Actions without an Idempotency-Key of one instance written together: the commands that
/// wait while a batch is written go out as the next batch, one statement and one commit for
/// all of them (`PerformBatchStatement`), as the SQLite store's group committer does. One
/// statement per action spent most of its time on what every statement costs (a round
/// trip, the executor's start, a commit); a batch pays that once.
///
/// A batch holds one command per dossier (a second waits for the next batch, where the
/// version check decides between them); `writerLimit` batches are in flight at once, so the
/// database's two cores both work while this instance prepares the next batch.
actor PostgresActions {
    /// One action and where its outcome goes: true when written, false when the dossier
    /// had moved on from the version the action was decided on (nothing written).
    struct Pending {
        let item: PerformBatchStatement.Item
        let answer: CheckedContinuation<Bool, any Error>
    }

    private let database: PostgresDatabase
    private var waiting: [Pending] = []
    private var writers = 0
    /// At most this many actions per statement.
    static let batchLimit = 64
    /// At most this many statements in flight.
    static let writerLimit = 2

    init(database: PostgresDatabase) {
        self.database = database
    }

    /// Writes `item` with the next batch; true when written, false when it was stale.
    func write(_ item: PerformBatchStatement.Item) async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(Pending(item: item, answer: continuation))
            if writers < Self.writerLimit {
                writers += 1
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !waiting.isEmpty {
            var batch: [Pending] = []
            var codes = Set<String>()
            var rest: [Pending] = []
            for pending in waiting {
                if batch.count < Self.batchLimit, codes.insert(pending.item.command.dossier.code).inserted {
                    batch.append(pending)
                } else {
                    rest.append(pending)
                }
            }
            waiting = rest
            // In code order: two batches in flight then lock the rows they share in the same
            // order, and cannot deadlock.
            batch.sort { $0.item.command.dossier.code < $1.item.command.dossier.code }
            let outcomes = await commit(batch.map(\.item))
            for (pending, outcome) in zip(batch, outcomes) { pending.answer.resume(with: outcome) }
        }
        writers -= 1
    }

    /// The batch's outcomes, one per item. A batch the database refused for a reason other
    /// than a lost connection is written again one action at a time, so one bad action
    /// fails alone, not with the 63 written beside it.
    private func commit(_ items: [PerformBatchStatement.Item]) async -> [Result<Bool, any Error>] {
        let logger = database.logger
        do {
            // In a transaction of its own, not the statement's implicit one: that one commits
            // at the Sync after the statement's rows and CommandComplete, which postgres-nio
            // takes as the end of the statement, so a backend ended in between (a failover,
            // `pg_terminate_backend`) lost a batch already reported written. An explicit
            // `COMMIT` answers only once it has committed; a connection lost before it is a
            // plain retry, one lost during it is settled from the rows (`perform`).
            let written = try await database.transaction { c in
                var places = Set<Int>()
                for try await n in try await c.execute(PerformBatchStatement(items: items), logger: logger) { places.insert(n) }
                return places
            }
            return items.indices.map { .success(written.contains($0)) }
        } catch let error as PostgresCommitUnknown {
            return items.map { _ in .failure(error) }
        } catch let error as PostgresUnavailable {
            return items.map { _ in .failure(error) }
        } catch {
            guard items.count > 1 else { return [.failure(error)] }
            var outcomes: [Result<Bool, any Error>] = []
            for item in items {
                do {
                    try await database.transaction { c in
                        try await PostgresStore.commitAlone(c, item.command, messages: item.messages, at: item.now, logger: logger)
                    }
                    outcomes.append(.success(true))
                } catch is StaleDecision {
                    outcomes.append(.success(false))
                } catch {
                    outcomes.append(.failure(error))
                }
            }
            return outcomes
        }
    }
}
