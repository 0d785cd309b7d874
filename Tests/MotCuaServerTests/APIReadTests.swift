import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MotCuaStore
import Testing

/// Reads follow the core's `ReadPolicy` (13/2023/NĐ-CP: personal data only for those who
/// process it, and a record of every read): every role × department × channel, for the
/// dossier, its events, its deliveries, the list and the inbox, with the fields each gets.
@Suite("API: read authorization and the access log")
struct APIReadTests {
    /// Who sees what, written out independently of the policy's code.
    /// QLCN handles 1.000173, QLKH handles 1.014393; the portal sees online dossiers only.
    static func expected(_ label: String, procedure: String, online: Bool) -> String {
        switch label {
        case "desk", "clerkVP", "director": return "whole"
        case "headQLCN", "specialistQLCN": return procedure == "1.000173" ? "whole" : "none"
        case "headQLKH", "specialistQLKH": return procedure == "1.014393" ? "whole" : "none"
        case "portal": return online ? "submitted" : "none"
        default: return "none"  // admin
        }
    }

    @Test("every role × department × channel: open, events, deliveries, list; fields; one access-log row per read")
    func matrix() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            var dossiers: [(code: String, procedure: String, online: Bool)] = []
            for procedure in ["1.000173", "1.014393"] {
                for online in [false, true] {
                    var body = submission(procedure)
                    if online { body = body.replacingOccurrences(of: "\"direct\"", with: "\"online\"") }
                    let r = try await client.call(.post, "/api/v1/dossiers", token: system.tokens[online ? "portal" : "desk"], json: body)
                    #expect(r.status == .created, "\(procedure) online=\(online): \(r.text)")
                    dossiers.append((r["code"] as! String, procedure, online))
                }
            }
            var logged = try await system.env.dossiers.accessLogCount()
            #expect(logged == 0, "creating is not a read")
            for (label, _, _) in TestSystem.cast {
                let token = system.tokens[label]
                for d in dossiers {
                    let want = Self.expected(label, procedure: d.procedure, online: d.online)
                    let context = "\(label) on \(d.procedure) online=\(d.online)"
                    let shown = try await client.call(.get, "/api/v1/dossiers/\(d.code)", token: token)
                    let events = try await client.call(.get, "/api/v1/dossiers/\(d.code)/events", token: token)
                    let deliveries = try await client.call(.get, "/api/v1/dossiers/\(d.code)/deliveries", token: token)
                    if want == "none" {
                        for r in [shown, events, deliveries] {
                            #expect(r.status == .notFound && r.errorCode == "not_found", "\(context): \(r.status) \(r.text.prefix(120))")
                        }
                        #expect(!shown.text.contains("062090001234"), "\(context): no personal data in a refusal")
                        continue
                    }
                    #expect(shown.status == .ok && events.status == .ok && deliveries.status == .ok, "\(context)")
                    logged += 3
                    let applicant = shown["applicant"] as? [String: Any]
                    #expect(applicant?["idNumber"] as? String == "062090001234", "\(context): the applicant's own data")
                    if want == "submitted" {
                        #expect(shown["department"] == nil && shown["assignee"] == nil && shown["stepDueAt"] == nil,
                                "\(context): internal fields hidden: \(shown.text.prefix(300))")
                        let actor = events.array.first?["actor"] as? [String: Any]
                        #expect(actor?["name"] == nil && actor?["id"] == nil && actor?["role"] as? String == "portal",
                                "\(context): officers' names hidden in events")
                        #expect(events.array.allSatisfy { $0["note"] == nil })
                    } else {
                        #expect(shown.object.keys.contains("department") && shown.object.keys.contains("stepDueAt"), "\(context)")
                        #expect((events.array.first?["actor"] as? [String: Any])?["name"] is String, "\(context)")
                    }
                }
                // The list shows exactly the readable dossiers, each a read of personal data.
                let list = try await client.call(.get, "/api/v1/dossiers?limit=200", token: token)
                #expect(list.status == .ok)
                let listed = Set(((list["items"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String })
                let readable = Set(dossiers.filter { Self.expected(label, procedure: $0.procedure, online: $0.online) != "none" }.map(\.code))
                #expect(listed == readable, "\(label) lists \(listed.sorted()), may read \(readable.sorted())")
                logged += listed.count
                let inbox = try await client.call(.get, "/api/v1/inbox", token: token)
                let waiting = ((inbox["items"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
                #expect(Set(waiting).isSubset(of: readable), "\(label)'s inbox shows only what they may read")
                logged += waiting.count
                await #expect(try system.env.dossiers.accessLogCount() == logged, "\(label): one access-log row per personal-data read")
            }
            // The access log: the director and the admin read it; it names reader and view.
            let code = dossiers[0].code
            let byDirector = try await client.call(.get, "/api/v1/dossiers/\(code)/access-log", token: system.tokens["director"])
            #expect(byDirector.status == .ok)
            let rows = byDirector.array
            #expect(rows.contains { ($0["user"] as? [String: Any])?["id"] as? String == system.userIDs["headQLCN"] && $0["view"] as? String == "events" })
            #expect(!rows.contains { ($0["user"] as? [String: Any])?["id"] as? String == system.userIDs["headQLKH"] }, "refused reads are not reads")
            #expect(try await client.call(.get, "/api/v1/dossiers/\(code)/access-log", token: system.tokens["admin"]).status == .ok)
            #expect(try await client.call(.get, "/api/v1/dossiers/\(code)/access-log", token: system.tokens["desk"]).status == .forbidden)
            // The log is append-only in the database itself.
            await #expect(throws: (any Error).self) { try await system.store.tamperAccessLogForTests() }
        }
    }

    @Test("the desk may not log online submissions; only the portal's are online")
    func onlineIsThePortals() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            let body = submission().replacingOccurrences(of: "\"direct\"", with: "\"online\"")
            let r = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["desk"], json: body)
            #expect(r.status == .unprocessableContent && r.errorCode == "invalid_field")
            await #expect(try system.counts().dossiers == 0)
        }
    }
}
