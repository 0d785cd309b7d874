import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaCore
import MotCuaStore
import Testing

/// The administrator's accounts page.
@Suite("Web console accounts")
struct AdminPageTests {
    /// The password a notice shows once.
    func shownPassword(_ page: Page) -> String? {
        guard let range = page.html.range(of: "(chỉ hiện một lần): ") else { return nil }
        return String(page.html[range.upperBound...].prefix { $0 != "<" })
    }

    @Test("add an officer with a one-time password, refuse a taken username, reset a password, deactivate and reactivate")
    func accounts() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        _ = try await console.officer("quantri", role: .admin, department: nil)
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client, username: "quantri")
            let page = try await console.send(client, .get, "/admin/users")
            #expect(page.status == .ok && page.html.contains("<label for=\"role\">Vai trò</label>"))
            let csrf = try #require(page.hidden("csrf"))
            let add = ["csrf": csrf, "do": "add", "name": "Lê Văn Mới", "username": "le.van.moi", "role": "specialist", "department": "QLCN"]
            let added = try await console.send(client, .post, "/admin/users", form: add)
            #expect(added.status == .ok && added.html.contains("Đã tạo tài khoản le.van.moi"))
            let first = try #require(shownPassword(added))
            #expect(try await console.users.signIn(username: "le.van.moi", password: first) != .refused)
            #expect(!(try await console.send(client, .get, "/admin/users")).html.contains(first))  // shown once

            let taken = try await console.send(client, .post, "/admin/users", form: add)
            #expect(taken.status == .unprocessableContent && taken.html.contains("đã có người dùng") && taken.html.contains("value=\"Lê Văn Mới\""))
            var noDepartment = add
            (noDepartment["username"], noDepartment["department"]) = ("khac", "")
            #expect(try await console.send(client, .post, "/admin/users", form: noDepartment).html.contains("Vai trò và phòng ban không khớp"))

            let moi = try #require(try await console.users.user(username: "le.van.moi"))
            let reset = try await console.send(client, .post, "/admin/users", form: ["csrf": csrf, "do": "reset", "user": moi.id])
            let second = try #require(shownPassword(reset))
            #expect(try await console.users.signIn(username: "le.van.moi", password: first) == .refused)
            #expect(try await console.users.signIn(username: "le.van.moi", password: second) == .accepted(moi))

            #expect(try await console.send(client, .post, "/admin/users", form: ["csrf": csrf, "do": "deactivate", "user": moi.id]).status == .seeOther)
            #expect(try await console.users.signIn(username: "le.van.moi", password: second) == .refused)
            #expect(try await console.send(client, .get, "/admin/users").html.contains("Đã khoá"))
            #expect(try await console.send(client, .post, "/admin/users", form: ["csrf": csrf, "do": "reactivate", "user": moi.id]).status == .seeOther)
            #expect(try await console.users.signIn(username: "le.van.moi", password: second) == .accepted(moi))

            let forged = try await console.send(client, .post, "/admin/users", form: ["csrf": "x", "do": "deactivate", "user": moi.id])
            #expect(forged.status == .forbidden)
            #expect(try await console.users.activeUser(id: moi.id) != nil)
        }
    }

    @Test("only the administrator manages accounts")
    func adminOnly() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client)
            #expect(try await console.send(client, .get, "/admin/users").status == .forbidden)
            let home = try await console.send(client, .get, "/")
            let post = try await console.send(client, .post, "/admin/users", form: ["csrf": try #require(home.hidden("csrf")), "do": "deactivate",
                                                                                  "user": console.desk.id])
            #expect(post.status == .forbidden)
            #expect(try await console.users.activeUser(id: console.desk.id) != nil)
        }
    }
}

/// The administrator's dead deliveries.
@Suite("Web console dead deliveries")
struct DeliveryPageTests {
    @Test("dead notifications are listed with masked addresses and sent again on request; others may not")
    func retry() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        _ = try await console.officer("quantri", role: .admin, department: nil)
        let d = try await console.log("Phan Văn G", at: Timestamp.parse("2027-03-01T09:00:00+07:00")!)
        try await DatabaseQueue(path: console.databasePath).write { db in
            try db.execute(sql: """
                INSERT INTO outbox (id, dossier_code, event_seq, channel, target, payload, attempts, next_attempt_at, status, last_error, created_at)
                VALUES ('m-dead-1', ?, 1, 'email', 'phanvang@example.vn', '{}', 8, 0, 'dead', '550 mailbox unavailable', 0)
                """, arguments: [d.code])
        }
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client, username: "quantri")
            let page = try await console.send(client, .get, "/admin/deliveries")
            #expect(page.status == .ok && page.html.contains(d.code) && page.html.contains("p***@example.vn"))
            #expect(!page.html.contains("phanvang@example.vn") && page.html.contains("550 mailbox unavailable"))
            let csrf = try #require(page.hidden("csrf"))
            #expect(try await console.send(client, .post, "/admin/deliveries", form: ["csrf": "x", "id": "m-dead-1"]).status == .forbidden)
            let unknown = try await console.send(client, .post, "/admin/deliveries", form: ["csrf": csrf, "id": "m-none"])
            #expect(unknown.status == .notFound)
            let retried = try await console.send(client, .post, "/admin/deliveries", form: ["csrf": csrf, "id": "m-dead-1"])
            #expect(retried.status == .ok && retried.html.contains("Không có thông báo nào bị dừng gửi."))
            let status = try await DatabaseQueue(path: console.databasePath).read { db in
                try String.fetchOne(db, sql: "SELECT status FROM outbox WHERE id = 'm-dead-1'")
            }
            #expect(status == "pending")
        }
        console.cookies = [:]
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client)
            #expect(try await console.send(client, .get, "/admin/deliveries").status == .forbidden)
        }
    }
}
