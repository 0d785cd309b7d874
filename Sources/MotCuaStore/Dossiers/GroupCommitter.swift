import Foundation
import GRDB

/// Group commit: writes that arrive while a transaction is being committed are batched
/// into the next transaction, each in its own savepoint so that one failing command
/// rolls back alone. No caller is answered before the transaction holding its write has
/// committed (with `synchronous=FULL`, is on disk).
///
/// The batches are written by a thread of their own, not by a task: the cooperative
/// pool is busy deciding the next commands, and a writer queued behind them would leave
/// the disk idle. Blocking that thread on SQLite is what it is for.
final class GroupCommitter: @unchecked Sendable {
    private let pool: DatabasePool
    private let lock = NSLock()
    private var pending: [any PendingWrite] = []
    private var draining = false
    private let queue = DispatchQueue(label: "motcua.group-commit", qos: .userInitiated)
    /// Upper bound on writes per transaction, to bound latency and memory.
    private let maxBatch = 512
    /// What the writer has done so far (touched only by the writer's queue, read under the lock).
    private var totals = WriterStatistics()

    init(pool: DatabasePool) { self.pool = pool }

    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let start = lock.withLock { () -> Bool in
                pending.append(Job(work: work, continuation: continuation))
                if draining { return false }
                draining = true
                return true
            }
            if start { queue.async { self.drain() } }
        }
    }

    /// Transactions, writes and time spent writing since the store opened.
    var statistics: WriterStatistics { lock.withLock { totals } }

    private func drain() {
        while true {
            let batch: [any PendingWrite] = lock.withLock {
                let batch = Array(pending.prefix(maxBatch))
                pending.removeFirst(batch.count)
                if batch.isEmpty { draining = false }
                return batch
            }
            if batch.isEmpty { return }
            let started = ContinuousClock.now
            defer {
                let busy = ContinuousClock.now - started
                lock.withLock {
                    totals.transactions += 1
                    totals.writes += batch.count
                    totals.busySeconds += Double(busy.components.seconds) + Double(busy.components.attoseconds) / 1e18
                }
            }
            do {
                // First without savepoints (two statements a command saved). A command that
                // fails having written nothing (a stale decision, a replay check) fails
                // alone; one that fails after writing rolls the whole batch back, and the
                // batch runs again with a savepoint per command, as it always could.
                do {
                    try pool.write { db in
                        for job in batch where !job.execute(db, isolated: false) { throw BatchNeedsSavepoints() }
                    }
                } catch is BatchNeedsSavepoints {
                    lock.withLock { totals.rerunBatches += 1 }
                    try pool.write { db in
                        for job in batch { _ = job.execute(db, isolated: true) }
                    }
                }
                for job in batch { job.complete(failure: nil) }
            } catch {
                for job in batch { job.complete(failure: error) }
            }
        }
    }
}

/// A command in an unisolated batch failed after writing: the batch must run again with
/// a savepoint per command.
private struct BatchNeedsSavepoints: Error {}

/// A write waiting for its batch.
protocol PendingWrite: AnyObject, Sendable {
    /// Runs the write; `false` when it failed after changing rows outside a savepoint (the
    /// transaction must then be rolled back).
    func execute(_ db: Database, isolated: Bool) -> Bool
    func complete(failure: (any Error)?)
}

/// One caller's write and where to send its result. Its mutable state is touched only by
/// the writer (inside the transaction) and then by `complete`, strictly in that order.
final class Job<T: Sendable>: PendingWrite, @unchecked Sendable {
    let work: @Sendable (Database) throws -> T
    let continuation: CheckedContinuation<T, any Error>
    var result: Swift.Result<T, any Error>?

    init(work: @escaping @Sendable (Database) throws -> T, continuation: CheckedContinuation<T, any Error>) {
        self.work = work
        self.continuation = continuation
    }

    func execute(_ db: Database, isolated: Bool) -> Bool {
        if isolated {
            do {
                var value: T?
                try db.inSavepoint {
                    value = try work(db)
                    return .commit
                }
                result = .success(value!)
            } catch {
                result = .failure(error)
            }
            return true
        }
        // SQLite's total change count moves with every row written (triggers included),
        // even by a statement that then aborts: unchanged means nothing to undo. An SQLite
        // error may have ended the transaction itself, so it always sends the batch back.
        let before = db.totalChangesCount
        do {
            result = .success(try work(db))
            return true
        } catch {
            result = .failure(error)
            return db.totalChangesCount == before && !(error is DatabaseError) && db.isInsideTransaction
        }
    }

    func complete(failure: (any Error)?) {
        if let failure { continuation.resume(throwing: failure) } else { continuation.resume(with: result!) }
    }
}

/// What the group committer has done: how many transactions it committed, how many
/// writes they held, and how long the writer was busy (the write path's bottleneck when
/// it nears the wall time).
public struct WriterStatistics: Sendable {
    /// Transactions committed (or rolled back).
    public var transactions = 0
    /// Writes they held.
    public var writes = 0
    /// Seconds the writer spent in transactions.
    public var busySeconds = 0.0
    /// Batches rolled back and run again with a savepoint per write, because one write
    /// failed after changing rows.
    public var rerunBatches = 0
}
