import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import MotCuaServer
import Prometheus

/// `motcua serve`: runs the HTTP server until SIGTERM/SIGINT, then shuts down gracefully.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server (HTTP API) on the configured database.")

    @OptionGroup var data: DataOptions

    @Option(help: "Address to listen on (default: server.host or 127.0.0.1).")
    var host: String?

    @Option(help: "Port (default: server.port or 8080).")
    var port: Int?

    func run() async throws {
        let runtime = try Runtime.load(data)
        let host = self.host ?? runtime.settings["server.host"] ?? "127.0.0.1"
        let port = try self.port ?? runtime.settings.int("server.port", default: 8080)
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0–65535") }
        let environment = runtime.environment
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: environment.metrics))
        var logger = Logger(label: "motcua")
        logger.logLevel = Logger.Level(rawValue: runtime.settings["log.level"] ?? "info") ?? .info
        let scanner = DeadlineScannerService(
            env: environment, interval: .seconds(try runtime.settings.int("scanner.intervalSeconds", default: 60)),
            dueSoonSeconds: try runtime.settings.int("scanner.dueSoonHours", default: 4) * 3600, logger: logger)
        let app = Application(router: MotCuaRouter.build(environment),
                              configuration: .init(address: .hostname(host, port: port), serverName: "motcua"),
                              services: [scanner],
                              onServerRunning: { channel in
                                  let bound = channel.localAddress?.port ?? port
                                  FileHandle.standardOutput.write(Data("motcua listening on http://\(host):\(bound)\n".utf8))
                              },
                              logger: logger)
        try await app.runService()
    }
}
