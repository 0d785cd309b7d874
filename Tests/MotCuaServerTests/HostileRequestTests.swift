import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A corpus of malformed and hostile requests: none may produce a 5xx, every refusal has
/// the contract's error shape, and refused requests write nothing.
@Suite("API: malformed and hostile requests")
struct HostileRequestTests {
    struct Case {
        var method: HTTPRequest.Method = .post
        var uri: String
        var body: ByteBuffer?
        var headers: HTTPFields = [.contentType: "application/json"]
        var token: String? = "desk"
        /// Accepted statuses; nil = any 4xx.
        var expect: Set<Int>? = nil
    }

    static func bytes(_ s: String) -> ByteBuffer { ByteBuffer(string: s) }

    static func corpus(code: String, specialistQLKH: String) -> [Case] {
        var cases: [Case] = []
        let actions = "/api/v1/dossiers/\(code)/actions"
        let valid = submission()
        // 1. Not JSON, or not an object.
        let badJSON = ["", " ", "{", "}", "[", "nul", "{\"a\":}", "{\"procedureCode\": \"1.000173\",}", "'single'", "{procedureCode: 1}",
                       String(valid.dropLast(3)), "NaN", "Infinity", "// comment\n{}", "{\"a\":1}{\"b\":2}", "[]", "\"text\"", "123", "true",
                       "null", String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),
                       "{\"procedureCode\": \"\\uZZZZ\"}", "\u{FEFF}{\"procedureCode\": \"1.000173\"}", "{\"a\": 01}", "{\"a\": .5}"]
        for text in badJSON {
            cases.append(Case(uri: "/api/v1/dossiers", body: bytes(text)))
            cases.append(Case(uri: actions, body: bytes(text)))
        }
        // Requests that used to kill the process (an index out of range, `abs(Int.min)`).
        cases.append(Case(method: .get, uri: "/api/v1/workflows/@", body: nil, expect: [404]))
        cases.append(Case(uri: "/api/v1/dossiers", body: bytes(#"{"x": -9223372036854775808}"#), expect: [400]))
        cases.append(Case(uri: "/api/v1/dossiers", body: bytes(#"{"procedureCode": "1.000173", "applicant": {"name": "A"}, "documents": [{"name": "d", "copies": -9223372036854775808}]}"#), expect: [400]))
        for id in ["@1", "a@", "@@", "x@-1", "x@9223372036854775808", "%00", "..", "%F0%9F%99%82"] {
            cases.append(Case(method: .get, uri: "/api/v1/workflows/\(id)", body: nil, expect: [404]))
        }
        // 2. Wrong types and values, field by field.
        let fieldCases = [
            #""procedureCode": 1"#, #""procedureCode": true"#, #""procedureCode": []"#, #""procedureCode": {}"#, #""procedureCode": null"#,
            #""procedureCode": """#, #""procedureCode": " ""#, #""procedureCode": "9.999999""#, #""procedureCode": "../../etc/passwd""#,
            #""procedureCode": "1.000173' OR '1'='1""#, "\"procedureCode\": \"\(String(repeating: "1", count: 500))\"",
            #""procedureCode": 1e999"#, #""procedureCode": "1.000173", "channel": 1"#, #""procedureCode": "1.000173", "channel": "sms""#,
            #""procedureCode": "1.000173", "procedureCode": "1.000173""#,
        ]
        for fields in fieldCases {
            cases.append(Case(uri: "/api/v1/dossiers", body: bytes("{\(fields), \"applicant\": {\"name\": \"A\"}}")))
        }
        let applicantCases = [
            #""x""#, "[]", "1", "null", "{}", #"{"name": 1}"#, #"{"name": []}"#, #"{"name": {}}"#, #"{"name": ""}"#, #"{"name": "   "}"#,
            #"{"name": "A", "kind": "alien"}"#, #"{"name": "A", "kind": 1}"#, #"{"name": "A", "email": "not-an-email"}"#,
            #"{"name": "A", "email": 5}"#, #"{"name": "A", "extra": 1}"#, #"{"name": "A", "phone": ["0905"]}"#,
            "{\"name\": \"\(String(repeating: "Ă", count: 10_000))\"}", #"{"name": "A\u0000B"}"#, #"{"name": "A\u0007"}"#,
            "{\"name\": \"A\", \"address\": \"\(String(repeating: "x", count: 600))\"}",
        ]
        for applicant in applicantCases {
            cases.append(Case(uri: "/api/v1/dossiers", body: bytes("{\"procedureCode\": \"1.000173\", \"applicant\": \(applicant)}")))
        }
        let otherFields = [
            #""documents": "x""#, #""documents": {}"#, #""documents": [1]"#, #""documents": [{"name": 1}]"#, #""documents": [{"copies": 1}]"#,
            #""documents": [{"name": "a", "copies": "x"}]"#, #""documents": [{"name": "a", "copies": -1}]"#,
            #""documents": [{"name": "a", "copies": 1e30}]"#, #""documents": [{"name": "a", "copies": 99999999999999999999999}]"#,
            #""documents": [{"name": "a", "copies": 1.5}]"#, #""documents": [{"name": "a", "form": "scroll"}]"#,
            #""documents": [{"name": "a", "extra": true}]"#, #""summary": 1"#, #""summary": []"#,
            "\"summary\": \"\(String(repeating: "s", count: 100_000))\"",
            #""submittedAt": "yesterday""#, #""submittedAt": 2027"#, #""submittedAt": "2027-13-01T00:00:00+07:00""#,
            #""submittedAt": "2027-01-01T25:00:00+07:00""#, #""submittedAt": "2027-02-30T08:00:00+07:00""#,
            #""submittedAt": "2027-01-12T08:15:00""#, #""submittedAt": "2027-01-12T08:15:00+07:00""#, #""foo": 1"#, #""__proto__": {}"#,
            #""code": "000.00.01.H22-270301-0001""#, #""state": "returned""#, #""version": 99"#,
            "\"documents\": [" + Array(repeating: #"{"name": "d"}"#, count: 1000).joined(separator: ",") + "]",
        ]
        let base = #"{"procedureCode": "1.000173", "applicant": {"name": "Nguyễn Văn A"}"#
        for extra in otherFields {
            cases.append(Case(uri: "/api/v1/dossiers", body: bytes(base + ", \(extra)}")))
        }
        // 3. Size, encoding, content type.
        cases.append(Case(uri: "/api/v1/dossiers", body: ByteBuffer(repeating: UInt8(ascii: " "), count: 10 << 20), expect: [413]))
        cases.append(Case(uri: "/api/v1/dossiers", body: bytes(base + ", \"summary\": \"\(String(repeating: "x", count: 2 << 20))\"}"), expect: [413]))
        cases.append(Case(uri: actions, body: ByteBuffer(repeating: UInt8(ascii: "a"), count: (1 << 20) + 1), expect: [413]))
        for invalid: [UInt8] in [[0xFF, 0xFE], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80]] {
            var b = bytes("{\"procedureCode\": \"1.000173\", \"applicant\": {\"name\": \"")
            b.writeBytes(invalid)
            b.writeString("\"}}")
            cases.append(Case(uri: "/api/v1/dossiers", body: b, expect: [400]))
            cases.append(Case(uri: actions, body: b, expect: [400]))
        }
        for type in ["text/plain", "application/xml", "multipart/form-data; boundary=x", "application/jsonp", "application/x-www-form-urlencoded"] {
            cases.append(Case(uri: "/api/v1/dossiers", body: bytes(valid), headers: [.contentType: type], expect: [400]))
            cases.append(Case(uri: actions, body: bytes("{\"action\": \"forward\"}"), headers: [.contentType: type], expect: [400]))
        }
        cases.append(Case(uri: "/api/v1/dossiers", body: bytes(valid), headers: [:], expect: [400]))
        // 4. Actions.
        let actionBodies = [
            "{}", #"{"action": 1}"#, #"{"action": []}"#, #"{"action": null}"#, #"{"action": ""}"#, #"{"action": "approve_everything"}"#,
            "{\"action\": \"\(String(repeating: "a", count: 65))\"}", #"{"action": "forward", "note": 1}"#, #"{"action": "forward", "items": "x"}"#,
            #"{"action": "forward", "items": [1]}"#, "{\"action\": \"request_supplement\", \"reason\": \"r\", \"items\": [" +
                Array(repeating: "\"i\"", count: 101).joined(separator: ",") + "]}",
            #"{"action": "assign", "assignee": 1}"#, #"{"action": "assign", "assignee": "u-nobody"}"#,
            #"{"action": "reschedule", "reason": "r", "newDueAt": "tomorrow"}"#, #"{"action": "reschedule", "reason": "r", "newDueAt": 5}"#,
            #"{"action": "forward", "extra": true}"#, #"{"action": "forward", "version": 3}"#, #"{"action": "deliver"}"#,
            #"{"action": "request_supplement"}"#, #"{"action": "request_supplement", "reason": "r"}"#,
            #"{"action": "request_supplement", "reason": "   ", "items": ["i"]}"#, #"{"action": "withdraw"}"#,
            "{\"action\": \"forward\", \"note\": \"\(String(repeating: "n", count: 5000))\"}",
        ]
        for body in actionBodies { cases.append(Case(uri: actions, body: bytes(body))) }
        for ifMatch in ["abc", "-1", "99999999999999999999", "", "W/", "\"\"", "1, 2"] {
            cases.append(Case(uri: actions, body: bytes(#"{"action": "forward"}"#), headers: [.contentType: "application/json", .ifMatch: ifMatch]))
        }
        for key in [String(repeating: "k", count: 300), "has space", "khóa", ""] {
            cases.append(Case(uri: "/api/v1/dossiers", body: bytes(valid),
                              headers: [.contentType: "application/json", HTTPField.Name("Idempotency-Key")!: key], expect: [400]))
        }
        for bad in ["nope", "..%2F..%2Fetc%2Fpasswd", "%27%20OR%201%3D1%20--", String(repeating: "x", count: 300), "%00", "%FF"] {
            cases.append(Case(uri: "/api/v1/dossiers/\(bad)/actions", body: bytes(#"{"action": "forward"}"#)))
            cases.append(Case(method: .get, uri: "/api/v1/dossiers/\(bad)", body: nil))
            cases.append(Case(method: .get, uri: "/api/v1/dossiers/\(bad)/events", body: nil))
        }
        // 5. Queries, routes, methods, authorization headers.
        for query in ["limit=0", "limit=-1", "limit=1000", "limit=abc", "limit=1e3", "cursor=abc", "cursor=-5",
                      "cursor=99999999999999999999999", "overdue=maybe", "limit=" + String(repeating: "9", count: 300)] {
            cases.append(Case(method: .get, uri: "/api/v1/dossiers?\(query)", body: nil, expect: [400]))
            cases.append(Case(method: .get, uri: "/api/v1/inbox?\(query)", body: nil, expect: [400]))
        }
        cases.append(Case(method: .get, uri: "/api/v1/users?role=king", body: nil, expect: [400]))
        cases.append(Case(method: .get, uri: "/api/v1/outbox?status=lost", body: nil, token: "admin", expect: [400]))
        for (method, uri) in [(HTTPRequest.Method.get, "/api/v2/dossiers"), (.delete, "/api/v1/dossiers/\(code)"), (.put, "/api/v1/dossiers"),
                              (.patch, "/api/v1/dossiers/\(code)"), (.get, "/" + String(repeating: "a", count: 10_000)), (.get, "/api/v1/")] {
            cases.append(Case(method: method, uri: uri, body: nil, expect: [404, 405]))
        }
        for auth in ["Bearer", "Basic YTpi", "bearer    ", "Bearer " + String(repeating: "t", count: 10_000), "Bearer mct_' OR '1'='1", "Token x"] {
            cases.append(Case(method: .get, uri: "/api/v1/me", body: nil, headers: [.authorization: auth], token: nil, expect: [401]))
            cases.append(Case(uri: "/api/v1/dossiers", body: bytes(valid), headers: [.contentType: "application/json", .authorization: auth],
                              token: nil, expect: [401]))
        }
        return cases
    }

    @Test("at least 200 hostile requests: no 5xx, the contract's error shape, no partial write")
    func corpus() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            let created = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["desk"], json: submission())
            let code = created["code"] as! String
            let before = try await system.counts()
            let cases = Self.corpus(code: code, specialistQLKH: system.userIDs["specialistQLKH"]!)
            #expect(cases.count >= 200)
            for (i, c) in cases.enumerated() {
                var headers = c.headers
                if let token = c.token { headers[.authorization] = "Bearer \(system.tokens[token]!)" }
                let reply = try await client.execute(uri: c.uri, method: c.method, headers: headers, body: c.body) { r in
                    Reply(status: r.status, text: String(buffer: r.body), headers: r.headers)
                }
                let label = "case \(i): \(c.method) \(c.uri.prefix(80)) \(c.body.map { String(buffer: $0).prefix(80) } ?? "")"
                #expect(reply.status.code < 500, "\(label) → \(reply.status) \(reply.text.prefix(200))")
                #expect((400..<500).contains(reply.status.code), "\(label) → \(reply.status) \(reply.text.prefix(200))")
                if let expect = c.expect { #expect(expect.contains(reply.status.code), "\(label) → \(reply.status) \(reply.text.prefix(200))") }
                let error = reply.object["error"] as? [String: Any]
                #expect(error?["code"] is String && error?["message"] is String && error?["details"] is [String: Any],
                        "\(label): error shape \(reply.text.prefix(200))")
            }
            let after = try await system.counts()
            #expect(after.dossiers == before.dossiers && after.events == before.events, "refused requests wrote something")
            let health = try await client.call(.get, "/healthz", token: nil)
            #expect(health.status == .ok, "still answering after the corpus")
        }
    }

    @Test("an officer named for a step must be able to work on it")
    func assigneeMustFitTheStep() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            let code = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["desk"], json: submission())["code"] as! String
            _ = try await system.act(client, code, "forward", as: "desk")
            let wrong = try await system.act(client, code, "forward", as: "headQLCN", ", \"assignee\": \"\(system.userIDs["specialistQLKH"]!)\"")
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.errorCode == "invalid_field")
            let missing = try await system.act(client, code, "forward", as: "headQLCN")
            #expect(missing.errorCode == "missing_field")
            let right = try await system.act(client, code, "forward", as: "headQLCN", ", \"assignee\": \"\(system.userIDs["specialistQLCN"]!)\"")
            #expect(right.status == .ok)
            #expect((right["assignee"] as? [String: Any])?["id"] as? String == system.userIDs["specialistQLCN"])
        }
    }

    @Test("SQL- and script-looking text is data: stored and returned verbatim")
    func hostileButValidStrings() async throws {
        let system = try await TestSystem()
        defer { system.cleanUp() }
        try await system.application.test(.router) { client in
            let strings = ["'; DROP TABLE dossiers; --", "<script>alert(1)</script>", "Robert'); DELETE FROM events;--", "1 OR 1=1",
                           "${jndi:ldap://x}", "{{7*7}}", "Nguyễn Văn \\\"Ảo\\\"", "🙂 Trần"]
            for s in strings {
                let r = try await client.call(.post, "/api/v1/dossiers", token: system.tokens["desk"], json: submission(name: s))
                #expect(r.status == .created, "\(s): \(r.text)")
                let code = r["code"] as! String
                let shown = try await client.call(.get, "/api/v1/dossiers/\(code)", token: system.tokens["desk"])
                let expected = s.replacingOccurrences(of: "\\\"", with: "\"")
                #expect((shown["applicant"] as? [String: Any])?["name"] as? String == expected)
                #expect(!shown.text.contains("<script>"), "HTML is escaped in JSON output")
            }
            await #expect(try system.counts().dossiers == strings.count)
            await #expect(try system.env.dossiers.verifyAudit().broken == nil)
        }
    }
}
