import GRDB

extension DossierStore {
    /// Messages not yet delivered (pending or dead).
    public func undeliveredCount() async throws -> Int {
        try await pool.reading { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE status != 'delivered'") ?? 0 }
    }

    /// For the delivery benchmark: delivered messages, seconds from the first enqueue to the
    /// last attempt, and every attempt's latency from enqueue in milliseconds, sorted.
    public func deliveryFigures() async throws -> (delivered: Int, seconds: Double, latencies: [Double]) {
        try await pool.reading { db in
            let span = try Double.fetchOne(db, sql: """
                SELECT (SELECT MAX(at) FROM delivery_attempts) - (SELECT MIN(created_at) FROM outbox)
                """) ?? 1
            let latencies = try Double.fetchAll(db, sql: """
                SELECT (a.at - o.created_at) * 1000 FROM outbox o JOIN delivery_attempts a ON a.outbox_id = o.id ORDER BY 1
                """)
            let delivered = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE status = 'delivered'") ?? 0
            return (delivered, span, latencies)
        }
    }
}
