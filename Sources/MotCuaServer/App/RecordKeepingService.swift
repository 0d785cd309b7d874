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
            // The first checkpoint comes one interval after start: a restart loop must not
            // litter the folder.
            var lastCheckpoint = env.now()
            while !Task.isCancelled {
                let now = env.now()
                do {
                    let pruned = try await env.dossiers.pruneIdempotencyKeys(before: now.addingTimeInterval(-env.idempotencyLifetime))
                    if pruned > 0 { logger.info("idempotency keys expired", metadata: ["count": "\(pruned)"]) }
                } catch {
                    logger.error("idempotency pruning failed", metadata: ["error": "\(error)"])
                }
                if let checkpoint, now.timeIntervalSince(lastCheckpoint) >= checkpoint.every {
                    do {
                        let (key, directory) = (checkpoint.key, checkpoint.directory)
                        let path = try await env.dossiers.publishCheckpoint(
                            to: directory, key: key, at: now, iso: env.calendar.iso(now), agencyName: env.organization.agencyName,
                            inspector: checkpoint.inspector)
                        lastCheckpoint = now
                        logger.info("audit checkpoint", metadata: ["file": "\(path)"])
                    } catch {
                        logger.error("audit checkpoint failed", metadata: ["error": "\(error)"])
                    }
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
