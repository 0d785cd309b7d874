import Foundation
import Hummingbird
import Logging
import MotCuaCore
import MotCuaDelivery
import MotCuaServer
import MotCuaStore

/// The delivery half of `motcua bench`: portal pushes to a local HTTP receiver and mails to
/// a local SMTP server, end to end from commit to 2xx/250.
struct DeliveryBench {
    let plan: BenchPlan
    let organization: Organization
    let directory: URL

    struct Figures {
        var messages: Int
        var seconds: Double
        var p50: Double
        var p99: Double
        var perSecond: Double { Double(messages) / seconds }
    }

    /// A receiver that answers 200 to every POST, on an ephemeral loopback port.
    func withReceiver<T: Sendable>(_ body: @Sendable (Int) async throws -> T) async throws -> T {
        let router = Router()
        router.post("/push") { _, _ in HTTPResponse.Status.ok }
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "bench-receiver")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await app.runService(); return nil }
            var iterator = stream.makeAsyncIterator()
            guard let port = await iterator.next() else { throw UserFailure(message: "the bench receiver did not start") }
            let result = try await body(port)
            group.cancelAll()
            return result
        }
    }

    /// Runs `dossiers` dossiers through the lifecycle (6 portal statuses each: 2, 4, 5, 4, 9, 10)
    /// while the dispatcher pushes them to `url`; or logs `dossiers` dossiers with an e-mail
    /// address while it mails the receipts through `smtp`.
    func run(name: String, dossiers: Int, portalURL: String?, smtp: SMTPSettings?, templates: String) async throws -> Figures {
        var channels: Set<DeliveryChannel> = []
        if portalURL != nil { channels.insert(.portal) }
        if smtp != nil { channels.insert(.email) }
        let text = try String(contentsOfFile: "config/routes.yaml", encoding: .utf8)
        let routes = NotificationRoute.decodeAll(yaml: text, file: "config/routes.yaml").routes ?? []
        let router = NotificationRouter(routes: routes, enabledChannels: channels, organization: organization)
        let pool = try await StoreDatabase.open(path: directory.appendingPathComponent("\(name).sqlite").path)
        let store = DossierStore(database: pool, agencyCode: "000.00.01.H22", router: router)
        var settings = DeliverySettings(portalURL: portalURL, signer: WebhookSigner(secret: "whsec_" + Data(repeating: 7, count: 32).base64EncodedString()))
        settings.concurrency = 32
        settings.pollInterval = .milliseconds(5)
        var mail: (mailer: SMTPMailer, composer: MailComposer, from: String)?
        if let smtp { mail = (SMTPMailer(settings: smtp, workers: 8), try await MailComposer(directory: templates), smtp.from) }
        var logger = Logger(label: "bench-dispatcher")
        logger.logLevel = .error
        let dispatcher = DeliveryDispatcher(store: store, poster: HTTPPoster(workers: 16), settings: settings, mail: mail, logger: logger)
        let expected = try await withThrowingTaskGroup(of: Int?.self) { group in
            group.addTask { try await dispatcher.run(); return nil }
            let count = try await produce(store: store, dossiers: dossiers, withEmail: smtp != nil, lifecycle: portalURL != nil)
            let deadline = Date().addingTimeInterval(300)
            while try await store.undeliveredCount() > 0 {
                guard Date() < deadline else { throw UserFailure(message: "\(name): deliveries did not finish in 5 minutes") }
                try await Task.sleep(for: .milliseconds(20))
            }
            group.cancelAll()
            return count
        }
        let (delivered, span, latencies) = try await store.deliveryFigures()
        guard delivered == expected else { throw UserFailure(message: "\(name): \(delivered) of \(expected) delivered") }
        func pct(_ p: Double) -> Double { latencies.isEmpty ? 0 : (latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] * 10).rounded() / 10 }
        return Figures(messages: delivered, seconds: span, p50: pct(0.5), p99: pct(0.99))
    }

    /// Commits the commands from 32 callers; returns how many messages they enqueue.
    func produce(store: DossierStore, dossiers: Int, withEmail: Bool, lifecycle: Bool) async throws -> Int {
        let counter = Counter()
        let steps: [(Command, Actor)] = lifecycle ? {
            var s = plan.actions
            // A supplement round after the first forward into the specialist's step: statuses 4 → 5 → 4.
            let specialist = s[2].1
            s.insert((Command(action: "request_supplement", reason: "Thiếu giấy tờ", items: ["Phiếu khám"]), specialist), at: 2)
            s.insert((Command(action: "submit_supplement"), BenchPlan.desk), at: 3)
            return s
        }() : []
        var prepared = plan.submission
        prepared.applicant.email = withEmail ? "nguoi.nop@example.vn" : nil
        let submission = prepared
        let now = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    while counter.next(limit: dossiers) != nil {
                        let code = try await store.open(submission, by: BenchPlan.desk, at: now, catalog: plan.catalog, calendar: plan.calendar).dossier.code
                        for (command, actor) in steps {
                            _ = try await store.perform(command, on: code, by: actor, at: now, catalog: plan.catalog, calendar: plan.calendar)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        return dossiers * (lifecycle ? 6 : 1)
    }
}
