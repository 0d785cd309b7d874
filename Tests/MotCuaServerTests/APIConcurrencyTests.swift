import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("API: concurrency and idempotency")
struct APIConcurrencyTests {
    @Test("20 concurrent submissions get 20 distinct consecutive codes")
    func concurrentCodes() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            let codes = try await withThrowingTaskGroup(of: String?.self) { group in
                for i in 0..<20 {
                    group.addTask {
                        let r = try await client.call(.post, "/api/v1/dossiers", token: system.tokens[i % 2 == 0 ? "desk" : "portal"],
                                                      json: submission().replacingOccurrences(of: "\"direct\"", with: i % 2 == 0 ? "\"direct\"" : "\"online\""))
                        return r.status == .created ? r["code"] as? String : nil
                    }
                }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            let expected = (1...20).map { String(format: "000.00.01.H22-270301-%04d", $0) }
            #expect(codes.compactMap { $0 }.sorted() == expected)
        }
    }

    @Test("two concurrent actions with the same If-Match: exactly one 200, one 409")
    func ifMatchRace() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            for round in 0..<10 {
                let created = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["desk"], json: submission())
                let code = created["code"] as! String
                let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    group.addTask { try await system.act(client, code, "forward", as: "desk", headers: [.ifMatch: "1"]).status }
                    group.addTask {
                        try await system.act(client, code, "request_supplement", as: "desk", #", "reason": "r", "items": ["i"]"#,
                                             headers: [.ifMatch: "\"1\""]).status
                    }
                    return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == .ok }.count == 1, "round \(round): \(statuses)")
                #expect(statuses.filter { $0 == .conflict }.count == 1, "round \(round): \(statuses)")
                let events = try await client.call(.get, "/api/v1/dossiers/\(code)/events", token: system.tokens["desk"])
                #expect(events.array.count == 2)
            }
            let created = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["desk"], json: submission())
            let stale = try await system.act(client, created["code"] as! String, "forward", as: "desk", headers: [.ifMatch: "7"])
            #expect(stale.status == .conflict)
            #expect(stale.errorCode == "version_conflict")
            #expect(((stale["error"] as? [String: Any])?["details"] as? [String: Any])?["current"] as? Int == 1)
        }
    }

    @Test("Idempotency-Key: a repeat returns the first answer and creates nothing; reuse for another request is refused")
    func idempotency() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "5f0c-aaaa"]
            let first = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["desk"], json: submission(), headers: key)
            system.clock.advance(60)
            let second = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["desk"], json: submission(), headers: key)
            #expect(first.status == .created && second.status == .created)
            #expect(first.text == second.text)
            await #expect(try system.counts().dossiers == 1)
            let other = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["desk"], json: submission(name: "Trần B"), headers: key)
            #expect(other.status == .conflict)
            #expect(other.errorCode == "idempotency_key_reused")
            // Keys are per user: the portal may use the same key for its own submission.
            let portal = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["portal"],
                                               json: submission().replacingOccurrences(of: "\"direct\"", with: "\"online\""), headers: key)
            #expect(portal.status == .created)
            let code = first["code"] as! String
            let actKey: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "act-1"]
            let a1 = try await system.act(client, code, "forward", as: "desk", headers: actKey)
            let a2 = try await system.act(client, code, "forward", as: "desk", headers: actKey)
            #expect(a1.status == .ok && a2.status == .ok && a1.text == a2.text)
            let events = try await client.call(.get, "/api/v1/dossiers/\(code)/events", token: system.tokens["desk"])
            #expect(events.array.count == 2)
        }
    }
}
