public import Foundation
public import Logging
public import MotCuaCore
public import MotCuaDelivery
public import MotCuaStore
public import MotCuaXML
public import ServiceLifecycle

/// How the dispatcher delivers: where the portal is, how it signs, how it retries.
public struct DeliverySettings: Sendable {
    /// Portal endpoint; portal messages wait while it is not set.
    public var portalURL: String?
    /// Signs portal pushes (Standard Webhooks).
    public var signer: WebhookSigner?
    /// Per-attempt timeout.
    public var timeoutMilliseconds: Int = 10_000
    /// Attempts before a message is dead.
    public var maxAttempts: Int = 8
    /// First retry delay; doubles each attempt.
    public var backoffSeconds: Double = 1
    /// Longest retry delay.
    public var maxBackoffSeconds: Double = 300
    /// Concurrent transfers.
    public var concurrency: Int = 16
    /// How often to look for due messages when idle.
    public var pollInterval: Duration = .milliseconds(100)
    /// The national document axis: edXML status packages go through it (they wait while `nil`).
    public var axis: (any DocumentTransport)?
    /// Signs outgoing edXML packages (unsigned when `nil`).
    public var signingIdentity: SigningIdentity?

    /// Settings.
    public init(portalURL: String?, signer: WebhookSigner?) {
        self.portalURL = portalURL
        self.signer = signer
    }

    /// The delay before attempt `attempts + 1`: exponential with ±20 % jitter, at least
    /// what the receiver asked for in `Retry-After`.
    public func delay(afterAttempts attempts: Int, retryAfter: Int?) -> Double {
        let exponential = min(maxBackoffSeconds, backoffSeconds * pow(2, Double(max(0, attempts - 1))))
        let jittered = exponential * Double.random(in: 0.8...1.2)
        return max(jittered, Double(retryAfter ?? 0))
    }
}

/// Drains the outbox: sends due messages, at most `concurrency` at once, never two of the
/// same dossier and channel at once and never one before an earlier undelivered one.
public struct DeliveryDispatcher: Service {
    let store: any DossierRepository
    let poster: HTTPPoster
    let settings: DeliverySettings
    let mail: (mailer: SMTPMailer, composer: MailComposer, from: String)?
    let logger: Logger
    let now: @Sendable () -> Date
    let onAttempt: @Sendable (DeliveryChannel, Int?) -> Void

    /// A dispatcher. `onAttempt` is told (channel, status) after every attempt, for metrics.
    public init(store: any DossierRepository, poster: HTTPPoster, settings: DeliverySettings,
                mail: (mailer: SMTPMailer, composer: MailComposer, from: String)? = nil, logger: Logger,
                now: @escaping @Sendable () -> Date = { Date() }, onAttempt: @escaping @Sendable (DeliveryChannel, Int?) -> Void = { _, _ in }) {
        self.store = store
        self.poster = poster
        self.settings = settings
        self.mail = mail
        self.logger = logger
        self.now = now
        self.onAttempt = onAttempt
    }

    public func run() async throws {
        var channels: [DeliveryChannel] = []
        if settings.portalURL != nil { channels.append(.portal) }
        if mail != nil { channels.append(.email) }
        if settings.axis != nil { channels.append(.edxml) }
        let handled = channels
        guard !handled.isEmpty else {
            logger.notice("neither portal.url nor smtp.url configured: nothing to deliver")
            // A service that returns early stops the whole group: idle until shutdown instead.
            try? await gracefulShutdown()
            return
        }
        let busy = BusySet()
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                while !Task.isCancelled {
                    let taken = await busy.snapshot()
                    let room = settings.concurrency - taken.count
                    var due: [DueMessage] = []
                    if room > 0 {
                        do { due = try await store.dueMessages(at: now(), limit: room, busy: taken, channels: handled) } catch {
                            logger.error("outbox read failed", metadata: ["error": "\(error)"])
                        }
                    }
                    for message in due {
                        await busy.insert(Self.key(message))
                        group.addTask {
                            await deliver(message)
                            await busy.remove(Self.key(message))
                        }
                    }
                    if room <= 0 {
                        await busy.waitForRoom(below: settings.concurrency)  // every slot busy: woken when one frees
                    } else if due.isEmpty {
                        try? await Task.sleep(for: settings.pollInterval)
                    } else {
                        await Task.yield()
                    }
                }
            }
        }
    }

    static func key(_ m: DueMessage) -> String { DossierStore.orderKey(dossier: m.dossierCode, channel: m.channel, target: m.target) }

    /// One attempt on the message's channel.
    func send(_ message: DueMessage) async -> (PostOutcome, permanent: Bool) {
        switch message.channel {
        case .email:
            guard let mail else { return (PostOutcome(status: nil, error: "no SMTP configured", timedOut: false, milliseconds: 0), false) }
            let composed: MailMessage
            do {
                composed = try mail.composer.compose(payload: message.payload, messageID: "\(message.id)@motcua", from: mail.from,
                                                     to: message.target, date: now())
            } catch {
                return (PostOutcome(status: nil, error: "\(error)", timedOut: false, milliseconds: 0), true)
            }
            // 5xx is the server's final word (unknown mailbox, refused): dead at once; 4xx and
            // transport failures are retried.
            let outcome = await mail.mailer.send(composed)
            return (outcome, (500..<600).contains(outcome.status ?? 0))
        case .edxml:
            return await sendStatusPackage(message)
        case .portal:
            guard let url = settings.portalURL else {
                return (PostOutcome(status: nil, error: "no portal configured", timedOut: false, milliseconds: 0), false)
            }
            let body = Array(message.payload.utf8)
            let timestamp = Int(now().timeIntervalSince1970)
            var headers = [("Content-Type", "application/json"), ("User-Agent", "motcua"), ("webhook-id", message.id),
                           ("webhook-timestamp", String(timestamp))]
            if let signer = settings.signer {
                headers.append(("webhook-signature", signer.signature(id: message.id, timestamp: timestamp, body: body)))
            }
            let outcome = await poster.post(OutgoingPost(url: url, headers: headers, body: body, timeoutMilliseconds: settings.timeoutMilliseconds))
            return (outcome, outcome.status == 410)
        }
    }

    func deliver(_ message: DueMessage) async {
        let (outcome, permanent) = await send(message)
        let attempts = message.attempts + 1
        let at = now()
        let record: AttemptRecord
        if outcome.delivered {
            record = AttemptRecord(at: at, statusCode: outcome.status, error: nil, milliseconds: outcome.milliseconds,
                                   newStatus: .delivered, nextAttemptAt: nil)
        } else if permanent || attempts >= settings.maxAttempts {
            record = AttemptRecord(at: at, statusCode: outcome.status, error: outcome.error, milliseconds: outcome.milliseconds,
                                   newStatus: .dead, nextAttemptAt: nil)
        } else {
            let delay = settings.delay(afterAttempts: attempts, retryAfter: outcome.retryAfterSeconds)
            record = AttemptRecord(at: at, statusCode: outcome.status, error: outcome.error, milliseconds: outcome.milliseconds,
                                   newStatus: .pending, nextAttemptAt: at.addingTimeInterval(delay))
        }
        do {
            try await store.record(record, for: message)
        } catch {
            logger.error("could not record a delivery attempt", metadata: ["message": "\(message.id)", "error": "\(error)"])
        }
        onAttempt(message.channel, outcome.status)
        logger.info("delivery", metadata: [
            "message": "\(message.id)", "channel": "\(message.channel.rawValue)", "attempt": "\(attempts)",
            "status": "\(outcome.status.map(String.init) ?? (outcome.timedOut ? "timeout" : "error"))", "result": "\(record.newStatus.rawValue)",
            "ms": "\(Int(outcome.milliseconds))",
        ])
    }
}

/// Dossier/channel pairs with a message in flight.
/// The order keys being delivered now; a dispatcher with every slot busy waits here (no
/// polling) until a delivery ends.
actor BusySet {
    private var keys = Set<String>()
    private var waiter: CheckedContinuation<Void, Never>?

    func snapshot() -> Set<String> { keys }
    func insert(_ key: String) { keys.insert(key) }

    func remove(_ key: String) {
        keys.remove(key)
        wake()
    }

    /// Returns once fewer than `limit` keys are busy, or the task is cancelled (shutdown).
    func waitForRoom(below limit: Int) async {
        guard keys.count >= limit, !Task.isCancelled else { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                wake()  // one waiter at a time: the dispatcher loop
                waiter = continuation
            }
        } onCancel: {
            Task { await self.wake() }
        }
    }

    private func wake() {
        waiter?.resume()
        waiter = nil
    }
}
