import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaCore
import MotCuaStore
import Testing

/// The log book (Sổ theo dõi hồ sơ): page and CSV for a range of receipt dates.
@Suite("Web console log book")
struct LogBookPageTests {
    @Test("today's book by default, a range on request; the columns of the domain doc; each row logged as read")
    func page() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        let now = console.clock.now  // Friday 19 February 2027, 08:20 in Vietnam
        let yesterday = try await console.log("Lê Văn Hôm Qua", at: now.addingTimeInterval(-86_400))
        let first = try await console.log("Nguyễn Thị Hôm Nay", at: now.addingTimeInterval(-600))
        let second = try await console.log("<b>Phạm</b> Văn C", at: now)
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client)
            let today = try await console.send(client, .get, "/log-book")
            #expect(today.status == .ok)
            #expect(today.html.contains("SỔ THEO DÕI HỒ SƠ") && today.html.contains("Ngày 19/02/2027 — 2 hồ sơ"))
            #expect(today.html.contains(first.code) && today.html.contains(second.code) && !today.html.contains(yesterday.code))
            #expect(today.html.range(of: first.code)!.lowerBound < today.html.range(of: second.code)!.lowerBound)
            #expect(today.html.contains("12 Trần Phú, Hải Châu") && today.html.contains("0905123456"))
            #expect(today.html.contains("&lt;b&gt;Phạm&lt;/b&gt; Văn C") && !today.html.contains("<b>Phạm</b>"))
            #expect(today.html.contains("<td>\(vietnamTime(first.dueAt!))</td>"))
            #expect(today.html.contains("<td>\(console.desk.name)</td>"))  // the receiving officer
            let range = try await console.send(client, .get, "/log-book?from=2027-02-18&to=2027-02-19")
            #expect(range.html.contains(yesterday.code) && range.html.contains("Từ ngày 18/02/2027 đến ngày 19/02/2027 — 3 hồ sơ"))
            let bad = try await console.send(client, .get, "/log-book?from=2027-02-20&to=2027-02-19")
            #expect(bad.status == .badRequest && bad.html.contains("Khoảng ngày không hợp lệ"))
        }
        let reads = try await console.store.accessLog(dossier: first.code)
        #expect(reads.filter { $0.view == "log-book" }.count == 2)
    }

    @Test("CSV: UTF-8 with BOM, RFC 4180 quoting, a formula in a name is defused")
    func csv() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        let hostile = try await console.log("=HYPERLINK(\"http://x\",\"Bấm\")", at: console.clock.now)
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client)
            let file = try await console.send(client, .get, "/log-book.csv?from=2027-02-19&to=2027-02-19")
            #expect(file.status == .ok)
            #expect(file.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(file.headers[.contentDisposition]?.contains("so-theo-doi-ho-so-2027-02-19-2027-02-19.csv") == true)
            #expect(file.html.hasPrefix("\u{FEFF}STT,Mã hồ sơ,Trích yếu,Số bộ,Người nộp,Địa chỉ,Điện thoại,Ngày nhận,"))
            let lines = file.html.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 2)
            #expect(lines[1].hasPrefix("1,\(hostile.code),Hồ sơ thử,1,\"'=HYPERLINK(\"\"http://x\"\",\"\"Bấm\"\")\",\"12 Trần Phú, Hải Châu\",0905123456,"))
        }
    }

    @Test("a specialist has no log book (403); signed out goes to sign-in")
    func refused() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        _ = try await console.officer("lan", role: .specialist, department: "QLCN")
        try await console.application().test(.router) { client in
            #expect(try await console.send(client, .get, "/log-book").status == .seeOther)
            _ = try await console.signIn(client, username: "lan")
            #expect(try await console.send(client, .get, "/log-book").status == .forbidden)
            #expect(try await console.send(client, .get, "/log-book.csv").status == .forbidden)
        }
    }
}
