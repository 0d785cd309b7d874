import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Failures that are not the client's: answered in the contract's shape, never as a 400 and
/// never as a bare 500.
@Suite("API: faults that are not the client's")
struct APIFaultTests {
    static func databasePath(_ system: TestSystem) -> String { system.directory.appendingPathComponent("motcua.sqlite").path }

    @Test("a database locked by someone else: 503 database_unavailable with Retry-After, nothing written")
    func busy() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            let before = try await system.counts()
            // Another process holds the write lock (on a thread of its own: GRDB does not let
            // a transaction outlive one database access) until the request has been answered.
            let other = try DatabaseQueue(path: Self.databasePath(system))
            let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
            Thread {
                try? other.writeWithoutTransaction { db in
                    try db.execute(sql: "BEGIN EXCLUSIVE")
                    locked.signal()
                    release.wait()
                    try db.execute(sql: "ROLLBACK")
                }
                locked.signal()
            }.start()
            locked.wait()
            let reply = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["desk"], json: submission())
            release.signal()
            #expect(reply.status == .serviceUnavailable, "\(reply.status) \(reply.text)")
            #expect(reply.errorCode == "database_unavailable")
            #expect(reply.headers[.retryAfter] != nil)
            await #expect(try system.counts().dossiers == before.dossiers)
            let after = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["desk"], json: submission())
            #expect(after.status == .created, "recovers by itself once the lock is gone")
        }
    }

    @Test("a corrupt stored snapshot: 500 internal_error with a request id, not the client's 400")
    func corruptRow() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            let code = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["desk"], json: submission())["code"] as! String
            let other = try DatabaseQueue(path: Self.databasePath(system))
            // Damaged from outside at a new version (the server keeps decoded copies by version,
            // so a row altered in place at the same version is not even read again). A write
            // from another process is seen once the server's copy is older than a second.
            try await other.write { db in
                try db.execute(sql: "UPDATE dossiers SET snapshot = '{\"not\": \"a dossier\"}', version = version + 1 WHERE code = ?",
                               arguments: [code])
            }
            try await Task.sleep(for: .milliseconds(1100))
            let reply = try await client.call(.get, "/api/v1/dossiers/\(code)", token: system.tokens["desk"])
            #expect(reply.status == .internalServerError, "\(reply.status) \(reply.text)")
            #expect(reply.errorCode == "internal_error")
            let details = (reply.object["error"] as? [String: Any])?["details"] as? [String: Any]
            #expect((details?["requestId"] as? String)?.isEmpty == false)
            #expect(!reply.text.contains("DecodingError"), "internals are logged, not shown")
            let health = try await client.call(.get, "/healthz", token: nil)
            #expect(health.status == .ok)
        }
    }
}
