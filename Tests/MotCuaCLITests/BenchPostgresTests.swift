import Foundation
import Testing

/// `motcua bench --database postgres://…` on the throwaway cluster of `make test`
/// (`scripts/with-postgres.sh`); under CI=true a missing cluster fails instead of skipping.
@Suite("motcua bench on PostgreSQL")
struct BenchPostgresTests {
    static let url = ProcessInfo.processInfo.environment["MOTCUA_TEST_POSTGRES_URL"]

    @Test("bench --database runs pgbench's floor and the lifecycle, and says where the CPU went")
    func benchOnPostgres() async throws {
        guard let url = Self.url else {
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "MOTCUA_TEST_POSTGRES_URL is not set (run under scripts/with-postgres.sh)")
            return
        }
        let run = try await CLI.run(["bench", "--dossiers", "30", "--baseline-commits", "20", "--concurrency", "8",
                               "--database", url, "--pgbench-transactions", "400", "--format", "json"], timeout: 300)
        #expect(run.status == 0, "\(run.stderr)")
        let last = try #require(run.stdout.split(separator: "\n").last)
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        func number(_ key: String) -> Double { figures[key] as? Double ?? (figures[key] as? Int).map(Double.init) ?? -1 }
        for key in ["postgres_transitions_per_sec", "pgbench_tps", "postgres_motcua_cpu_us", "pgbench_cpu_us"] {
            #expect(number(key) > 0, "\(key) in \(last)")
        }
        // The split is of CPU really spent during the run: together no more than every core
        // busy for the run's time per transition (plus /proc/stat's 10 ms ticks, spread over
        // the 240 transitions).
        let transitions = 30.0 * 8
        let wall = 1e6 / number("postgres_transitions_per_sec")
        let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
        #expect(number("postgres_rest_cpu_us") >= 0)
        #expect(number("postgres_motcua_cpu_us") + number("postgres_rest_cpu_us") <= wall * cores * 1.05 + 0.05e6 / transitions, "\(last)")
        #expect(abs(number("postgres_ratio_to_pgbench") - number("postgres_transitions_per_sec") / number("pgbench_tps")) < 0.011)
    }
}
