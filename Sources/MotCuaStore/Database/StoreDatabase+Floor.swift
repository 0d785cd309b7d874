import Foundation
import GRDB

extension StoreDatabase {
    /// The disk's floor for the benchmarks: `count` single-row INSERT transactions, each
    /// committed on its own with the product's settings (WAL, `synchronous=FULL`), one
    /// after another. Returns each commit's latency in milliseconds.
    public static func measureRawCommits(path: String, count: Int) async throws -> [Double] {
        let database = try await open(path: path)
        try await database.pool.write { db in
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS floor_probe (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)")
        }
        var latencies: [Double] = []
        latencies.reserveCapacity(count)
        let payload = String(repeating: "x", count: 200)
        for _ in 0..<count {
            let t0 = ContinuousClock.now
            try await database.pool.write { db in
                try db.execute(sql: "INSERT INTO floor_probe (payload) VALUES (?)", arguments: [payload])
            }
            let d = ContinuousClock.now - t0
            latencies.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
        }
        return latencies
    }
}
