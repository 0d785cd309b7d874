import ArgumentParser
import Foundation
import GRDB
import MotCuaCore
import MotCuaDefinitions
import MotCuaStore

/// `motcua bench`: the built-in benchmark of the write path.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run N dossiers through the whole lifecycle on a fresh database (WAL, synchronous=FULL) and report throughput.",
        discussion: """
        Each dossier is logged, forwarded through every step to result_ready and delivered (8 commands). \
        Commands come from --concurrency callers at once, through the group committer, as from the HTTP API. \
        A baseline with one transaction per command runs first on --baseline-dossiers dossiers. \
        With --format json the last line is one JSON object.
        """
    )

    @Option(help: "Dossiers to run.")
    var dossiers: Int = 10_000

    @Option(help: "Concurrent callers.")
    var concurrency: Int = 64

    @Option(name: .customLong("baseline-dossiers"), help: "Dossiers for the one-transaction-per-command baseline (0 to skip).")
    var baselineDossiers: Int = 300

    @Option(help: "Output format: text or json.")
    var format: ProblemFormat = .text

    @Option(help: "Directory for the throw-away database (default: a temporary directory).")
    var directory: String?

    @OptionGroup var files: ConfigFiles

    func validate() throws {
        guard (1...10_000_000).contains(dossiers) else { throw ValidationError("--dossiers must be 1–10,000,000") }
        guard (1...4096).contains(concurrency) else { throw ValidationError("--concurrency must be 1–4096") }
        guard (0...100_000).contains(baselineDossiers) else { throw ValidationError("--baseline-dossiers must be 0–100,000") }
    }

    func run() async throws {
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

        var baseline: BenchResult?
        if baselineDossiers > 0 {
            let pool = try StoreDatabase.open(path: base.appendingPathComponent("baseline.sqlite").path)
            baseline = try await plan.runBaseline(pool: pool, dossiers: baselineDossiers)
            if progress { print("baseline, one transaction per command: \(baseline!.summary)") }
        }
        let pool = try StoreDatabase.open(path: base.appendingPathComponent("bench.sqlite").path)
        let store = DossierStore(pool: pool, agencyCode: "000.00.01.H22")
        let result = try await plan.run(store: store, dossiers: dossiers, concurrency: concurrency, progress: progress)
        let audit = try store.verifyAudit()
        guard audit.broken == nil, audit.checked == dossiers else {
            throw UserFailure(message: "benchmark database failed its audit: \(String(describing: audit.broken))")
        }
        let rss = PeakMemory.megabytes()
        switch format {
        case .text:
            print("group commit, \(concurrency) callers: \(result.summary)")
            if let baseline { print(String(format: "ratio to baseline: %.1f×", result.perSecond / baseline.perSecond)) }
            print(String(format: "peak memory: %.0f MB", rss))
        case .json:
            var fields: [String: Any] = [
                "dossiers": dossiers, "transitions": result.commands, "concurrency": concurrency,
                "transitions_per_sec": (result.perSecond * 10).rounded() / 10, "p50_ms": result.p50, "p99_ms": result.p99,
                "peak_rss_mb": (rss * 10).rounded() / 10, "seconds": result.seconds,
            ]
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
    static func megabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kb / 1024
    }
}
