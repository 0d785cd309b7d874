import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Every action of the standard lifecycle × every role over HTTP: 2xx only for the owner
/// (role and department, per the contract's action table), 403 for everyone else who may
/// read the dossier, 404 for those who may not (other departments, the portal on a desk
/// dossier, the admin: no existence leak), 401 without a token.
@Suite("API: authorization matrix")
struct APIAuthorizationTests {
    static let owner: [String: String] = [
        "submitted": "desk", "received": "desk", "assignment": "headQLCN", "appraisal": "specialistQLCN", "review": "headQLCN",
        "approval": "director", "issuance": "clerkVP", "supplement_requested": "desk", "payment_requested": "desk", "result_ready": "desk",
    ]

    static func allowed(_ action: String, in state: String) -> Set<String> {
        switch action {
        case "accept", "reject", "deliver", "confirm_payment": ["desk"]
        case "submit_supplement", "withdraw": ["desk", "portal"]
        case "reschedule": ["headQLCN", "director"]
        default: [owner[state]!]
        }
    }

    static func actions(in state: String) -> [String] {
        let steps = ["assignment", "appraisal", "review", "approval", "issuance"]
        switch state {
        case "submitted": return ["accept", "reject", "withdraw"]
        case "received": return ["forward", "request_supplement", "stop", "reschedule", "assign", "withdraw"]
        case "supplement_requested": return ["submit_supplement", "reschedule", "withdraw"]
        case "payment_requested": return ["confirm_payment", "reschedule", "withdraw"]
        case "result_ready": return ["deliver", "withdraw"]
        case let s where steps.contains(s):
            return ["forward", "send_back", "request_supplement", "request_payment", "stop", "reschedule", "assign", "withdraw"]
        default: return []
        }
    }

    static let fields = #", "note": "n", "reason": "Lý do", "items": ["Giấy tờ"], "newDueAt": "2027-12-31T08:00:00+07:00""#

    /// A new dossier brought to `state` over the API.
    static func dossier(in state: String, online wanted: Bool = false, _ system: TestSystem,
                        _ client: some TestClientProtocol) async throws -> String {
        let online = wanted || state == "submitted"
        let body = online ? submission().replacingOccurrences(of: "\"direct\"", with: "\"online\"") : submission()
        let created = try await client.call(.post, "/api/v1/dossiers", token: system.tokens[online ? "portal" : "desk"], json: body)
        let code = created["code"] as! String
        if online && state != "submitted" { _ = try await system.act(client, code, "accept", as: "desk") }
        let specialist = ", \"assignee\": \"\(system.userIDs["specialistQLCN"]!)\""
        let path: [(String, String, String)] = [("forward", "desk", ""), ("forward", "headQLCN", specialist), ("forward", "specialistQLCN", ""),
                                                ("forward", "headQLCN", ""), ("forward", "director", ""), ("forward", "clerkVP", "")]
        let order = ["received", "assignment", "appraisal", "review", "approval", "issuance", "result_ready"]
        switch state {
        case "submitted", "received": break
        case "supplement_requested":
            _ = try await system.act(client, code, "request_supplement", as: "desk", fields)
        case "payment_requested":
            _ = try await system.act(client, code, "forward", as: "desk")
            _ = try await system.act(client, code, "request_payment", as: "headQLCN", fields)
        default:
            for (action, who, extra) in path.prefix(order.firstIndex(of: state)!) {
                let r = try await system.act(client, code, action, as: who, extra)
                #expect(r.status == .ok, "setting up \(state): \(r.text)")
            }
        }
        return code
    }

    /// Who may not read a desk-logged dossier of procedure 1.000173 (handled by QLCN).
    static let blind: Set<String> = ["portal", "admin", "headQLKH", "specialistQLKH"]

    @Test("2xx only for the owner, 403 for other readers, 404 for those who may not read it", arguments: Array(owner.keys).sorted())
    func matrix(state: String) async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            var shared = try await Self.dossier(in: state, system, client)
            let assignee = ", \"assignee\": \"\(system.userIDs["specialistQLCN"]!)\""
            for action in Self.actions(in: state) {
                let allowed = Self.allowed(action, in: state)
                for (label, _, _) in TestSystem.cast {
                    let code = allowed.contains(label) ? try await Self.dossier(in: state, online: label == "portal", system, client) : shared
                    let reply = try await system.act(client, code, action, as: label, Self.fields + assignee)
                    // The shared dossier is the desk's (direct) except in `submitted`, where it is the portal's.
                    let mayRead = !(state == "submitted" ? ["admin", "headQLKH", "specialistQLKH"] : Self.blind).contains(label)
                    if allowed.contains(label) {
                        #expect(reply.status == .ok, "\(label) \(action) in \(state): \(reply.text)")
                    } else if !mayRead {
                        #expect(reply.status == .notFound, "\(label) \(action) in \(state): \(reply.status) \(reply.text)")
                        #expect(reply.errorCode == "not_found")
                    } else {
                        #expect(reply.status == .forbidden, "\(label) \(action) in \(state): \(reply.status) \(reply.text)")
                        #expect(reply.errorCode == "forbidden")
                    }
                }
                let anonymous = try await client.call(.post, "/api/v1/dossiers/\(shared)/actions", token: nil, json: "{\"action\": \"\(action)\"}")
                #expect(anonymous.status == .unauthorized)
                let wrongToken = try await client.call(.post, "/api/v1/dossiers/\(shared)/actions", token: "mct_0000", json: "{\"action\": \"\(action)\"}")
                #expect(wrongToken.status == .unauthorized)
            }
            let after = try await client.call(.get, "/api/v1/dossiers/\(shared)", token: system.tokens["desk"])
            #expect(after["state"] as? String == state, "refused actions must not change the dossier")
            shared = ""
        }
    }

    @Test("every /api/v1 endpoint answers 401 without a token")
    func unauthenticated() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            let endpoints: [(HTTPRequest.Method, String)] = [
                (.get, "/api/v1/me"), (.get, "/api/v1/users"), (.get, "/api/v1/procedures"), (.get, "/api/v1/workflows/x"),
                (.post, "/api/v1/dossiers"), (.get, "/api/v1/dossiers"), (.get, "/api/v1/dossiers/x"), (.get, "/api/v1/inbox"),
                (.post, "/api/v1/dossiers/x/actions"), (.get, "/api/v1/dossiers/x/events"), (.get, "/api/v1/dossiers/x/deliveries"),
                (.get, "/api/v1/outbox"), (.post, "/api/v1/outbox/x/retry"),
            ]
            for (method, uri) in endpoints {
                let reply = try await client.call(method, uri, token: nil, json: method == .post ? "{}" : nil)
                #expect(reply.status == .unauthorized, "\(method) \(uri)")
                #expect(reply.errorCode == "unauthorized")
            }
            let health = try await client.call(.get, "/healthz", token: nil)
            #expect(health.text == #"{"status":"ok"}"#)
            let outbox = try await client.call(.get, "/api/v1/outbox", token: system.tokens["director"])
            #expect(outbox.status == .forbidden)
            let adminOutbox = try await client.call(.get, "/api/v1/outbox?status=dead", token: system.tokens["admin"])
            #expect(adminOutbox.status == .ok)
            let logByClerk = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["clerkVP"], json: submission())
            #expect(logByClerk.status == .forbidden)
        }
    }
}
