import Crypto
import Foundation
import GRDB
import MotCuaCore
import MotCuaStore
import Testing

/// Sign-in passwords: bcrypt, the throttle kept in the database, refusals that do not say why.
@Suite("Sign-in passwords")
struct SignInTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("a set password signs in; a wrong one, an unknown user and a deactivated user are refused alike", arguments: StoreBackend.all)
    func acceptsAndRefuses(backend: StoreBackend) async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let opened = try await backend.open(dir)
        let users = opened.users
        let (mai, _) = try await users.create(username: "mai", name: "Nguyễn Thị Mai", role: .desk, department: "MC")
        #expect(try await users.setPassword("mật khẩu đủ dài", for: mai.id))
        #expect(try await users.setPassword("whatever1", for: "u-nobody") == false)

        #expect(try await users.signIn(username: "mai", password: "mật khẩu đủ dài", at: now) == .accepted(mai))
        #expect(try await users.signIn(username: "mai", password: "mật khẩu đủ dàI", at: now) == .refused)
        #expect(try await users.signIn(username: "nobody", password: "mật khẩu đủ dài", at: now) == .refused)
        #expect(try await users.signIn(username: String(repeating: "m", count: 10_000), password: "x", at: now) == .refused)
        _ = try await users.setActive(false, userID: mai.id)
        #expect(try await users.signIn(username: "mai", password: "mật khẩu đủ dài", at: now) == .refused)

        // Stored as bcrypt, never as the password.
        let stored = try await opened.storedPasswordHash(mai.id)
        #expect(stored?.hasPrefix("$2") == true)
        #expect(stored?.contains("mật khẩu") == false)
    }

    @Test("the sixth attempt after five failures is throttled, right password or not, until the window passes", arguments: StoreBackend.all)
    func throttles(backend: StoreBackend) async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let opened = try await backend.open(dir)
        let users = opened.users
        let (hung, _) = try await users.create(username: "hung", name: "Trần Văn Hùng", role: .departmentHead, department: "QLCN")
        let (mai, _) = try await users.create(username: "mai", name: "Nguyễn Thị Mai", role: .desk, department: "MC")
        try await users.setPassword("correct horse", for: hung.id)
        try await users.setPassword("battery staple", for: mai.id)
        for i in 0..<5 {
            #expect(try await users.signIn(username: "hung", password: "guess \(i)", at: now.addingTimeInterval(Double(i) * 60)) == .refused)
        }
        let sixth = now.addingTimeInterval(5 * 60)
        #expect(try await users.signIn(username: "hung", password: "correct horse", at: sixth) == .throttled(until: now.addingTimeInterval(15 * 60)))
        // Another username is not affected.
        #expect(try await users.signIn(username: "mai", password: "battery staple", at: sixth) == .accepted(mai))
        // The lock outlives a restart (it is in the database) and ends with the window.
        let reopened = try await opened.reopenUsers()
        #expect(try await reopened.signIn(username: "hung", password: "correct horse", at: now.addingTimeInterval(14 * 60))
            == .throttled(until: now.addingTimeInterval(15 * 60)))
        #expect(try await reopened.signIn(username: "hung", password: "correct horse", at: now.addingTimeInterval(15 * 60)) == .accepted(hung))
    }

    @Test("new passwords: at least 8 characters, at most bcrypt's 72 bytes, no control characters; nothing stored when refused")
    func rules() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let users = try await Fixture.users(dir)
        let (mai, _) = try await users.create(username: "mai", name: "Nguyễn Thị Mai", role: .desk, department: "MC")
        try await users.setPassword("first password", for: mai.id)
        await #expect(throws: PasswordError.tooShort(minimum: 8)) { try await users.setPassword("ngắn", for: mai.id) }
        await #expect(throws: PasswordError.tooLong(maximumBytes: 72)) {
            try await users.setPassword(String(repeating: "đ", count: 37), for: mai.id)  // 74 bytes
        }
        await #expect(throws: PasswordError.controlCharacter) { try await users.setPassword("two\nlines here", for: mai.id) }
        #expect(try await users.signIn(username: "mai", password: "first password", at: now) == .accepted(mai))

        let generated = Set((0..<50).map { _ in UserStore.randomPassword() })
        #expect(generated.count == 50)
        for p in generated { try UserStore.validateNewPassword(p) }
    }

    @Test("a password stored by the older salted SHA-256 scheme signs in once and is then kept as bcrypt")
    func upgradesLegacyHashes() async throws {
        let dir = try Fixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let users = try await Fixture.users(dir)
        let (mai, _) = try await users.create(username: "mai", name: "Nguyễn Thị Mai", role: .desk, department: "MC")
        let salt = "00112233445566778899aabbccddeeff"
        var digest = Data((salt + "legacy-password").utf8)
        for _ in 0..<10_000 { digest = Data(SHA256.hash(data: digest)) }
        let legacy = "sha256-10000$\(salt)$" + digest.map { String(format: "%02x", $0) }.joined()
        let queue = try DatabaseQueue(path: Fixture.databasePath(dir))
        try await queue.write { db in try db.execute(sql: "UPDATE users SET password_hash = ? WHERE id = ?", arguments: [legacy, mai.id]) }

        #expect(try await users.signIn(username: "mai", password: "legacy-passworD", at: now) == .refused)
        #expect(try await users.signIn(username: "mai", password: "legacy-password", at: now) == .accepted(mai))
        let stored = try await queue.read { db in try String.fetchOne(db, sql: "SELECT password_hash FROM users WHERE id = ?", arguments: [mai.id]) }
        #expect(stored?.hasPrefix("$2") == true)
        #expect(try await users.signIn(username: "mai", password: "legacy-password", at: now) == .accepted(mai))
    }
}
