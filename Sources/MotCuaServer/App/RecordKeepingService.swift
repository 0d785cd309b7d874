public import Foundation
public import Logging
public import MotCuaStore
public import ServiceLifecycle

/// Keeps the records in bounds and provable, on a schedule: prunes expired idempotency
/// keys, and publishes a signed audit checkpoint outside the database every
/// `checkpoint.every` seconds (none when `nil`), mailed to the inspector when one is set.
public struct RecordKeepingService: Service {
    let env: ServerEnvironment
    let interval: Duration
    let checkpoint: (key: AuditKey, directory: String, every: TimeInterval, inspector: String?)?
    let logger: Logger

    /// A service waking every `interval`.
    public init(env: ServerEnvironment, interval: Duration,
                checkpoint: (key: AuditKey, directory: String, every: TimeInterval, inspector: String?)?,
                logger: Logger) {
        self.env = env
        self.interval = interval
        self.checkpoint = checkpoint
        self.logger = logger
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let (env, now) = (env, env.now())
                do {
                    let pruned = try await env.dossiers.runJob("idempotency-prune", every: nil, at: now) {
                        try await env.dossiers.pruneIdempotencyKeys(before: now.addingTimeInterval(-env.idempotencyLifetime))
                    } ?? 0
                    if pruned > 0 { logger.info("idempotency keys expired", metadata: ["count": "\(pruned)"]) }
                } catch {
                    logger.error("idempotency pruning failed", metadata: ["error": "\(error)"])
                }
                if let checkpoint {
                    // On one instance, once per period across instances and restarts (`job_runs`);
                    // the first period starts when the job is first seen, so a restart loop does
                    // not litter the folder.
                    do {
                        let (key, directory, inspector) = (checkpoint.key, checkpoint.directory, checkpoint.inspector)
                        if let path = try await env.dossiers.runJob("audit-checkpoint", every: checkpoint.every, at: now, {
                            try await env.dossiers.publishCheckpoint(to: directory, key: key, at: now, iso: env.calendar.iso(now),
                                                                     agencyName: env.organization.agencyName, inspector: inspector)
                        }) {
                            logger.info("audit checkpoint", metadata: ["file": "\(path)"])
                        }
                    } catch {
                        logger.error("audit checkpoint failed", metadata: ["error": "\(error)"])
                    }
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
