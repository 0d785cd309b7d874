import Foundation
import MotCuaStore
import Testing

/// `motcua users passwd` and the demo users' passwords.
@Suite("motcua users passwd, demo passwords")
struct PasswordCommandTests {
    func temporary() throws -> String { try CLI.temporaryDatabase() }

    func signIn(_ db: String, _ username: String, _ password: String) async throws -> Bool {
        if case .accepted = try await UserStore(database: StoreDatabase.open(path: db)).signIn(username: username, password: password) {
            return true
        }
        return false
    }

    @Test("passwd makes a random password shown once, or takes one line from standard input; bad ones change nothing")
    func passwd() async throws {
        let db = try temporary()
        #expect(try await CLI.run(["users", "add", "Nguyễn Thị Mai", "--role", "desk", "--department", "MC", "--database", db]).status == 0)
        let random = try await CLI.run(["users", "passwd", "nguyen.thi.mai", "--database", db])
        #expect(random.status == 0, "\(random.stderr)")
        let password = try #require(random.stdout.split(separator: "\n").first { $0.hasPrefix("password: ") }?.dropFirst(10))
        #expect(password.count == 16)
        #expect(try await signIn(db, "nguyen.thi.mai", String(password)))

        let piped = try await CLI.run(["users", "passwd", "nguyen.thi.mai", "--stdin", "--database", db], input: "Mật khẩu mới 2026\n")
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(!piped.stdout.contains("Mật khẩu mới"))
        #expect(try await signIn(db, "nguyen.thi.mai", "Mật khẩu mới 2026"))
        #expect(try await !signIn(db, "nguyen.thi.mai", String(password)))

        for (input, message) in [("short\n", "at least 8"), (String(repeating: "ư", count: 40) + "\n", "72 bytes"), ("", "no password")] {
            let bad = try await CLI.run(["users", "passwd", "nguyen.thi.mai", "--stdin", "--database", db], input: input)
            #expect(bad.status == 1 && bad.stderr.contains(message), "\(bad.stderr)")
        }
        #expect(try await signIn(db, "nguyen.thi.mai", "Mật khẩu mới 2026"))
        let unknown = try await CLI.run(["users", "passwd", "nobody", "--database", db])
        #expect(unknown.status == 1 && unknown.stderr.contains("no user 'nobody'"))
    }

    @Test("demo seed gives every user a random password that signs in and owes nothing to the token")
    func demoPasswords() async throws {
        let db = try temporary()
        let out = URL(fileURLWithPath: db).deletingLastPathComponent().appendingPathComponent("tokens.json").path
        for round in 0..<2 {
            let seed = try await CLI.run(["demo", "seed", "--database", db, "--out", out])
            #expect(seed.status == 0, "\(seed.stderr)")
            let users = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [[String: Any]])
            let passwords = users.compactMap { $0["password"] as? String }
            #expect(passwords.count == users.count && Set(passwords).count == users.count)
            for user in users {
                let (password, token) = (user["password"] as! String, user["token"] as! String)
                #expect(!token.contains(password.suffix(6)) && password.count == 16)
                #expect(seed.stdout.contains("\(user["username"] as! String) / \(password)"), "round \(round)")
            }
            let desk = try #require(users.first { $0["role"] as? String == "desk" })
            #expect(try await signIn(db, desk["username"] as! String, desk["password"] as! String))
        }
    }
}
