import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaCore
import Testing

extension TestSystem {
    func act(_ client: some TestClientProtocol, _ code: String, _ action: String, as label: String, _ fields: String = "",
             headers: HTTPFields = [:]) async throws -> Reply {
        try await client.call(.post, "/api/v1/dossiers/\(code)/actions", token: tokens[label],
                              json: "{\"action\": \"\(action)\"\(fields)}", headers: headers)
    }
}

@Suite("API: the whole lifecycle over HTTP")
struct APILifecycleTests {
    @Test("desk → steps → supplement round → result → returned; events chain with actors and hashes")
    func lifecycle() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            let created = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["desk"], json: submission())
            #expect(created.status == .created, "\(created.text)")
            let code = try #require(created["code"] as? String)
            #expect(code == "000.00.01.H22-270301-0001")
            #expect(created["state"] as? String == "received")
            #expect(created["dueAt"] as? String == "2027-03-15T08:00:00+07:00")
            #expect(created["portalStatus"] as? Int == 2)
            let specialist = system.userIDs["specialistQLCN"]!
            let steps: [(String, String, String)] = [
                ("forward", "desk", ""), ("forward", "headQLCN", ", \"assignee\": \"\(specialist)\""),
                ("request_supplement", "specialistQLCN", ", \"reason\": \"Thiếu giấy tờ\", \"items\": [\"Phiếu khám sức khỏe\"]"),
                ("submit_supplement", "desk", ""), ("forward", "specialistQLCN", ""), ("forward", "headQLCN", ""),
                ("forward", "director", ""), ("forward", "clerkVP", ""), ("deliver", "desk", ""),
            ]
            var version = 1
            for (action, who, fields) in steps {
                system.clock.advance(3600)
                let reply = try await system.act(client, code, action, as: who, fields, headers: [.ifMatch: "\(version)"])
                #expect(reply.status == .ok, "\(action) by \(who): \(reply.text)")
                version += 1
                #expect(reply["version"] as? Int == version)
            }
            let shown = try await client.call(.get, "/api/v1/dossiers/\(code)", token: system.tokens["director"])
            #expect(shown["state"] as? String == "returned")
            #expect(shown["portalStatus"] as? Int == 10)
            #expect(shown["outcome"] as? String == "early")
            #expect(shown.headers[.eTag] == "\"10\"")
            let events = try await client.call(.get, "/api/v1/dossiers/\(code)/events", token: system.tokens["desk"])
            #expect(events.array.count == 10)
            #expect(events.array.map { $0["seq"] as? Int } == Array(1...10))
            #expect(events.array.map { $0["portalStatus"] as? Int } == [2, 4, 4, 5, 4, 4, 4, 4, 9, 10])
            var previous = String(repeating: "0", count: 64)
            for e in events.array {
                #expect(e["prevHash"] as? String == previous)
                let hash = try #require(e["hash"] as? String)
                #expect(hash.count == 64)
                previous = hash
                let actor = e["actor"] as? [String: Any]
                #expect(actor?["id"] is String && actor?["role"] is String)
            }
            #expect((events.array[3]["items"] as? [String]) == ["Phiếu khám sức khỏe"])
            #expect(events.array[3]["reason"] as? String == "Thiếu giấy tờ")
            let (checked, broken) = try await system.env.dossiers.verifyAudit()
            #expect(checked == 1 && broken == nil)
        }
    }

    @Test("online submissions start submitted and wait for the desk; the lookup shows no personal data")
    func onlineAndLookup() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            let body = submission().replacingOccurrences(of: "\"direct\"", with: "\"online\"")
                .replacingOccurrences(of: "\"documents\"", with: "\"submittedAt\": \"2027-02-28T22:10:00+07:00\", \"documents\"")
            let created = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["portal"], json: body)
            #expect(created.status == .created, "\(created.text)")
            #expect(created["state"] as? String == "submitted")
            #expect(created["clock"] as? String == "not_started")
            #expect(created["submittedAt"] as? String == "2027-02-28T22:10:00+07:00")
            let code = created["code"] as! String
            let lookup = try await client.call(.get, "/api/v1/lookup/\(code)", token: nil)
            #expect(lookup.status == .ok)
            #expect(lookup["stateLabel"] as? String == "Mới đăng ký")
            #expect(!lookup.text.contains("Nguyễn Văn A") && !lookup.text.contains("062090001234") && !lookup.text.contains("0905123456"))
            let accepted = try await system.act(client, code, "accept", as: "desk")
            #expect(accepted["state"] as? String == "received")
            let missing = try await client.call(.get, "/api/v1/lookup/000.00.01.H22-270301-9999", token: nil)
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
        }
    }

    @Test("directory endpoints: me, users, procedures, workflows")
    func directory() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            let me = try await client.call(.get, "/api/v1/me", token: system.tokens["headQLCN"])
            #expect(me["role"] as? String == "department_head")
            #expect(me["department"] as? String == "QLCN")
            let specialists = try await client.call(.get, "/api/v1/users?role=specialist&department=QLCN", token: system.tokens["desk"])
            #expect(specialists.array.count == 1)
            #expect(specialists.array.first?["id"] as? String == system.userIDs["specialistQLCN"])
            let procedures = try await client.call(.get, "/api/v1/procedures", token: system.tokens["desk"])
            #expect(procedures.array.count == 7)
            let cert = procedures.array.first { $0["code"] as? String == "1.000173" }
            #expect((cert?["deadline"] as? [String: Any])?["value"] as? Int == 10)
            #expect((cert?["deadline"] as? [String: Any])?["unit"] as? String == "working_days")
            let workflow = try await client.call(.get, "/api/v1/workflows/chung-chi-nhan-vien-buc-xa", token: system.tokens["desk"])
            #expect((workflow["states"] as? [[String: Any]])?.count == 14)
            #expect(((workflow["transitions"] as? [[String: Any]]) ?? []).contains { $0["action"] as? String == "deliver" })
            let none = try await client.call(.get, "/api/v1/workflows/nope", token: system.tokens["desk"])
            #expect(none.status == .notFound)
        }
    }

    @Test("the inbox lists the most urgent step first (not logging order), page by page")
    func inboxOrder() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            // Logged at 10:00, then 08:00, then 09:00 (the clock set back): due order 2, 3, 1.
            var codes: [String] = []
            for time in ["2027-03-01T10:00:00+07:00", "2027-03-01T08:00:00+07:00", "2027-03-01T09:00:00+07:00"] {
                system.clock.set(Timestamp.parse(time)!)
                let r = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["desk"], json: submission())
                #expect(r.status == .created)
                codes.append(r["code"] as! String)
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let path = "/api/v1/inbox?limit=1" + (cursor.map { "&cursor=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? "")
                let page = try await client.call(.get, path, token: system.tokens["desk"])
                #expect(page.status == .ok, "\(page.text)")
                seen += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
                cursor = page["nextCursor"] as? String
            } while cursor != nil && seen.count < 10
            #expect(seen == [codes[1], codes[2], codes[0]])
            let counts = try await client.call(.get, "/api/v1/inbox/counts", token: system.tokens["desk"])
            #expect(counts.status == .ok)
            #expect(counts["total"] as? Int == 3 && (counts["byState"] as? [String: Any])?["received"] as? Int == 3, "\(counts.text)")
            let none = try await client.call(.get, "/api/v1/inbox/counts", token: system.tokens["headQLKH"])
            #expect(none["total"] as? Int == 0)
            let bad = try await client.call(.get, "/api/v1/inbox?cursor=12345", token: system.tokens["desk"])
            #expect(bad.status == .badRequest)
        }
    }

    @Test("list filters, cursor paging and the inbox")
    func listsAndInbox() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            var codes: [String] = []
            for i in 0..<7 {
                let r = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["desk"],
                                              json: submission(i % 2 == 0 ? "1.000173" : "dang-ky-ket-qua-nhiem-vu-khcn-x"
                                                  .replacingOccurrences(of: "dang-ky-ket-qua-nhiem-vu-khcn-x", with: "KHCN.NV.01")))
                codes.append(r["code"] as! String)
            }
            _ = try await system.act(client, codes[0], "forward", as: "desk")
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await client.call(.get, "/api/v1/dossiers?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""),
                                                 token: system.tokens["director"])
                #expect(page.status == .ok)
                seen += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
                cursor = page["nextCursor"] as? String
            } while cursor != nil
            #expect(seen == codes)
            let byProcedure = try await client.call(.get, "/api/v1/dossiers?procedure=KHCN.NV.01", token: system.tokens["desk"])
            #expect((byProcedure["items"] as? [[String: Any]])?.count == 3)
            let assigned = try await client.call(.get, "/api/v1/dossiers?state=assignment", token: system.tokens["desk"])
            #expect((assigned["items"] as? [[String: Any]])?.map { $0["code"] as? String } == [codes[0]])
            let headInbox = try await client.call(.get, "/api/v1/inbox", token: system.tokens["headQLCN"])
            #expect((headInbox["items"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == [codes[0]])
            let deskInbox = try await client.call(.get, "/api/v1/inbox", token: system.tokens["desk"])
            #expect((deskInbox["items"] as? [[String: Any]])?.count == 6)
            let otherInbox = try await client.call(.get, "/api/v1/inbox", token: system.tokens["specialistQLKH"])
            #expect((otherInbox["items"] as? [[String: Any]])?.isEmpty == true)
            system.clock.advance(30 * 86_400)
            let overdue = try await client.call(.get, "/api/v1/dossiers?overdue=true", token: system.tokens["director"])
            #expect((overdue["items"] as? [[String: Any]])?.count == 7)
        }
    }
}
