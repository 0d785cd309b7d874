public import Foundation
import GRDB

/// The jobs running in this process (one SQLite database has one serving process).
final class RunningJobs: @unchecked Sendable {
    private let lock = NSLock()
    private var running: Set<String> = []

    /// Marks `job` running; `false` if it already is.
    func start(_ job: String) -> Bool { lock.withLock { running.insert(job).inserted } }

    func end(_ job: String) { _ = lock.withLock { running.remove(job) } }
}

extension DossierStore {
    /// Runs a job's round unless it is running already or (with `every`) ran too recently;
    /// the last round's time is kept in `job_runs`, so a restart keeps the schedule.
    public func runJob<T: Sendable>(_ job: String, every: TimeInterval?, at now: Date,
                                    _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        guard jobs.start(job) else { return nil }
        defer { jobs.end(job) }
        if let every {
            let due = try await committer.write { db -> Bool in
                guard let last = try Double.fetchOne(db, sql: "SELECT last_run FROM job_runs WHERE job = ?", arguments: [job]) else {
                    try db.execute(sql: "INSERT INTO job_runs (job, last_run) VALUES (?, ?)", arguments: [job, now.timeIntervalSince1970])
                    return false
                }
                guard now.timeIntervalSince1970 - last >= every else { return false }
                try db.execute(sql: "UPDATE job_runs SET last_run = ? WHERE job = ?", arguments: [now.timeIntervalSince1970, job])
                return true
            }
            guard due else { return nil }
        }
        return try await body()
    }
}
