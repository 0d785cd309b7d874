import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaCore
import Testing

@Suite("API: reports summary")
struct APIReportTests {
    @Test("the director's summary counts what the store holds: receipts by channel, an online one once accepted, a finished one by verdict")
    func summary() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            let direct = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["desk"], json: submission())
            let directCode = try #require(direct["code"] as? String)
            let online = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["portal"],
                                               json: submission().replacingOccurrences(of: "\"direct\"", with: "\"online\""))
            let onlineCode = try #require(online["code"] as? String)
            _ = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["portal"], json: submission().replacingOccurrences(of: "\"direct\"", with: "\"online\""))
            system.clock.advance(600)
            #expect(try await system.act(client, onlineCode, "accept", as: "desk").status == .ok)
            let specialist = system.userIDs["specialistQLCN"]!
            for (action, who, fields) in [("forward", "desk", ""), ("forward", "headQLCN", ", \"assignee\": \"\(specialist)\""),
                                          ("forward", "specialistQLCN", ""), ("forward", "headQLCN", ""), ("forward", "director", ""),
                                          ("forward", "clerkVP", "")] {
                system.clock.advance(3600)
                #expect(try await system.act(client, directCode, action, as: who, fields).status == .ok)
            }
            let reply = try await client.call(.get, "/api/v1/reports/summary?from=2027-03-01&to=2027-03-31", token: system.tokens["director"])
            #expect(reply.status == .ok, "\(reply.text)")
            let total = try #require(reply["total"] as? [String: Any])
            #expect(total["received"] as? Int == 2)  // the third is still waiting for the desk
            #expect(total["receivedOnline"] as? Int == 1)
            #expect(total["onlineShare"] as? Double == 0.5)
            #expect(total["finished"] as? Int == 1 && total["early"] as? Int == 1 && total["onTimeRate"] as? Double == 1.0)
            #expect(total["overdue"] as? Int == 0)
            let groups = try #require(reply["groups"] as? [[String: Any]])
            #expect(groups.map { $0["key"] as? String } == ["QLCN"])
            #expect((groups.first?["name"] as? String)?.isEmpty == false)
            let weeks = try #require(reply["weeks"] as? [[String: Any]])
            #expect(weeks.first?["week"] as? String == "2027-03-01" && weeks.first?["received"] as? Int == 2)

            let byProcedure = try await client.call(.get, "/api/v1/reports/summary?from=2027-03-01&to=2027-03-31&groupBy=procedure",
                                                    token: system.tokens["admin"])
            #expect((byProcedure["groups"] as? [[String: Any]])?.map { $0["key"] as? String } == ["1.000173"])
            // Another month holds nothing of it.
            let april = try await client.call(.get, "/api/v1/reports/summary?from=2027-04-01&to=2027-04-30", token: system.tokens["director"])
            #expect((april["total"] as? [String: Any])?["received"] as? Int == 0)
            #expect((april["total"] as? [String: Any])?["onTimeRate"] is NSNull)
        }
    }

    @Test("only the director and the admin; malformed dates and groupings are 400, backwards or too long periods 422", arguments: [
        ("from=2027-13-01", 400), ("from=01/03/2027", 400), ("groupBy=officer", 400), ("from=", 400),
        ("from=2027-03-10&to=2027-03-01", 422), ("from=2020-01-01&to=2027-01-01", 422),
    ])
    func refused(query: String, status: Int) async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            let bad = try await client.call(.get, "/api/v1/reports/summary?\(query)", token: system.tokens["director"])
            #expect(bad.status.code == status, "\(query): \(bad.text)")
            for label in ["desk", "specialistQLCN", "headQLCN", "portal"] {
                let forbidden = try await client.call(.get, "/api/v1/reports/summary", token: system.tokens[label])
                #expect(forbidden.status == .forbidden, "\(label)")
            }
        }
    }
}
