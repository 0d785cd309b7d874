import ArgumentParser
import Foundation
import MotCuaCore
import MotCuaDefinitions
import MotCuaDelivery
import MotCuaStore

/// `motcua bench`: the built-in benchmark of the write path.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run N dossiers through the whole lifecycle on a fresh database (WAL, synchronous=FULL) and report throughput.",
        discussion: """
        Each dossier is logged, forwarded through every step to result_ready and delivered (8 commands). \
        Commands come from --concurrency callers at once, through the group committer, as from the HTTP API. \
        The floor runs first: --baseline-commits raw single-row SQLite commits with the same settings, one after another; \
        the ratio is transitions/s over those commits/s. \
        With --format json the last line is one JSON object.
        """
    )

    @Option(help: "Dossiers to run.")
    var dossiers: Int = 10_000

    @Option(help: "Concurrent callers.")
    var concurrency: Int = 64

    @Option(name: .customLong("baseline-commits"), help: "Raw single-row commits for the disk's floor (0 to skip).")
    var baselineCommits: Int = 2000

    @Option(help: "Output format: text or json.")
    var format: ProblemFormat = .text

    @Flag(help: "Also measure portal delivery (to an in-process HTTP receiver on 127.0.0.1), end to end from commit to 2xx.")
    var deliveries = false

    @Option(name: .customLong("delivery-dossiers"), help: "Dossiers for the delivery figures (6 portal statuses each; 1 mail each).")
    var deliveryDossiers: Int = 1000

    @Option(name: .customLong("smtp-url"), help: "Also measure mail delivery to this local SMTP server (smtp://127.0.0.1:PORT).")
    var smtpURL: String?

    @Option(help: "Directory for the throw-away database (default: a temporary directory).")
    var directory: String?

    @Option(help: "Instead of dossiers: read and validate this many edXML packages per package measured.")
    var documents: Int?

    @Option(name: .customLong("package"), help: "With --documents: a package file to measure (repeatable; default: two generated ones).")
    var packageFiles: [String] = []

    @Option(help: "Also run the lifecycle on this PostgreSQL server (postgres://USER@HOST:PORT/DB; a throw-away database is created and dropped there), next to pgbench's floor.")
    var database: String?

    @Option(name: .customLong("pgbench-transactions"), help: "With --database: pgbench's one-row insert transactions for the server's floor (0 to skip).")
    var pgbenchTransactions: Int = 40_000

    @OptionGroup var files: ConfigFiles

    func validate() throws {
        if let documents, !(1...10_000_000).contains(documents) { throw ValidationError("--documents must be 1–10,000,000") }
        guard (1...10_000_000).contains(dossiers) else { throw ValidationError("--dossiers must be 1–10,000,000") }
        guard (1...4096).contains(concurrency) else { throw ValidationError("--concurrency must be 1–4096") }
        guard (0...1_000_000).contains(baselineCommits) else { throw ValidationError("--baseline-commits must be 0–1,000,000") }
        guard (0...10_000_000).contains(pgbenchTransactions) else { throw ValidationError("--pgbench-transactions must be 0–10,000,000") }
        if let database {
            guard PostgresLocation.isURL(database) else { throw ValidationError("--database must be a postgres:// URL (SQLite always runs)") }
            do { _ = try PostgresLocation(url: database) } catch { throw ValidationError("--database: \(error)") }
        }
    }

    func run() async throws {
        if let documents {
            let figures = try DocumentBench.run(try DocumentBench.packages(files: packageFiles), count: documents,
                                                progress: format == .text)
            let base = URL(fileURLWithPath: directory ?? NSTemporaryDirectory()).appendingPathComponent("motcua-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: base) }
            let imports = try await DocumentImportBench(files: files, directory: base)
                .run(count: min(documents, 50_000), concurrency: concurrency, progress: format == .text)
            if format == .text {
                print(String(format: "imported and registered durably: %d packages in %.2f s = %.0f/s with %d in flight (floor: raw SQLite commits %.0f/s, %.2f×)",
                             imports.packages, imports.seconds, imports.perSecond, concurrency, imports.floorCommitsPerSecond,
                             imports.perSecond / imports.floorCommitsPerSecond))
            }
            if format == .json {
                let rows: [[String: Any]] = figures.map {
                    ["package": $0.name, "bytes": $0.bytes, "packages": $0.packages,
                     "packages_per_sec": ($0.perSecond * 10).rounded() / 10,
                     "signed_packages_per_sec": ($0.signedPerSecond * 10).rounded() / 10,
                     "floor_parses_per_sec": ($0.floorPerSecond * 10).rounded() / 10,
                     "ratio_to_floor": ($0.perSecond / $0.floorPerSecond * 100).rounded() / 100, "peak_mb": ($0.peakMegabytes * 10).rounded() / 10]
                }
                let importRow: [String: Any] = ["packages": imports.packages, "seconds": (imports.seconds * 100).rounded() / 100,
                                                "imports_per_sec": (imports.perSecond * 10).rounded() / 10,
                                                "floor_commits_per_sec": (imports.floorCommitsPerSecond * 10).rounded() / 10]
                let data = try JSONSerialization.data(withJSONObject: ["documents": rows, "imports": importRow], options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            }
            return
        }
        let calendar = try files.loadCalendar()
        let catalog = WorkflowCatalog(try files.loadWorkflows(calendar: calendar))
        guard let workflow = catalog.workflow(forProcedure: "1.000173") ?? catalog.procedures.first else {
            throw UserFailure(message: "no procedure workflow to benchmark in \(files.workflowsDirectory)/")
        }
        let base = URL(fileURLWithPath: directory ?? NSTemporaryDirectory()).appendingPathComponent("motcua-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let plan = BenchPlan(workflow: workflow, catalog: catalog, calendar: calendar)
        let progress = format == .text

        var postgres: PostgresBench.Figures?
        if let database {
            postgres = try await PostgresBench(server: try PostgresLocation(url: database))
                .run(plan: plan, dossiers: dossiers, concurrency: concurrency, floorTransactions: pgbenchTransactions, progress: progress)
            if progress, let postgres { print("PostgreSQL, \(concurrency) callers: \(postgres.result.summary)") }
        }
        var baseline: BenchResult?
        if baselineCommits > 0 {
            baseline = try await BenchResult.floor(path: base.appendingPathComponent("floor.sqlite").path, commits: baselineCommits)
            if progress { print("floor, raw single-row commits: \(baseline!.summary)") }
        }
        let pool = try await StoreDatabase.open(path: base.appendingPathComponent("bench.sqlite").path)
        let store = DossierStore(database: pool, agencyCode: "000.00.01.H22")
        let writerBefore = store.writerStatistics
        let cpuBefore = ProcessCPU.seconds()
        let result = try await plan.run(store: store, dossiers: dossiers, concurrency: concurrency, progress: progress)
        let cores = (ProcessCPU.seconds() - cpuBefore) / result.seconds
        let writer = store.writerStatistics
        let writerBusy = (writer.busySeconds - writerBefore.busySeconds) / result.seconds
        let perTransaction = Double(writer.writes - writerBefore.writes) / Double(max(1, writer.transactions - writerBefore.transactions))
        let audit = try await store.verifyAudit()
        guard audit.broken == nil, audit.checked == dossiers else {
            throw UserFailure(message: "benchmark database failed its audit: \(String(describing: audit.broken))")
        }
        var extra: [String: Any] = [:]
        let deliveryBench = DeliveryBench(plan: plan, organization: try files.loadOrganization() ?? Organization(agencyCode: "000.00.01.H22",
                                                                                                          agencyName: "Sở", departments: []),
                                          directory: base)
        func report(_ f: DeliveryBench.Figures, count: String, rate: String, latency: String, label: String) {
            extra[count] = f.messages
            extra[rate] = (f.perSecond * 10).rounded() / 10
            extra["\(latency)_p50_ms"] = f.p50
            extra["\(latency)_p99_ms"] = f.p99
            if progress {
                print(String(format: "%@: %d in %.2f s = %.0f/s end to end, p50 %.1f ms, p99 %.1f ms",
                             label, f.messages, f.seconds, f.perSecond, f.p50, f.p99))
            }
        }
        if deliveries {
            let figures = try await deliveryBench.withReceiver { port in
                try await deliveryBench.run(name: "portal", dossiers: deliveryDossiers, portalURL: "http://127.0.0.1:\(port)/push", smtp: nil,
                                            templates: "config/templates")
            }
            report(figures, count: "portal_deliveries", rate: "portal_deliveries_per_sec", latency: "portal", label: "portal push")
        }
        if let smtpURL {
            let smtp = SMTPSettings(url: smtpURL, from: "motcua@bench.example.vn", startTLS: 0)
            let figures = try await deliveryBench.run(name: "mail", dossiers: deliveryDossiers, portalURL: nil, smtp: smtp,
                                                      templates: "config/templates")
            report(figures, count: "mails", rate: "mails_per_sec", latency: "mail", label: "mail")
        }
        let rss = PeakMemory.megabytes()
        switch format {
        case .text:
            print("group commit, \(concurrency) callers: \(result.summary)")
            if let baseline { print(String(format: "ratio to the floor: %.1f×", result.perSecond / baseline.perSecond)) }
            print(String(format: "CPU: %.2f cores busy; writer busy %.0f%% of the run, %.1f commands per transaction",
                         cores, writerBusy * 100, perTransaction))
            print(String(format: "peak memory: %.0f MB", rss))
            if let postgres {
                // Without pgbench's run (--pgbench-transactions 0) there is no floor to compare with.
                let floor = postgres.floorPerSecond > 0
                    ? String(format: "%.2f× pgbench's %.0f/s (%d clients), ", postgres.result.perSecond / postgres.floorPerSecond,
                             postgres.floorPerSecond, postgres.floorClients)
                    : ""
                print(String(format: "PostgreSQL: %.0f transitions/s = ", postgres.result.perSecond) + floor
                      + String(format: "%.2f× SQLite's %.0f/s", postgres.result.perSecond / result.perSecond, result.perSecond))
                if let split = postgres.split {
                    let floorCPU = postgres.floorMachineMicroseconds.map { String(format: "; pgbench's whole transaction %.0f µs", $0) } ?? ""
                    print(String(format: "PostgreSQL CPU per transition: motcua %.0f µs, the rest of the machine (the database) %.0f µs",
                                 split.motcua, split.rest) + floorCPU)
                }
            }
        case .json:
            var fields: [String: Any] = [
                "dossiers": dossiers, "transitions": result.commands, "concurrency": concurrency,
                "transitions_per_sec": (result.perSecond * 10).rounded() / 10, "p50_ms": result.p50, "p99_ms": result.p99,
                "peak_rss_mb": (rss * 10).rounded() / 10, "seconds": result.seconds,
                "cpu_cores": (cores * 100).rounded() / 100, "writer_busy": (writerBusy * 100).rounded() / 100,
                "commands_per_transaction": (perTransaction * 10).rounded() / 10,
            ]
            fields.merge(extra) { a, _ in a }
            if let postgres {
                fields["postgres_transitions_per_sec"] = (postgres.result.perSecond * 10).rounded() / 10
                fields["postgres_p50_ms"] = postgres.result.p50
                fields["postgres_p99_ms"] = postgres.result.p99
                if postgres.floorPerSecond > 0 {
                    fields["pgbench_tps"] = (postgres.floorPerSecond * 10).rounded() / 10
                    fields["pgbench_clients"] = postgres.floorClients
                    fields["postgres_ratio_to_pgbench"] = (postgres.result.perSecond / postgres.floorPerSecond * 100).rounded() / 100
                }
                if let split = postgres.split {
                    fields["postgres_motcua_cpu_us"] = (split.motcua * 10).rounded() / 10
                    fields["postgres_rest_cpu_us"] = (split.rest * 10).rounded() / 10
                }
                if let floorCPU = postgres.floorMachineMicroseconds { fields["pgbench_cpu_us"] = (floorCPU * 10).rounded() / 10 }
                fields["postgres_ratio_to_sqlite"] = (postgres.result.perSecond / result.perSecond * 100).rounded() / 100
            }
            if let baseline {
                fields["baseline_transitions_per_sec"] = (baseline.perSecond * 10).rounded() / 10
                fields["ratio_to_baseline"] = (result.perSecond / baseline.perSecond * 100).rounded() / 100
            }
            let data = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}

/// Peak resident memory of this process, from /proc.
enum PeakMemory {
    static func megabytes() -> Double { kilobytes("VmHWM:") / 1024 }

    /// A memory field of /proc/self/status (`VmHWM:`, `VmRSS:`), in kB; 0 where there is none.
    static func kilobytes(_ field: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kb
    }
}
