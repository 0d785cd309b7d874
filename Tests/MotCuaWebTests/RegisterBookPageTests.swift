import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaCore
import MotCuaDefinitions
import MotCuaServer
import MotCuaStore
import Testing

/// The incoming register (Sổ đăng ký văn bản đến) in the console, and a document's own page.
@Suite("Web console register books")
struct RegisterBookPageTests {
    /// A document from Sở Tài chính, registered on arrival by `clerk`.
    func received(_ console: Console, clerk: User, number: String, subject: String) async throws -> Dossier {
        var header = EdXMLHeader(from: EdXMLOrgan(organId: "000.00.32.H58", organName: "Sở Tài chính"),
                                 to: [EdXMLOrgan(organId: "000.00.01.H22")], documentId: "000.00.32.H58,2027/02/18,\(number)/STC-NS",
                                 codeNumber: number, codeNotation: "STC-NS", promulgationDate: "2027/02/18", type: "2", subject: subject)
        header.typeName = "Công văn"
        header.priority = "3"
        let rules = DefinitionFiles.clericalRules(at: Console.root + "/config/documents.yaml").rules!
        let submission = try DocumentArrival.submission(EdXMLDocument(header: header, signature: .valid(signer: "CN=STC", trusted: true)),
                                                        source: .axis, packageSHA256: nil, workflowID: "van-ban-den", rules: rules).get()
        guard case let .applied(result) = try await console.store.receive(
            submission, files: [], by: clerk.actor, at: console.clock.now, catalog: console.catalog, calendar: console.calendar,
            duplicates: .flag, registering: "register", idempotency: nil) else { throw StoreError.idempotencyKeyReused }
        return result.dossier
    }

    @Test("the clerk's book for the year: the Decree's columns, markings, CSV; the document's page shows it; others are refused")
    func page() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        let clerk = try await console.officer("vanthu", role: .clerk, department: "VP")
        _ = try await console.officer("chuyenvien", role: .specialist, department: "QLKH")
        let first = try await received(console, clerk: clerk, number: "15", subject: "Về việc <b>dự toán</b> năm 2028")
        let second = try await received(console, clerk: clerk, number: "16", subject: "=CMD()")
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client, username: "vanthu")
            let book = try await console.send(client, .get, "/registers/den?year=2027")
            #expect(book.status == .ok)
            #expect(book.html.contains("SỔ VĂN BẢN ĐẾN") && book.html.contains("Năm 2027 — 2 văn bản"))
            for heading in ["Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung",
                            "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận", "Ghi chú"] {
                #expect(book.html.contains("<th scope=\"col\">\(heading)</th>"), "missing column \(heading)")
            }
            #expect(book.html.contains("<td>19/02/2027</td><td>01</td><td>Sở Tài chính</td><td>15/STC-NS</td><td>18/02/2027</td>"))
            #expect(book.html.contains("Công văn — Về việc &lt;b&gt;dự toán&lt;/b&gt; năm 2028") && !book.html.contains("<b>dự toán</b>"))
            #expect(book.html.contains("<td>HỎA TỐC</td>"))
            #expect(book.html.range(of: "<td>01</td>")!.lowerBound < book.html.range(of: "<td>02</td>")!.lowerBound)
            let file = try await console.send(client, .get, "/registers/den.csv?year=2027")
            #expect(file.status == .ok && file.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = file.html.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 3)
            #expect(lines[2].contains(",'=CMD(),") || lines[2].contains("Công văn — =CMD()"))
            #expect(lines[2].hasSuffix(",\(second.code),registered"))
            let empty = try await console.send(client, .get, "/registers/den?year=2026")
            #expect(empty.html.contains("Sổ chưa có văn bản nào trong năm này."))
            let unknown = try await console.send(client, .get, "/registers/nope")
            #expect(unknown.status == .forbidden || unknown.status == .notFound)
            let own = try await console.send(client, .get, "/dossiers/\(first.code)")
            #expect(own.status == .ok)
            #expect(own.html.contains("Đã vào sổ, chờ Lãnh đạo chỉ đạo"))
            #expect(own.html.contains("<dt>Số, ký hiệu</dt><dd>15/STC-NS, ngày 2027/02/18</dd>"))
            #expect(own.html.contains("<dt>Độ khẩn</dt><dd>HỎA TỐC</dd>"))
            #expect(own.html.contains("<dt>Đăng ký</dt><dd>Số đến 01, sổ den</dd>"))
            #expect(own.html.contains("Hợp lệ (CN=STC)"))
            #expect(!own.html.contains("Giấy tiếp nhận và hẹn trả kết quả"))
        }
        // The director instructs from the document's page: lead and cooperating departments.
        _ = try await console.officer("giamdoc", role: .director, department: nil)
        try await console.application().test(.router) { client in
            console.cookies.removeAll()
            _ = try await console.signIn(client, username: "giamdoc")
            // Both wait in the director's inbox, named by number and urgency, with their deadline.
            let inbox = try await console.send(client, .get, "/inbox")
            #expect(inbox.html.contains("Văn bản đến 15/STC-NS — HỎA TỐC") && inbox.html.contains("Văn bản đến 16/STC-NS — HỎA TỐC"))
            #expect(inbox.html.contains(vietnamTime(try #require(first.dueAt))))
            #expect(!inbox.html.contains("Không tính hạn"))
            let page = try await console.send(client, .get, "/dossiers/\(first.code)")
            #expect(page.html.contains("<select id=\"lead-instruct\" name=\"lead\" required>"))
            #expect(page.html.contains("<option value=\"QLKH\">Phòng Quản lý khoa học</option>"))
            let csrf = try #require(page.hidden("csrf"))
            let unknown = try await console.send(client, .post, "/dossiers/\(first.code)/actions",
                                                 form: ["csrf": csrf, "action": "instruct", "version": "2", "lead": "XYZ"])
            #expect(unknown.status == .unprocessableContent && unknown.html.contains("Mã đơn vị không có trong danh sách"))
            let done = try await console.send(client, .post, "/dossiers/\(first.code)/actions",
                                              form: ["csrf": csrf, "action": "instruct", "version": "2", "lead": "QLKH",
                                                     "cooperating": "QLCN, TDC", "note": "Phòng QLKH chủ trì"])
            #expect(done.status == .seeOther, "\(done.html)")
            let instructed = try await console.store.dossier(first.code)
            #expect(instructed?.state == "instructed" && instructed?.document?.lead == "QLKH")
            #expect(instructed?.document?.cooperating == ["QLCN", "TDC"])
            // The handling slip carries the director's part; the tracking register the lead and the progress.
            let slip = try await console.send(client, .get, "/dossiers/\(first.code)/forms/handling")
            #expect(slip.status == .ok)
            #expect(slip.html.contains("PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN"))
            #expect(slip.html.contains("<dt>Ý kiến chỉ đạo</dt><dd>Phòng QLKH chủ trì</dd>"))
            #expect(slip.html.contains("<dt>Đơn vị chủ trì</dt><dd>Phòng Quản lý khoa học</dd>"))
            #expect(slip.html.contains("<dt>Đơn vị phối hợp</dt><dd>Phòng Quản lý công nghệ và Chuyên ngành, Phòng Tiêu chuẩn Đo lường Chất lượng</dd>"))
            #expect(slip.html.contains("<dt>Số đến</dt><dd>01</dd>"))
            let tracking = try await console.send(client, .get, "/registers/den?year=2027&view=tracking")
            #expect(tracking.html.contains("SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN"))
            #expect(tracking.html.contains("<td>01</td><td>Công văn, 15/STC-NS, 18/02/2027, Sở Tài chính</td><td>Phòng Quản lý khoa học</td>"))
            #expect(tracking.html.contains("<td>Đã phân phối, chờ phân công xử lý</td>"))
        }
        // A cooperating department's head finds it in the inbox by the opinion's deadline and
        // gives the opinion; the slip shows it with its deadline.
        _ = try await console.officer("truongqlcn", role: .departmentHead, department: "QLCN")
        try await console.application().test(.router) { client in
            console.cookies.removeAll()
            _ = try await console.signIn(client, username: "truongqlcn")
            let inbox = try await console.send(client, .get, "/inbox")
            #expect(inbox.html.contains("Văn bản đến 15/STC-NS"), "\(inbox.html)")
            #expect(!inbox.html.contains("Văn bản đến 16/STC-NS"))
            let page = try await console.send(client, .get, "/dossiers/\(first.code)")
            #expect(page.html.contains("<textarea id=\"opinion-give_opinion\" name=\"opinion\" required maxlength=\"4000\"></textarea>"))
            #expect(!page.html.contains("name=\"assignee\""))
            let version = try #require(try await console.store.dossier(first.code)?.version)
            let given = try await console.send(client, .post, "/dossiers/\(first.code)/actions",
                                               form: ["csrf": try #require(page.hidden("csrf")), "action": "give_opinion",
                                                      "version": String(version), "opinion": "Phòng QLCN thống nhất <b>nội dung</b>"])
            #expect(given.status == .seeOther, "\(given.html)")
            let after = try await console.send(client, .get, "/inbox")
            #expect(!after.html.contains("Văn bản đến 15/STC-NS"))
            let slip = try await console.send(client, .get, "/dossiers/\(first.code)/forms/handling")
            #expect(slip.html.contains("Ý kiến của đơn vị phối hợp"))
            #expect(slip.html.contains("<td>Phòng Quản lý công nghệ và Chuyên ngành</td>"))
            #expect(slip.html.contains("Phòng QLCN thống nhất &lt;b&gt;nội dung&lt;/b&gt;"))
            #expect(slip.html.contains("<td>Chưa có ý kiến</td>"))  // TDC has not answered
        }
        try await console.application().test(.router) { client in
            console.cookies.removeAll()
            _ = try await console.signIn(client, username: "chuyenvien")
            // The lead department's specialist sees the document now, not the register.
            #expect(try await console.send(client, .get, "/dossiers/\(first.code)").status == .ok)
            let refused = try await console.send(client, .get, "/registers/den")
            #expect(refused.status == .forbidden)
            #expect(!refused.html.contains("15/STC-NS"))
        }
    }

    @Test("the outgoing book: the Decree's columns for documents numbered and issued, a recall noted, CSV with every column")
    func outgoingBook() async throws {
        let console = try await Console()
        defer { console.cleanUp() }
        let clerk = try await console.officer("vanthu", role: .clerk, department: "VP")
        let specialist = try await console.officer("chuyenvien", role: .specialist, department: "QLKH")
        let head = try await console.officer("truongphong", role: .departmentHead, department: "QLKH")
        let director = try await console.officer("giamdoc", role: .director, department: nil)
        let rules = DefinitionFiles.clericalRules(at: Console.root + "/config/documents.yaml").rules!
        let us = EdXMLOrgan(organId: "000.00.01.H22", organName: "Sở Khoa học và Công nghệ")
        let recipients = [EdXMLOrgan(organId: "000.00.32.H58", organName: "Sở Tài chính"),
                          EdXMLOrgan(organId: "000.00.33.H58", organName: "Sở Nội vụ")]
        var made: [String] = []
        for (type, subject, urgency) in [("KH", "Kế hoạch kiểm tra an toàn bức xạ năm 2027", EdXMLPriority.normal),
                                         ("CV", "Về việc đề nghị cung cấp số liệu", .urgent)] {
            let draft = DocumentDraft(type: type, subject: subject, content: "Kính gửi các sở", recipients: recipients, urgency: urgency)
            let submission = try draft.submission(from: us, unit: "QLKH", workflowID: "van-ban-di", rules: rules).get()
            guard case let .applied(opened) = try await console.store.receive(
                submission, files: [], by: specialist.actor, at: console.clock.now, catalog: console.catalog, calendar: console.calendar,
                duplicates: .flag, registering: nil, idempotency: nil) else { throw StoreError.idempotencyKeyReused }
            let code = opened.dossier.code
            for (actor, action) in [(specialist, "submit"), (head, "approve"), (director, "sign"), (clerk, "number")] {
                _ = try await console.store.perform(Command(action: action), on: code, by: actor.actor, at: console.clock.now,
                                                    catalog: console.catalog, calendar: console.calendar)
            }
            made.append(code)
        }
        let codes = made
        // Sở Tài chính answers the first (the poller records it as the axis's clerk).
        var answer = Command(action: "record_answer")
        answer.answer = DocumentRecord.RecipientAnswer(organId: "000.00.32.H58", code: "03", description: "Đã vào sổ", timestamp: "2027/02/19 10:00:00")
        _ = try await console.store.perform(answer, on: codes[0], by: clerk.actor, at: console.clock.now, catalog: console.catalog,
                                            calendar: console.calendar)
        var recall = Command(action: "recall")
        recall.reason = "Ban hành nhầm nơi nhận"
        _ = try await console.store.perform(recall, on: codes[1], by: director.actor, at: console.clock.now, catalog: console.catalog,
                                            calendar: console.calendar)
        let day = RegisterRowDay.text(console.clock.now, console.calendar)
        try await console.application().test(.router) { client in
            _ = try await console.signIn(client, username: "vanthu")
            let book = try await console.send(client, .get, "/registers/di")
            #expect(book.status == .ok && book.html.contains("SỔ VĂN BẢN ĐI"))
            for heading in ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung", "Người ký", "Nơi nhận văn bản",
                            "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú"] {
                #expect(book.html.contains("<th scope=\"col\">\(heading)</th>"), "missing column \(heading)")
            }
            #expect(!book.html.contains("Ngày đến") && !book.html.contains("/registers/di?year=2027&amp;view=tracking"))
            #expect(book.html.contains("<a href=\"/registers/di\">Sổ văn bản đi</a>"))
            #expect(book.html.contains("<td>01/KH-SKHCN</td><td>\(day)</td><td>Kế hoạch — Kế hoạch kiểm tra an toàn bức xạ năm 2027</td>"
                                       + "<td>\(director.role.vietnameseTitle) \(director.name)</td><td>Sở Tài chính; Sở Nội vụ</td>"
                                       + "<td>Văn thư; Phòng Quản lý khoa học</td><td>4</td><td>\(day)</td><td></td><td></td></tr>"),
                    "\(book.html)")
            #expect(book.html.contains("<td>02/SKHCN-QLKH</td>") && book.html.contains("<td>KHẨN; Đã thu hồi: Ban hành nhầm nơi nhận</td>"))
            let file = try await console.send(client, .get, "/registers/di.csv")
            let lines = file.html.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 3 && lines[0].hasSuffix("Ký nhận,Ghi chú,Mã hồ sơ văn bản,Trạng thái"))
            #expect(lines[1].hasSuffix(",\(codes[0]),issued") && lines[2].hasSuffix(",\(codes[1]),recalled"))
            // The document's page shows each recipient's answer.
            let page = try await console.send(client, .get, "/dossiers/\(codes[0])")
            #expect(page.html.contains("<dt>Nơi nhận: Sở Tài chính</dt><dd>03 — \(EdXMLStatusCode.accepted.label): Đã vào sổ (2027/02/19 10:00:00)</dd>"),
                    "\(page.html)")
            #expect(page.html.contains("<dt>Nơi nhận: Sở Nội vụ</dt><dd>Chưa có phản hồi</dd>"))
            // An outgoing book has no tracking view: the link is not offered, the query is ignored.
            let tracking = try await console.send(client, .get, "/registers/di?view=tracking")
            #expect(tracking.html.contains("SỔ VĂN BẢN ĐI") && !tracking.html.contains("SỔ THEO DÕI"))
        }
    }
}

/// `dd/MM/yyyy` of an instant in the calendar's zone, as the books write it.
enum RegisterRowDay {
    static func text(_ instant: Date, _ calendar: WorkingCalendar) -> String {
        let c = calendar.local(instant).date.components
        return String(format: "%02d/%02d/%04d", c.day, c.month, c.year)
    }
}
