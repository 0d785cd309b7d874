import Foundation
import MotCuaCore
import MotCuaStore
import Testing

/// Users, their tokens and the console's sessions behave alike on every backend.
@Suite("Store contract: users, tokens and sessions")
struct AccountContractTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("a user's token finds them until revoked or deactivated; a taken username is refused", arguments: StoreBackend.all)
    func tokens(backend: StoreBackend) async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let users = try await backend.open(dir).users
        let (mai, token) = try await users.create(username: "mai", name: "Nguyễn Thị Mai", role: .desk, department: "MC",
                                                  email: "mai@example.vn")
        await #expect(throws: UserError.duplicateUsername("mai")) {
            try await users.create(username: "mai", name: "Another", role: .desk, department: "MC")
        }
        #expect(try await users.user(forToken: token) == mai)
        #expect(try await users.user(forToken: token + "x") == nil)
        let second = try await users.issueToken(for: mai.id)
        #expect(try await users.user(forToken: second) == mai)
        #expect(try await users.user(username: "mai") == mai)
        let (hung, _) = try await users.create(username: "hung", name: "Trần Văn Hùng", role: .departmentHead, department: "QLCN")
        #expect(try await users.users().map(\.username) == ["mai", "hung"], "by name: Nguyễn before Trần")
        #expect(try await users.users(role: .departmentHead).map(\.id) == [hung.id])
        #expect(try await users.users(department: "MC").map(\.id) == [mai.id])
        #expect(try await users.setActive(false, userID: mai.id))
        #expect(try await users.user(forToken: token) == nil, "a deactivated user's token stops working")
        #expect(try await users.activeUser(id: mai.id) == nil)
        #expect(try await users.user(id: mai.id) == mai, "history still names them")
        #expect(try await users.users(activeOnly: true).map(\.id) == [hung.id])
        #expect(try await users.setActive(false, userID: "u-nobody") == false)
        _ = try await users.setActive(true, userID: mai.id)
        #expect(try await users.revokeTokens(of: mai.id) == 2)
        #expect(try await users.user(forToken: second) == nil)
    }

    @Test("sessions: created once, slid without losing their expiry, gone when expired or removed", arguments: StoreBackend.all)
    func sessions(backend: StoreBackend) async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sessions = try await backend.open(dir).sessions
        let later = now.addingTimeInterval(3600)
        try await sessions.create(key: "k1", value: Data("một".utf8), expiresAt: later, now: now)
        await #expect(throws: SessionRecordError.duplicate) {
            try await sessions.create(key: "k1", value: Data("hai".utf8), expiresAt: later, now: now)
        }
        let got = try await sessions.get(key: "k1", now: now)
        #expect(got?.value == Data("một".utf8) && got?.expiresAt == later)
        try await sessions.set(key: "k1", value: Data("ba".utf8), expiresAt: nil, now: now)
        let slid = try await sessions.get(key: "k1", now: now)
        #expect(slid?.value == Data("ba".utf8) && slid?.expiresAt == later, "a nil expiry keeps the one it had")
        #expect(try await sessions.get(key: "k1", now: later) == nil, "expired at its time")
        try await sessions.set(key: "k2", value: Data([0, 255]), expiresAt: now.addingTimeInterval(10), now: now)
        try await sessions.set(key: "k3", value: Data([1]), expiresAt: later, now: now)
        #expect(try await sessions.removeExpired(now: now.addingTimeInterval(20)) == 1)
        try await sessions.remove(key: "k3")
        #expect(try await sessions.get(key: "k3", now: now) == nil)
        #expect(try await sessions.get(key: "k1", now: now)?.value == Data("ba".utf8))
    }
}
