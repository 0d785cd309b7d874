import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaStore
import Testing

/// The token check is cached for speed; revocation and deactivation must still bite fast.
@Suite("API: token cache")
struct APITokenTests {
    /// Whether `/api/v1/me` refuses `token` when asked once a second (the cache's lifetime)
    /// after `since` has passed: a cached success may live that long, never longer. Measured
    /// from the clock, not from how fast requests come back, so a busy machine only delays the
    /// question, it cannot change the answer.
    static func refusedAfterOneSecond(_ client: some TestClientProtocol, token: String?, since: ContinuousClock.Instant) async throws -> Bool {
        try await Task.sleep(until: since + .milliseconds(1050), clock: .continuous)
        return try await client.call(.get, "/api/v1/me", token: token).status == .unauthorized
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
            #expect(try await Self.refusedAfterOneSecond(client, token: desk, since: .now), "revoked token still accepted after a second")

            let fresh = try await system.env.users.issueToken(for: system.userIDs["desk"]!)
            #expect(try await client.call(.get, "/api/v1/me", token: fresh).status == .ok, "a new token is not refused by the cache")

            let head = system.tokens["headQLCN"]
            #expect(try await client.call(.get, "/api/v1/me", token: head).status == .ok)
            #expect(try await system.env.users.setActive(false, userID: system.userIDs["headQLCN"]!))
            #expect(try await Self.refusedAfterOneSecond(client, token: head, since: .now), "deactivated user still accepted after a second")
            #expect(try await client.call(.get, "/api/v1/inbox", token: head).status == .unauthorized)
        }
    }
}
