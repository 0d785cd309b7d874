import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import MotCuaDefinitions
import MotCuaDelivery
import MotCuaServer
import MotCuaStore
import MotCuaWeb
import Prometheus
import ServiceLifecycle

/// `motcua serve`: runs the HTTP server until SIGTERM/SIGINT, then shuts down gracefully.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server (HTTP API) on the configured database.")

    @OptionGroup var data: DataOptions

    @Option(help: "Address to listen on (default: server.host or 127.0.0.1).")
    var host: String?

    @Option(help: "Port (default: server.port or 8080).")
    var port: Int?

    func run() async throws {
        let runtime = try await Runtime.load(data)
        let host = self.host ?? runtime.settings["server.host"] ?? "127.0.0.1"
        let port = try self.port ?? runtime.settings.int("server.port", default: 8080)
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0–65535") }
        var environment = runtime.environment
        let lifetimeHours = try runtime.settings.int("idempotency.ttlHours", default: 24)
        guard (1...24 * 365).contains(lifetimeHours) else { throw UserFailure(message: "idempotency.ttlHours must be 1–8760") }
        environment.idempotencyLifetime = TimeInterval(lifetimeHours) * 3600
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: environment.metrics))
        LogOutput.bootstrapOnce()
        var logger = Logger(label: "motcua")
        logger.logLevel = Logger.Level(rawValue: runtime.settings["log.level"] ?? "info") ?? .info
        let scanner = DeadlineScannerService(
            env: environment, interval: .seconds(try runtime.settings.int("scanner.intervalSeconds", default: 60)),
            dueSoonSeconds: try runtime.settings.int("scanner.dueSoonHours", default: 4) * 3600, logger: logger)
        var delivery = try Self.deliverySettings(runtime.settings)
        var services: [any Service] = []
        if let axis = runtime.eOffice.axis {
            let transport = NationalAxis(baseURL: axis.url, organId: EOfficeSettings.organ(runtime.settings, organization: runtime.organization).organId,
                                         signer: AxisHeaderSigner(systemId: axis.systemId, secret: axis.secret),
                                         poster: HTTPPoster(workers: 4, verifyTLS: runtime.settings["axis.verifyTLS"] != "false",
                                                            caFile: runtime.settings["axis.caFile"]),
                                         timeoutMilliseconds: axis.timeoutMilliseconds)
            delivery.axis = transport
            services.append(AxisPollerService(env: environment, axis: transport, interval: .seconds(axis.pollSeconds), logger: logger))
        }
        delivery.signingIdentity = runtime.eOffice.signing
        let verifyTLS = runtime.settings["portal.verifyTLS"] != "false"
        let dnsServers = runtime.settings["portal.dnsServers"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            try HTTPPoster.checkOptions(verifyTLS: verifyTLS, caFile: runtime.settings["portal.caFile"],
                                        timeoutMilliseconds: delivery.timeoutMilliseconds, dnsServers: dnsServers)
        } catch { throw UserFailure(message: "portal delivery: \(error)") }
        let metrics = environment.metrics
        let dispatcher = DeliveryDispatcher(
            store: environment.dossiers, poster: HTTPPoster(workers: delivery.concurrency, verifyTLS: verifyTLS,
                                                            caFile: runtime.settings["portal.caFile"], dnsServers: dnsServers),
            settings: delivery, mail: try await Self.mail(runtime.settings), logger: logger,
            onAttempt: { channel, status in
                Counters.deliveryAttempts(metrics, channel: channel.rawValue, status: status.map(String.init) ?? "error").increment()
            })
        let checkpointMinutes = try runtime.settings.int("audit.checkpointMinutes", default: 60)
        let keeping = RecordKeepingService(
            env: environment, interval: .seconds(60),
            checkpoint: checkpointMinutes > 0
                ? (try runtime.auditKey(create: true), runtime.checkpointDirectory, TimeInterval(checkpointMinutes) * 60,
                   runtime.inspectorEmail) : nil,
            logger: logger)
        // Dossiers written before inbox queues existed get theirs before the first request.
        let keyed = try await environment.dossiers.assignQueues(catalog: environment.catalog)
        if keyed > 0 { logger.info("inbox queues assigned", metadata: ["dossiers": "\(keyed)"]) }
        let idleHours = try runtime.settings.int("web.sessionIdleHours", default: 8)
        guard (1...24 * 30).contains(idleHours) else { throw UserFailure(message: "web.sessionIdleHours must be 1–720") }
        let publicURL = runtime.settings["server.publicURL"] ?? ""
        let console = WebConsole(env: environment, pages: try await Pages.load(), sessions: runtime.database.sessions,
                                 settings: WebSettings(idleHours: Double(idleHours), publicURL: publicURL,
                                                       dueSoonHours: try runtime.settings.int("scanner.dueSoonHours", default: 4),
                                                       lookupsPerMinute: try runtime.settings.int("web.lookupsPerMinute", default: 30)))
        let app = Application(router: MotCuaRouter.build(environment, pages: console.register(on:), pageNotFound: console.notFound),
                              configuration: .init(address: .hostname(host, port: port), serverName: "motcua"),
                              services: [scanner, dispatcher, keeping] + services,
                              onServerRunning: { channel in
                                  let bound = channel.localAddress?.port ?? port
                                  FileHandle.standardOutput.write(Data("motcua listening on http://\(host):\(bound)\n".utf8))
                              },
                              logger: logger)
        try await app.runService()
        // Reads answered just before the stop are written before the process ends.
        try await environment.dossiers.flushAccessLog()
        BufferedStandardError.shared.flush()
    }

    /// The SMTP sender and templates, when `smtp.url` is set.
    static func mail(_ settings: Settings) async throws -> (mailer: SMTPMailer, composer: MailComposer, from: String)? {
        guard let url = settings["smtp.url"], !url.isEmpty else { return nil }
        guard url.hasPrefix("smtp://") || url.hasPrefix("smtps://"), !url.contains("@") else {
            throw UserFailure(message: "smtp.url must be smtp://host:port or smtps://host:port, without credentials (use smtp.username and smtp.password)")
        }
        guard let from = settings["smtp.from"], from.contains("@") else {
            throw UserFailure(message: "smtp.from must be the sender's address, e.g. motcua@sokhcn.example.gov.vn")
        }
        let starttls = ["none": 0, "try": 1, "required": 2][settings["smtp.starttls"] ?? "try"] ?? 1
        let smtp = SMTPSettings(url: url, from: from, username: settings["smtp.username"], password: settings["smtp.password"],
                                startTLS: starttls, timeoutMilliseconds: try settings.int("smtp.timeoutMs", default: 15_000),
                                verifyTLS: settings["smtp.verifyTLS"] != "false", caFile: settings["smtp.caFile"])
        do { try SMTPMailer.checkOptions(smtp) } catch { throw UserFailure(message: "e-mail delivery: \(error)") }
        let directory = settings["templates.dir"] ?? "config/templates"
        let composer: MailComposer
        do { composer = try await MailComposer(directory: directory) } catch {
            throw UserFailure(message: "\(directory): cannot load the mail templates: \(error)")
        }
        return (SMTPMailer(settings: smtp, workers: min(16, max(1, try settings.int("smtp.concurrency", default: 4)))), composer, from)
    }

    /// Delivery settings from the configuration; the portal secret is checked, never echoed.
    static func deliverySettings(_ settings: Settings) throws -> DeliverySettings {
        let url = settings["portal.url"].flatMap { $0.isEmpty ? nil : $0 }
        if let url, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw UserFailure(message: "portal.url must be an http:// or https:// URL")
        }
        var signer: WebhookSigner?
        if let secret = settings["portal.secret"], !secret.isEmpty {
            guard let s = WebhookSigner(secret: secret) else {
                throw UserFailure(message: "portal.secret is not a Standard Webhooks secret (whsec_ followed by base64 of at least 16 bytes); the value is not shown")
            }
            signer = s
        }
        var d = DeliverySettings(portalURL: url, signer: signer)
        d.timeoutMilliseconds = try settings.int("portal.timeoutMs", default: 10_000)
        d.maxAttempts = max(1, try settings.int("delivery.maxAttempts", default: 8))
        d.backoffSeconds = Double(settings["delivery.backoffSeconds"] ?? "1") ?? 1
        d.maxBackoffSeconds = Double(settings["delivery.maxBackoffSeconds"] ?? "300") ?? 300
        d.concurrency = min(256, max(1, try settings.int("delivery.concurrency", default: 16)))
        return d
    }
}
