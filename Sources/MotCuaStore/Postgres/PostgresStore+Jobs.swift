public import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// Runs a job's round on one instance at a time: a session-level advisory lock taken
    /// without waiting on a connection held for the round (a dead instance's connection
    /// closes and the lock goes with it), and the last round's time in `job_runs`, checked
    /// and moved under that lock, so no two instances make the same round.
    public func runJob<T: Sendable>(_ job: String, every: TimeInterval?, at now: Date,
                                    _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        let (logger, key, time, database) = (self.logger, Self.lockKey(job), now.timeIntervalSince1970, self.database)
        return try await database.session { c, begun -> T? in
            guard try await c.rows("SELECT pg_try_advisory_lock(\(key)) AS got", logger: logger).first?.value("got", as: Bool.self) == true
            else { return nil }
            // From here a lost connection may have cost the round its mark: not run again.
            begun()
            do {
                if let every {
                    let last: Double? = try await c.rows("SELECT last_run FROM job_runs WHERE job = \(job)", logger: logger)
                        .first?.value("last_run")
                    guard let last, time - last >= every else {
                        if last == nil {
                            // Committed before the lock is let go (see `inTransaction`).
                            try await database.inTransaction(on: c) { c in
                                try await c.query("INSERT INTO job_runs (job, last_run) VALUES (\(job), \(time)) ON CONFLICT DO NOTHING",
                                                  logger: logger)
                            }
                        }
                        _ = try await c.query("SELECT pg_advisory_unlock(\(key))", logger: logger)
                        return nil
                    }
                    // Committed before the round runs: a lost mark would let it run twice.
                    try await database.inTransaction(on: c) { c in
                        try await c.query("UPDATE job_runs SET last_run = \(time) WHERE job = \(job)", logger: logger)
                    }
                }
                let value = try await body()
                _ = try await c.query("SELECT pg_advisory_unlock(\(key))", logger: logger)
                return value
            } catch {
                _ = try? await c.query("SELECT pg_advisory_unlock(\(key))", logger: logger)
                throw error
            }
        }
    }

    /// A job's advisory lock key: a fixed prefix (apart from the migrations' key) and a
    /// stable hash of its name (FNV-1a, the same on every instance and build).
    static func lockKey(_ job: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in job.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int64(bitPattern: (hash & 0x0000_FFFF_FFFF_FFFF) | 0x6D63_0000_0000_0000)
    }
}
