import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaCore
import Testing

@Suite("API: why this appointment")
struct APIDeadlineTests {
    @Test("GET …/deadline explains the count and a supplement round, adds up to the dossier's dueAt, hides nothing it may not")
    func explained() async throws {
        // Friday 26 February 2027, 18:00: after hours, so counting starts Monday 1 March.
        let system = try await TestSystem(start: "2027-02-26T18:00:00+07:00")
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            let created = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["desk"], json: submission())
            let code = try #require(created["code"] as? String)
            system.clock.set(Timestamp.parse("2027-03-02T09:00:00+07:00")!)
            let asked = try await system.act(client, code, "request_supplement", as: "desk",
                                             ", \"reason\": \"Thiếu\", \"items\": [\"Phiếu khám sức khỏe\"]")
            #expect(asked.status == .ok)
            system.clock.set(Timestamp.parse("2027-03-04T10:00:00+07:00")!)
            #expect(try await system.act(client, code, "submit_supplement", as: "desk").status == .ok)

            let reply = try await client.call(.get, "/api/v1/dossiers/\(code)/deadline", token: system.tokens["desk"])
            #expect(reply.status == .ok, "\(reply.text)")
            let dossier = try await client.call(.get, "/api/v1/dossiers/\(code)", token: system.tokens["desk"])
            #expect(reply["dueAt"] as? String == dossier["dueAt"] as? String)
            let received = try #require(reply["received"] as? [String: Any])
            #expect(received["reason"] as? String == "outside_working_hours")
            #expect(received["countingFrom"] as? String == "2027-03-01T07:30:00+07:00")
            let days = try #require(received["days"] as? [[String: Any]])
            // 2–15 March: ten working days counted (2–5, 8–12, 15), two weekends skipped.
            #expect(days.filter { $0["kind"] as? String == "counted" }.count == 10)
            #expect(days.filter { $0["kind"] as? String == "weekend" }.map { $0["date"] as? String } == ["2027-03-06", "2027-03-07", "2027-03-13", "2027-03-14"])
            #expect(received["dueAt"] as? String == "2027-03-15T07:30:00+07:00")
            let changes = try #require(reply["changes"] as? [[String: Any]])
            #expect(changes.count == 1)
            #expect(changes.first?["type"] as? String == "pause")
            #expect(changes.first?["supplementRound"] as? Int == 1)
            #expect(changes.first?["dueBefore"] as? String == "2027-03-15T07:30:00+07:00")
            #expect(changes.first?["waitedWorkingSeconds"] as? Int == 16 * 3600)
            #expect(changes.first?["dueAfter"] as? String == dossier["dueAt"] as? String)

            // Who may not see the dossier learns nothing of it.
            let other = try await client.call(.get, "/api/v1/dossiers/\(code)/deadline", token: system.tokens["specialistQLKH"])
            #expect(other.status == .notFound)
            let missing = try await client.call(.get, "/api/v1/dossiers/000.00.01.H22-270301-9999/deadline", token: system.tokens["desk"])
            #expect(missing.status == .notFound)
            #expect(try await client.call(.get, "/api/v1/dossiers/\(code)/deadline", token: nil).status == .unauthorized)
        }
    }
}
