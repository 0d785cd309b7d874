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

    private func drain() {
        while true {
            let batch: [any PendingWrite] = lock.withLock {
                let batch = Array(pending.prefix(maxBatch))
                pending.removeFirst(batch.count)
                if batch.isEmpty { draining = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                try pool.write { db in
                    for job in batch { job.execute(db) }
                }
                for job in batch { job.complete(failure: nil) }
            } catch {
                for job in batch { job.complete(failure: error) }
            }
        }
    }
}

/// A write waiting for its batch.
protocol PendingWrite: AnyObject, Sendable {
    func execute(_ db: Database)
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

    func execute(_ db: Database) {
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
    }

    func complete(failure: (any Error)?) {
        if let failure { continuation.resume(throwing: failure) } else { continuation.resume(with: result!) }
    }
}
