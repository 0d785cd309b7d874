public import Logging
public import ServiceLifecycle

/// Periodically records `due_soon` and `overdue` warnings for running steps; stops on
/// graceful shutdown.
public struct DeadlineScannerService: Service {
    let env: ServerEnvironment
    let interval: Duration
    let dueSoonSeconds: Int
    let logger: Logger

    /// A scanner running every `interval`, warning `dueSoonSeconds` of working time ahead.
    public init(env: ServerEnvironment, interval: Duration, dueSoonSeconds: Int, logger: Logger) {
        self.env = env
        self.interval = interval
        self.dueSoonSeconds = dueSoonSeconds
        self.logger = logger
    }

    public func run() async throws {
        // Shutdown cancels the sleep; that is a normal stop, not a failure.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    // One instance scans at a time (the marks' key would keep a second scan from
                    // marking twice; the job keeps it from doing the work twice).
                    let (env, dueSoon, now) = (env, dueSoonSeconds, env.now())
                    let warnings = try await env.dossiers.runJob("deadline-scan", every: nil, at: now) {
                        try await env.dossiers.scanDeadlines(at: now, dueSoonSeconds: dueSoon, calendar: env.calendar, catalog: env.catalog)
                    } ?? []
                    for w in warnings {
                        logger.info("deadline", metadata: ["dossier": "\(w.dossierCode)", "state": "\(w.state)", "kind": "\(w.kind.rawValue)"])
                        Counters.deadlineWarnings(env.metrics, kind: w.kind.rawValue).increment()
                    }
                } catch {
                    logger.error("deadline scan failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
