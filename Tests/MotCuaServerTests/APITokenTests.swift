import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaStore
import Testing

/// The token check is cached for speed; revocation and deactivation must still bite fast.
@Suite("API: token cache")
struct APITokenTests {
    /// Calls `/api/v1/me` until it answers 401 or `limit` passes; returns how long it took.
    static func refusedWithin(_ client: some TestClientProtocol, token: String?, limit: Duration) async throws -> Duration? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < limit {
            if try await client.call(.get, "/api/v1/me", token: token).status == .unauthorized { return ContinuousClock.now - start }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    @Test("a revoked token and a deactivated user are refused within a second; a new token works at once")
    func revocation() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            // Warm the cache, then revoke behind the server's back (as `motcua users revoke` does).
            let desk = system.tokens["desk"]
            #expect(try await client.call(.get, "/api/v1/me", token: desk).status == .ok)
            #expect(try await system.env.users.revokeTokens(of: system.userIDs["desk"]!) == 1)
            let revoked = try await Self.refusedWithin(client, token: desk, limit: .seconds(3))
            #expect(revoked != nil && revoked! <= .milliseconds(1200), "revoked token still accepted after \(String(describing: revoked))")

            let fresh = try await system.env.users.issueToken(for: system.userIDs["desk"]!)
            #expect(try await client.call(.get, "/api/v1/me", token: fresh).status == .ok, "a new token is not refused by the cache")

            let head = system.tokens["headQLCN"]
            #expect(try await client.call(.get, "/api/v1/me", token: head).status == .ok)
            #expect(try await system.env.users.setActive(false, userID: system.userIDs["headQLCN"]!))
            let deactivated = try await Self.refusedWithin(client, token: head, limit: .seconds(3))
            #expect(deactivated != nil && deactivated! <= .milliseconds(1200))
            #expect(try await client.call(.get, "/api/v1/inbox", token: head).status == .unauthorized)
        }
    }
}
