import GRDB

extension DatabasePool {
    /// Reads in a read-only transaction, waiting for a free reader connection on GRDB's own
    /// serial dispatch queue (`asyncRead`), never on one of Swift's cooperative threads.
    ///
    /// GRDB's `async` `read` waits for a reader with a semaphore on a cooperative thread and
    /// gives the reader back on a cooperative thread after the read. With every reader
    /// taken, each pool blocks one cooperative thread; a machine has only as many as cores,
    /// so two pools on a 2-core machine blocked both, and the reads holding the readers could
    /// never resume to give them back: `motcua serve` hung for good under concurrent list
    /// requests (seen in `Benchmarks/scale.sh`, every thread waiting in `Pool.get`). Here the
    /// wait, the read and the release all happen on GRDB's queues.
    func reading<T>(_ value: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let read: Handed<T> = try await withCheckedThrowingContinuation { continuation in
            asyncRead { result in
                continuation.resume(with: Result { Handed(value: try value(try result.get())) })
            }
        }
        return read.value
    }
}

/// A value made on a reader's queue and handed whole to the one task awaiting it (GRDB's
/// own `read` hands its result over the same way, as `sending`); nothing else keeps it.
private struct Handed<T>: @unchecked Sendable {
    let value: T
}
